/**
 * Simulated WhatsApp users. Most recipients are never configured: they resolve to a default user
 * whose wa_id is their digits, so a benchmark to a million numbers stores nothing per user here.
 * Configured users (PUT /sandbox/users/:phone, or anyone who wrote in) are kept by phone digits and
 * by wa_id, so a Brazilian number and its 9-less wa_id (docs/platform.md §1.10) are the same person.
 */

export interface SimulatedUser {
  /** The E.164 digits the user is addressed by. */
  phone: string
  /** What Meta answers in `contacts[].wa_id` and uses as `recipient_id` / inbound `from`. */
  waId: string
  onWhatsApp: boolean
  readReceipts: boolean
  profileName: string
  /** Business-scoped user id (BSUID, §0) for sends addressed with `recipient`; null when unset. */
  userId: string | null
}

export interface UserSettings {
  onWhatsApp?: boolean
  waId?: string
  readReceipts?: boolean
  profileName?: string
  userId?: string | null
}

/** Digits of an E.164 number written with or without `+`, spaces, dashes or brackets; null if not a number. */
export function phoneDigits(input: string): string | null {
  const digits = input.replace(/[\s+\-().]/g, '')
  return /^\d{1,20}$/.test(digits) ? digits : null
}

export class SimulatedUsers {
  readonly #byNumber = new Map<string, SimulatedUser>()
  readonly #byUserId = new Map<string, SimulatedUser>()
  readonly #undeliverableSuffix: string

  constructor(undeliverableSuffix: string) {
    this.#undeliverableSuffix = undeliverableSuffix
  }

  /** The configured user for these digits (phone or wa_id), or the default user they stand for. */
  resolve(digits: string): SimulatedUser {
    return this.#byNumber.get(digits) ?? this.#defaultUser(digits)
  }

  byUserId(userId: string): SimulatedUser | undefined {
    return this.#byUserId.get(userId)
  }

  /** Creates or updates a configured user; returns the stored record. */
  configure(phone: string, settings: UserSettings): SimulatedUser {
    const current = this.#byNumber.get(phone) ?? this.#defaultUser(phone)
    const next: SimulatedUser = {
      ...current,
      ...Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)),
      phone: current.phone,
    }
    if (current.waId !== current.phone && this.#byNumber.get(current.waId) === current) this.#byNumber.delete(current.waId)
    if (current.userId) this.#byUserId.delete(current.userId)
    this.#byNumber.set(next.phone, next)
    this.#byNumber.set(next.waId, next)
    if (next.userId) this.#byUserId.set(next.userId, next)
    return next
  }

  /** Every configured user once (each is kept under its phone and its wa_id). */
  configured(): SimulatedUser[] {
    return [...new Set(this.#byNumber.values())].map((u) => ({ ...u }))
  }

  /** Replaces the configured users with saved ones. */
  restore(users: SimulatedUser[]): void {
    this.clear()
    for (const u of users) {
      const user = { ...u }
      this.#byNumber.set(user.phone, user)
      this.#byNumber.set(user.waId, user)
      if (user.userId) this.#byUserId.set(user.userId, user)
    }
  }

  clear(): void {
    this.#byNumber.clear()
    this.#byUserId.clear()
  }

  #defaultUser(digits: string): SimulatedUser {
    const suffix = this.#undeliverableSuffix
    return {
      phone: digits,
      waId: digits,
      onWhatsApp: suffix === '' || !digits.endsWith(suffix),
      readReceipts: true,
      profileName: `Sandbox User ${digits.slice(-4)}`,
      userId: null,
    }
  }
}
