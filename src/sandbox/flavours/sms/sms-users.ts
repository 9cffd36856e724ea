/**
 * Simulated SMS recipients: reachable unless set otherwise (a phone that is off, out of coverage or
 * a landline), and opted out of a business number after replying STOP to it, where the provider
 * keeps such a block list (Twilio does, docs/platform.md §7.4). Unconfigured numbers store nothing.
 */

export interface SmsUser {
  /** E.164 digits, no `+`. */
  phone: string
  reachable: boolean
}

export interface SmsUserSettings {
  reachable?: boolean
}

/** What the state file keeps of SMS users. */
export interface SavedSmsUsers {
  users: SmsUser[]
  /** `business digits:user digits` pairs blocked by a STOP. */
  optedOut: string[]
}

export class SmsUsers {
  readonly #users = new Map<string, SmsUser>()
  readonly #optedOut = new Set<string>()

  resolve(phone: string): SmsUser {
    return this.#users.get(phone) ?? { phone, reachable: true }
  }

  configure(phone: string, settings: SmsUserSettings): SmsUser {
    const next = { ...this.resolve(phone), ...(settings.reachable === undefined ? {} : { reachable: settings.reachable }) }
    this.#users.set(phone, next)
    return { ...next }
  }

  optedOut(business: string, phone: string): boolean {
    return this.#optedOut.has(pair(business, phone))
  }

  setOptedOut(business: string, phone: string, out: boolean): void {
    if (out) this.#optedOut.add(pair(business, phone))
    else this.#optedOut.delete(pair(business, phone))
  }

  save(): SavedSmsUsers {
    return { users: [...this.#users.values()].map((u) => ({ ...u })), optedOut: [...this.#optedOut] }
  }

  restore(saved: SavedSmsUsers): void {
    this.clear()
    for (const u of saved.users) this.#users.set(u.phone, { ...u })
    for (const p of saved.optedOut) this.#optedOut.add(p)
  }

  clear(): void {
    this.#users.clear()
    this.#optedOut.clear()
  }
}

function pair(business: string, phone: string): string {
  return `${business}:${phone}`
}
