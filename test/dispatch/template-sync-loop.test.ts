import { expect, it } from 'vitest'
import { createTemplateSyncLoop, type Timers } from '../../src/dispatch/template-sync-loop.js'
import type { SyncResult } from '../../src/core/templates/sync-templates.js'

const FAILED: SyncResult = { kind: 'failed', error: { code: 'no_answer', title: 'No answer from Meta' } }
const SYNCED: SyncResult = { kind: 'synced', summary: { created: 0, updated: 0, unchanged: 0, deleted: 0, resubmitted: 0, notResubmitted: 0 } }

/** Timers that fire only when told: the one pending callback and its delay. */
function manualTimers(): Timers & { pending(): number | null; fire(): void } {
  let next: { callback: () => void; ms: number } | null = null
  return {
    setTimeout: (callback, ms) => (next = { callback, ms }),
    clearTimeout: (handle) => void (next === handle && (next = null)),
    pending: () => next?.ms ?? null,
    fire() {
      const due = next!
      next = null
      due.callback()
    },
  }
}

it('retries a failed sync with doubling, jittered delays capped at the interval, then returns to the interval', async () => {
  const answers = [FAILED, FAILED, FAILED, FAILED, FAILED, SYNCED, FAILED]
  const timers = manualTimers()
  const failures: Array<{ attempt: number; retryInMs: number | null }> = []
  const loop = createTemplateSyncLoop({
    sync: async () => answers.shift()!,
    intervalMs: 10_000,
    firstRetryMs: 1000,
    // Equal jitter: half the delay fixed, half random; 0.5 puts it at three quarters.
    random: () => 0.5,
    timers,
    onFailure: ({ attempt, retryInMs }) => failures.push({ attempt, retryInMs }),
  })
  loop.start()
  expect(timers.pending()).toBe(10_000)

  expect((await loop.syncNow()).kind).toBe('failed')
  const delays = [timers.pending()]
  for (let i = 0; i < 4; i++) {
    timers.fire()
    await recordNextDelay(timers, delays)
  }
  // 1 s, 2 s, 4 s, 8 s, then the interval (10 s) caps it; each at 3/4 with this jitter.
  expect(delays).toEqual([750, 1500, 3000, 6000, 7500])
  expect(failures.map((f) => f.attempt)).toEqual([1, 2, 3, 4, 5])

  timers.fire()
  await recordNextDelay(timers, delays)
  expect(delays.at(-1)).toBe(10_000)
  // After a success the count starts again: the next failure retries after the first delay.
  timers.fire()
  await recordNextDelay(timers, delays)
  expect(delays.at(-1)).toBe(750)
  loop.stop()
  expect(timers.pending()).toBeNull()
})

it('schedules nothing until started, so a command that syncs once leaves no timer behind', async () => {
  const timers = manualTimers()
  const loop = createTemplateSyncLoop({ sync: async () => FAILED, intervalMs: 10_000, firstRetryMs: 1000, random: () => 0, timers, onFailure: () => undefined })
  expect((await loop.syncNow()).kind).toBe('failed')
  expect(timers.pending()).toBeNull()
})

/** Lets the fired sync settle, then records the delay it scheduled. */
async function recordNextDelay(timers: { pending(): number | null }, delays: Array<number | null>): Promise<void> {
  for (let i = 0; i < 20 && timers.pending() === null; i++) await Promise.resolve()
  delays.push(timers.pending())
}
