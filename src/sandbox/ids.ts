import { randomBytes } from 'node:crypto'

/** What a restarted sandbox keeps of its ids: the counter (the prefix is new at every start). */
export interface IdSourceState {
  counter: number
}

/**
 * Message ids shaped like Meta's: `wamid.` + base64 of a small binary record holding the user's
 * number and an 18-hex-digit id (docs/platform.md §1.7; real ids decode to the same layout). Callers must
 * treat them as opaque, but a realistic shape catches adapters that assume a length or alphabet.
 * Uniqueness: a per-start random prefix plus a counter, so no per-message randomness is needed.
 */
export class IdSource {
  readonly #prefix = randomBytes(4).toString('hex').toUpperCase()
  #counter = 0
  readonly #traceSeed = randomBytes(6).toString('base64url')

  /** The counter, for the state file. */
  save(): IdSourceState {
    return { counter: this.#counter }
  }

  /**
   * Continues a saved counter. The prefix stays this start's own: a state written up to a second
   * before a crash may hold an older counter than the ids already handed out, and a new prefix
   * keeps those from ever being handed out again.
   */
  restore(saved: IdSourceState): void {
    this.#counter = saved.counter
  }

  /** A new wamid for a message to (`outbound`) or from a user identified by `who` (digits or a BSUID). */
  wamid(who: string, direction: 'outbound' | 'inbound'): string {
    const hex = this.#prefix + (this.#counter++).toString(16).toUpperCase().padStart(10, '0')
    const whoBytes = Buffer.from(who.slice(0, 64), 'latin1')
    const head = Buffer.from([0x1c, 0x18, whoBytes.length])
    const tail = Buffer.from([0x15, 0x02, 0x00, direction === 'outbound' ? 0x11 : 0x12, 0x18, hex.length])
    return 'wamid.' + Buffer.concat([head, whoBytes, tail, Buffer.from(hex, 'latin1'), Buffer.from([0])]).toString('base64')
  }

  /** A 32-hex-digit conversation id, as statuses carried them up to v23. */
  conversationId(): string {
    return (this.#prefix + (this.#counter++).toString(16)).toLowerCase().padStart(32, '0')
  }

  /** Graph's per-request trace id, echoed in every error envelope. */
  fbtraceId(): string {
    return 'A' + this.#traceSeed + (this.#counter++).toString(36)
  }
}

/** A numeric challenge like the ones Meta sends in the verification handshake (§2.1). */
export function newChallenge(): string {
  return String(randomBytes(4).readUInt32BE(0) + 1_000_000_000)
}
