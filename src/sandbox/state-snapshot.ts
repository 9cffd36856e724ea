import { STATE_FORMAT, STATE_VERSION, type SavedState } from './state-schema.js'
import type { SandboxState } from './state.js'
import type { ScheduledStatus } from './status-plan.js'

/**
 * Turns the in-memory state into the state file's content and back. Kept: templates with their
 * review history and pending reviews, configured users (wa_ids, BSUIDs), 24-hour windows, the most
 * recent accepted messages, counters, the id sequences, status webhooks not yet due and webhook
 * bodies not yet acknowledged. Not kept: options (faults, review policy, webhook URL, throughput
 * come from the start configuration each time) and the rate limiters, which refill within seconds.
 */

/**
 * How many accepted messages the file keeps, newest last: enough for a button reply to find the
 * message it answers and for a look at recent traffic. Their statuses do not need them (scheduled
 * statuses carry their own data). Kept small because the whole file is rewritten on every write:
 * 1,000 messages are about 0.4 MB, a few milliseconds a second under full load, where 10,000 took
 * some 50 ms of every second and cost a busy sandbox a visible share of its throughput. Memory
 * keeps them all until reset.
 */
export const MAX_SAVED_MESSAGES = 1_000

/**
 * Template ids a restart skips after a crash: templates created after the last write are lost,
 * and their ids, which Parley may have recorded, must not name another template later. Far more
 * than can be created between two writes.
 */
const TEMPLATE_IDS_SKIPPED_AFTER_CRASH = 1000

/**
 * What a restarted sandbox continues from, dated with the sandbox's `now`. `complete` (at close)
 * adds the work in flight: statuses not yet posted and webhooks not yet acknowledged.
 */
export function saveState(state: SandboxState, complete: boolean): SavedState {
  const now = state.now()
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    savedAt: now,
    complete,
    ids: state.ids.save(),
    templates: state.templates.save(now),
    users: state.users.configured(),
    windows: state.windows.save(),
    messages: state.log.slice(-MAX_SAVED_MESSAGES),
    counters: structuredClone(state.counters),
    statuses: complete ? state.statuses.entries().map(({ remainingMs, item }) => ({ dueAt: now + remainingMs, status: item })) : [],
    webhooks: complete ? state.delivery.unsettled() : [],
  }
}

/**
 * Continues from a saved state: status webhooks go out at their due time (at once if it passed
 * while the sandbox was down), unacknowledged webhook bodies are delivered again (once a webhook
 * URL is set), pending template reviews end as `TemplateStore.restore` says.
 */
export function restoreState(state: SandboxState, saved: SavedState): void {
  const now = state.now()
  state.ids.restore(saved.ids)
  const templates = saved.complete ? saved.templates : { ...saved.templates, seq: saved.templates.seq + TEMPLATE_IDS_SKIPPED_AFTER_CRASH }
  state.templates.restore(templates, now)
  state.users.restore(saved.users)
  state.windows.restore(saved.windows)
  state.log = saved.messages
  state.counters = saved.counters
  // The emitter batches per number by object identity: point restored statuses at the live metadata.
  const live = (s: ScheduledStatus) => state.numbers.get(s.number ?? s.metadata.phone_number_id)?.metadata ?? Object.freeze({ ...s.metadata })
  for (const { dueAt, status } of saved.statuses) state.statuses.push(Math.max(0, dueAt - now), { ...status, metadata: live(status) })
  for (const w of saved.webhooks) state.delivery.send(w.kind, w.body, 1, w.since ?? now)
}
