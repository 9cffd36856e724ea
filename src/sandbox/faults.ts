import type { MetaErrorCode } from './errors.js'
import type { SandboxFaults } from './options.js'

/**
 * Decides which fault fires. A rate of 0 or 1 never consumes a random number, so a test can switch
 * one knob fully on without scripting `random`; rates in between draw exactly one number each, in
 * a fixed order per send (dropBefore, serverError + its code, dropAfter), per message
 * (skipDelivered, readBeforeDelivered) and per webhook (duplicate).
 */
export class FaultDice {
  readonly #faults: () => SandboxFaults
  readonly #random: () => number

  constructor(faults: () => SandboxFaults, random: () => number) {
    this.#faults = faults
    this.#random = random
  }

  get faults(): SandboxFaults {
    return this.#faults()
  }

  chance(rate: number): boolean {
    if (rate <= 0) return false
    if (rate >= 1) return true
    return this.#random() < rate
  }

  /** Which platform error a faulted send answers with; all mean "nothing was sent, try again". */
  serverErrorCode(): MetaErrorCode {
    const codes = [131000, 131016, 2] as const
    return codes[Math.min(codes.length - 1, Math.floor(this.#random() * codes.length))]!
  }
}
