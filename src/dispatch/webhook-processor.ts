import type { ApplyResult, StoredReceipt, WebhookInbox } from '../core/messages/ports.js'
import type { Clock } from '../core/ports.js'
import type { InboundEvent, StatusEvent, WebhookReceiver } from '../core/providers/provider.js'
import type { TemplateEvent } from '../core/providers/templates.js'
import type { ProviderEventBatch, ProviderEventsApplied } from '../core/provider-events/apply-provider-events.js'
import type { SenderRef } from '../core/messages/sender.js'

export interface WebhookProcessorDeps {
  inbox: WebhookInbox
  /** The receiver that parses each account's bodies, by the key its receipts are stored under (`<provider>/<account>`, or `<provider>`). */
  receivers: ReadonlyMap<string, WebhookReceiver>
  /** The sender an inbound message is filed under, from the receipt's key and the business number that received it. */
  senderFor(receiverKey: string, businessNumberId: string | undefined): SenderRef
  /** The use case that applies a parsed batch (`applyProviderEvents` with its dependencies). */
  apply(batch: ProviderEventBatch, now: number): Promise<ProviderEventsApplied>
  clock: Clock
  /** This process, as the holder of the receipts it leases. */
  owner: string
  /** How long a leased receipt is this process's before another may take it over (default 60 s). */
  leaseMs?: number
  batchSize?: number
  /** How long a notification waits for more receipts before a drain starts, so they share transactions. */
  coalesceMs?: number
  /** Attempts before a receipt that keeps failing is set aside (state `failed`), so it cannot block the rest. */
  maxAttempts?: number
  observer?: { eventsApplied(kind: 'status' | 'inbound' | 'template', results: ApplyResult[]): void }
  onError(error: unknown): void
}

export interface WebhookProcessor {
  /** Processes every pending receipt now (also those a crash left behind); resolves when done. */
  drain(): Promise<number>
  /** Asks for a drain soon, coalescing many requests into one. */
  notify(): void
  /** Waits for the drain in progress, if any. */
  idle(): Promise<void>
}

/**
 * Applies stored webhook receipts in batches: many receipts share one transaction, which is what
 * keeps up with several status webhooks per message sent. Receipts are read back from the store,
 * so the normal path and crash recovery are the same path. A batch that fails is retried one
 * receipt at a time, so one bad receipt costs only itself.
 */
export function createWebhookProcessor(deps: WebhookProcessorDeps): WebhookProcessor {
  // Large: under a backlog a batch then holds a message's sent, delivered and read together, which
  // the ledger writes to its row as one move.
  const batchSize = deps.batchSize ?? 1000
  const maxAttempts = deps.maxAttempts ?? 5
  const coalesceMs = deps.coalesceMs ?? 5
  const leaseMs = deps.leaseMs ?? 60_000
  let running: Promise<number> | null = null
  let again = false
  let scheduled: NodeJS.Timeout | null = null

  /** Parses and applies receipts together; resolves with the ids it applied. */
  async function apply(receipts: StoredReceipt[]): Promise<number[]> {
    const statuses: StatusEvent[] = []
    const templateEvents: TemplateEvent[] = []
    // Grouped by sender: each group is recorded under its own sender.
    const inbound = new Map<string, { sender: SenderRef; events: InboundEvent[] }>()
    const applied: number[] = []
    const now = deps.clock.now()
    for (const receipt of receipts) {
      const receiver = deps.receivers.get(receipt.provider)
      const result = receiver ? receiver.parse(receipt.body) : { ok: false as const, reason: `no receiver for provider ${receipt.provider}` }
      if (!result.ok) {
        await deps.inbox.markFailed(receipt.id, result.reason, now)
        continue
      }
      applied.push(receipt.id)
      for (const event of result.events) {
        if (event.kind === 'status') statuses.push(event)
        else if (event.kind === 'template_status' || event.kind === 'template_category' || event.kind === 'template_quality') templateEvents.push(event)
        else if (event.kind === 'inbound') {
          // A receipt is filed under `<provider>/<account>` (or `<provider>`): the sender is one of that account's.
          const sender = deps.senderFor(receipt.provider, event.businessNumberId)
          const group = inbound.get(sender.id) ?? { sender, events: [] }
          group.events.push(event)
          inbound.set(sender.id, group)
        }
      }
    }
    const results = await deps.apply({ statuses, inbound: [...inbound.values()], templates: templateEvents }, now)
    if (deps.observer) for (const kind of ['inbound', 'status', 'template'] as const) if (results[kind].length > 0) deps.observer.eventsApplied(kind, results[kind])
    await deps.inbox.markProcessed(applied, now)
    return applied
  }

  async function drainOnce(): Promise<number> {
    let total = 0
    for (;;) {
      const receipts = await deps.inbox.claim(batchSize, deps.clock.now(), leaseMs, deps.owner)
      if (receipts.length === 0) return total
      try {
        await apply(receipts)
      } catch (batchError) {
        if (receipts.length === 1) {
          deps.onError(batchError)
          await deps.inbox.recordAttemptFailure(receipts[0]!.id, String(batchError), maxAttempts, deps.clock.now())
        } else {
          for (const receipt of receipts) {
            try {
              await apply([receipt])
            } catch (error) {
              deps.onError(error)
              await deps.inbox.recordAttemptFailure(receipt.id, String(error), maxAttempts, deps.clock.now())
            }
          }
        }
        // A store that is down fails every receipt: stop here and let the next drain try again.
        return total
      }
      total += receipts.length
    }
  }

  function drain(): Promise<number> {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      let total = 0
      do {
        again = false
        total += await drainOnce()
      } while (again)
      return total
    })().finally(() => {
      running = null
    })
    return running
  }

  return {
    drain,
    notify() {
      if (running) {
        again = true
        return
      }
      if (scheduled) return
      scheduled = setTimeout(() => {
        scheduled = null
        drain().catch(deps.onError)
      }, coalesceMs)
    },
    async idle() {
      if (scheduled) {
        clearTimeout(scheduled)
        scheduled = null
        await drain().catch(deps.onError)
      }
      while (running) await running.catch(() => undefined)
    },
  }
}
