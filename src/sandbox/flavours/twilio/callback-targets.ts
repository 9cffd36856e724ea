/**
 * Where each message's status callbacks go: the `StatusCallback` its send named (query string kept,
 * so Parley can find its own message id there, docs/platform.md §7.2), or the flavour's configured
 * callback URL (null). Keyed by the core's wamid for WhatsApp and by the SID for SMS. Bounded: the
 * oldest entries go first, long after their last status.
 */
export class CallbackTargets {
  readonly #targets = new Map<string, string | null>()
  readonly #limit: number

  constructor(limit = 100_000) {
    this.#limit = limit
  }

  set(key: string, url: string | null): void {
    this.#targets.set(key, url)
    if (this.#targets.size > this.#limit) this.#targets.delete(this.#targets.keys().next().value!)
  }

  /** The message's own StatusCallback, or null for the configured URL (also for a message it never saw). */
  get(key: string): string | null {
    return this.#targets.get(key) ?? null
  }

  clear(): void {
    this.#targets.clear()
  }
}
