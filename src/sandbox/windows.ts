/**
 * The 24-hour customer service window per (business phone number, user), docs/platform.md §4.1:
 * each inbound message opens or restarts it from the message's own timestamp; business messages
 * never extend it. Free-entry-point (72 h) windows are not emulated: the sandbox has no ad referrals.
 */

export const WINDOW_MS = 24 * 60 * 60 * 1000

/** The last inbound message of one (business number, user) pair, as the state file keeps it. */
export interface SavedWindow {
  phoneNumberId: string
  waId: string
  lastInboundAt: number
}

export class ServiceWindows {
  readonly #lastInbound = new Map<string, number>()

  /** Records an inbound message sent at `at` (ms); an older timestamp never shortens the window. */
  open(phoneNumberId: string, waId: string, at: number): void {
    const key = phoneNumberId + '|' + waId
    const last = this.#lastInbound.get(key)
    if (last === undefined || at > last) this.#lastInbound.set(key, at)
  }

  isOpen(phoneNumberId: string, waId: string, now: number): boolean {
    const last = this.#lastInbound.get(phoneNumberId + '|' + waId)
    return last !== undefined && now < last + WINDOW_MS
  }

  /** When the window closes (ms), or null if the user never wrote to this number. */
  closesAt(phoneNumberId: string, waId: string): number | null {
    const last = this.#lastInbound.get(phoneNumberId + '|' + waId)
    return last === undefined ? null : last + WINDOW_MS
  }

  /** Every pair that has written in, open or not (a closed window stays closed after a restart either way). */
  save(): SavedWindow[] {
    return [...this.#lastInbound].map(([key, lastInboundAt]) => {
      const bar = key.indexOf('|')
      return { phoneNumberId: key.slice(0, bar), waId: key.slice(bar + 1), lastInboundAt }
    })
  }

  /** Replaces the windows with saved ones. */
  restore(windows: SavedWindow[]): void {
    this.#lastInbound.clear()
    for (const w of windows) this.open(w.phoneNumberId, w.waId, w.lastInboundAt)
  }

  clear(): void {
    this.#lastInbound.clear()
  }
}
