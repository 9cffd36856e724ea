/**
 * What the Gupshup flavour remembers of each message it sent: Gupshup's id (`gsId`) for the core's
 * wamid, the destination as written, and for quick-reply and list messages their `msgid` and
 * options, so that a user's reply can be written the way Gupshup writes it (docs/platform.md §7.1).
 * Bounded: the oldest are forgotten first, and their late events carry no `gsId`, as Gupshup's own
 * events more than a week late do not.
 */

export interface ReplyOption {
  /** The reply id the core knows the option by (its `postbackText`, else its title). */
  id: string
  title: string
  postbackText?: string
  description?: string
}

export interface SentMessage {
  gsId: string
  wamid: string
  destination: string
  /** Gupshup's `enqueued` payload says whether it went as a session or a template message. */
  kind: 'session' | 'template'
  replies?: { msgid: string; options: ReplyOption[] }
}

const KEPT = 100_000

export class SentMessages {
  readonly #byWamid = new Map<string, SentMessage>()

  add(m: SentMessage): void {
    this.#byWamid.set(m.wamid, m)
    if (this.#byWamid.size > KEPT) this.#byWamid.delete(this.#byWamid.keys().next().value!)
  }

  get(wamid: string): SentMessage | undefined {
    return this.#byWamid.get(wamid)
  }

  clear(): void {
    this.#byWamid.clear()
  }
}
