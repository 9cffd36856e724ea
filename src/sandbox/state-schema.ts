import { z } from 'zod'
import type { IdSourceState } from './ids.js'
import type { AcceptedMessage } from './state.js'
import type { ScheduledStatus } from './status-plan.js'
import type { Counters } from './stats.js'
import { CATEGORIES, REJECTION_REASONS } from './template-model.js'
import type { SavedTemplates } from './template-store.js'
import type { SimulatedUser } from './users.js'
import type { DeliveryKind } from './webhook-delivery.js'
import type { SavedWindow } from './windows.js'

/**
 * The state file's format (see `state-file.ts`): everything a restarted sandbox continues from.
 * Checked on load to the depth the restore relies on, so that a damaged or foreign file is
 * refused with a reason instead of producing a sandbox that fails later in odd places. Nested
 * payloads the sandbox only passes on (template components, message content) are kept as they are.
 */

export const STATE_FORMAT = 'parley-sandbox-state'
export const STATE_VERSION = 1

export interface SavedState {
  format: typeof STATE_FORMAT
  version: typeof STATE_VERSION
  /** Unix ms (sandbox clock) when the state was written. */
  savedAt: number
  /**
   * Written at close, with the work in flight (`statuses`, `webhooks`). The batched writes while
   * running leave those out (they would make every write as large as the backlog), so a state
   * that is not complete is what a crash left.
   */
  complete: boolean
  ids: IdSourceState
  templates: SavedTemplates
  users: SimulatedUser[]
  windows: SavedWindow[]
  /** The most recent accepted messages (see `MAX_SAVED_MESSAGES`). */
  messages: AcceptedMessage[]
  counters: Counters
  /** Status webhooks not yet due, with the sandbox time they are due at (only when `complete`). */
  statuses: Array<{ dueAt: number; status: ScheduledStatus }>
  /** Webhook bodies not yet acknowledged by the receiver, with when they were first sent (only when `complete`; older files lack `since`). */
  webhooks: Array<{ kind: DeliveryKind; body: string; since?: number }>
}

const time = z.number().finite()
const digits = z.string().regex(/^\d+$/)
const counts = z.record(z.string(), z.number())
const status = z.enum(['PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'])
const category = z.enum(CATEGORIES)
const reason = z.enum(REJECTION_REASONS)

const template = z.looseObject({
  id: digits,
  name: z.string().min(1),
  language: z.string().min(1),
  category,
  parameterFormat: z.enum(['POSITIONAL', 'NAMED']),
  components: z.array(z.looseObject({ type: z.enum(['HEADER', 'BODY', 'FOOTER', 'BUTTONS']) })),
  origin: z.enum(['own', 'sample']),
  status,
  rejectedReason: reason,
  previousCategory: category.nullable(),
  quality: z.object({ score: z.enum(['GREEN', 'YELLOW', 'RED', 'UNKNOWN']), at: time }),
  createdAt: time,
  pauses: z.number().int().min(0),
  approvedEdits: z.array(time),
  verdict: z
    .union([
      z.object({ kind: z.literal('approve'), category, from: category.optional() }),
      z.object({ kind: z.literal('reject'), reason, finding: z.string() }),
    ])
    .nullable(),
  reviewToken: z.number().int().min(0),
  history: z.array(z.object({ at: time, status, category, reason: reason.nullable(), event: z.string() })),
})

const user = z.object({
  phone: digits,
  waId: digits,
  onWhatsApp: z.boolean(),
  readReceipts: z.boolean(),
  profileName: z.string(),
  userId: z.string().nullable(),
})

const message = z.looseObject({
  wamid: z.string().min(1),
  phoneNumberId: z.string(),
  to: z.string(),
  waId: z.string().nullable(),
  type: z.string(),
  acceptedAt: time,
  failsWith: z.number().nullable(),
})

const scheduled = z.looseObject({
  message: z.looseObject({ wamid: z.string().min(1), recipientId: z.string().nullable(), recipientUserId: z.string().nullable() }),
  metadata: z.object({ display_phone_number: z.string(), phone_number_id: z.string() }),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  atMs: time,
  charged: z.boolean(),
})

const savedState = z.object({
  format: z.literal(STATE_FORMAT),
  version: z.literal(STATE_VERSION),
  savedAt: time,
  complete: z.boolean(),
  ids: z.object({ counter: z.number().int().min(0) }),
  templates: z.object({
    idBase: z.number().int().positive(),
    seq: z.number().int().min(0),
    templates: z.array(template),
    deleted: z.array(z.object({ name: z.string(), language: z.string(), at: time })),
    reviewsDueAt: z.record(z.string(), time),
  }),
  users: z.array(user),
  windows: z.array(z.object({ phoneNumberId: z.string(), waId: z.string(), lastInboundAt: time })),
  messages: z.array(message),
  counters: z.object({
    requests: z.number(),
    accepted: z.number(),
    rejected: counts,
    failed: counts,
    readReceipts: z.number(),
    inbound: z.number(),
    faults: z.object({ serverErrors: z.number(), droppedBefore: z.number(), droppedAfter: z.number() }),
  }),
  statuses: z.array(z.object({ dueAt: time, status: scheduled })),
  webhooks: z.array(z.object({ kind: z.enum(['messages', 'statuses', 'templates']), body: z.string(), since: time.optional() })),
})

/** The saved state in `json`, or why it is not one (the first problem, with its path). */
export function parseSavedState(json: unknown): { ok: true; state: SavedState } | { ok: false; why: string } {
  if (typeof json === 'object' && json !== null && (json as { format?: unknown }).format === STATE_FORMAT) {
    const version = (json as { version?: unknown }).version
    if (version !== STATE_VERSION) return { ok: false, why: `format version ${String(version)}, this sandbox reads version ${STATE_VERSION}` }
  }
  const parsed = savedState.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return { ok: false, why: `${issue.path.join('.') || 'the top level'}: ${issue.message}` }
  }
  // The schema checks what the restore reads; the remaining fields are the sandbox's own, written by it.
  return { ok: true, state: parsed.data as unknown as SavedState }
}
