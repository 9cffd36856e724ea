/**
 * Gupshup's opt-in register (docs/platform.md §7.1, §8): who the business has opted in or out
 * through the opt-in API, and when. Meta checks no such flag; legacy Gupshup accounts refused
 * templates to users not opted in, which `gupshupRequireOptIn` plays.
 */

export type OptInStatus = 'OPT_IN' | 'OPT_OUT'

export interface OptInRecord {
  /** Digits, no `+`. */
  phone: string
  status: OptInStatus
  /** Unix ms. */
  at: number
}

export class OptIns {
  readonly #byPhone = new Map<string, OptInRecord>()

  set(phone: string, status: OptInStatus, at: number): OptInRecord {
    const record = { phone, status, at }
    this.#byPhone.set(phone, record)
    return record
  }

  statusOf(phone: string): OptInStatus | null {
    return this.#byPhone.get(phone)?.status ?? null
  }

  list(): OptInRecord[] {
    return [...this.#byPhone.values()]
  }

  clear(): void {
    this.#byPhone.clear()
  }
}
