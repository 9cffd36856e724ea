import { randomBytes } from 'node:crypto'

/**
 * Message ids shaped like Meta's: `wamid.` + base64 of a small binary record holding the user's
 * number and an 18-hex-digit id (platform doc §1.7; real ids decode to the same layout). Callers must
 * treat them as opaque, but a realistic shape catches adapters that assume a length or alphabet.
 * Uniqueness: a per-instance random prefix plus a counter, so no per-message randomness is needed.
 */
/** What a restarted sandbox needs to keep issuing the same sequence of ids. */
export interface IdSourceState {
  prefix: string
  counter: number
  traceSeed: string
}

export class IdSource {
  #prefix = randomBytes(4).toString('hex').toUpperCase()
  #counter = 0
  #traceSeed = randomBytes(6).toString('base64url')

  /** The prefix and counter, for the state file. */
  save(): IdSourceState {
    return { prefix: this.#prefix, counter: this.#counter, traceSeed: this.#traceSeed }
  }

  /** Continues a saved sequence, so that no id handed out before a restart is handed out again. */
  restore(saved: IdSourceState): void {
    this.#prefix = saved.prefix
    this.#counter = saved.counter
    this.#traceSeed = saved.traceSeed
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
