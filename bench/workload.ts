/**
 * What the benchmark sends: template messages (no 24-hour window needed) to distinct German mobile
 * numbers. Every message has a recipient of its own, so neither Parley's one-in-flight-per-contact
 * rule nor the sandbox's per-user pair limit (131056) holds anything back: the figures are about
 * throughput, not about those (deliberate) rules.
 */

export const TEMPLATE = { name: 'hello_world', language: 'en_US' } as const

let recipients = 0

/** A new recipient: +49151 and 8 digits ending in 1 (the sandbox treats …0000 as "not on WhatsApp"). */
export function nextRecipient(): string {
  const k = recipients++
  if (k >= 10_000_000) throw new Error('out of benchmark recipients')
  return `+49151${String(k).padStart(7, '0')}1`
}

/**
 * `count` messages as POST /v1/messages/batch bodies of `batchSize`, serialised up front (the
 * client's JSON work stays out of the timed part). `from` cycles through `senders` message by
 * message, so every batch feeds every sender.
 */
export function batchBodies(count: number, batchSize: number, senders: readonly string[]): string[] {
  const bodies: string[] = []
  let i = 0
  while (i < count) {
    const size = Math.min(batchSize, count - i)
    const messages = Array.from({ length: size }, (_, j) => ({ to: nextRecipient(), template: TEMPLATE, from: senders[(i + j) % senders.length]! }))
    bodies.push(JSON.stringify({ messages }))
    i += size
  }
  return bodies
}

/** The ids a batch answer gave, in order; throws if any item was refused (the benchmark sends only valid messages). */
export function acceptedIds(body: string, status: number): string[] {
  if (status !== 202) throw new Error(`batch answered HTTP ${status}: ${body.slice(0, 500)}`)
  const parsed = JSON.parse(body) as { accepted: number; results: Array<{ id?: string; error?: unknown }> }
  const refused = parsed.results.find((r) => !r.id)
  if (refused) throw new Error(`a batch item was refused: ${JSON.stringify(refused)}`)
  return parsed.results.map((r) => r.id!)
}
