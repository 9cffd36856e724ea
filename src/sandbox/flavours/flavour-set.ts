import { flavourNumberKey } from '../business-number.js'
import { SandboxInputError } from '../input-error.js'
import { checkWebhookUrl, type SandboxOptions } from '../options.js'
import type { FlavourNumberSpec, SandboxState } from '../state.js'
import type { CallbackStats } from '../stats.js'
import { WebhookDelivery } from '../webhook-delivery.js'
import type { Flavour, FlavourDefinition, FlavourHost } from './flavour.js'
import type { FlavourName } from './names.js'

/**
 * The running flavours: each one's instance, its callback delivery (own signer, own URL, the
 * platform's retry schedule) and its path prefixes. `startSandbox` builds it once the core exists.
 */

interface Entry {
  definition: FlavourDefinition
  flavour: Flavour
  delivery: WebhookDelivery
  duplicated: number
}


export class FlavourSet {
  readonly #entries = new Map<FlavourName, Entry>()
  readonly #prefixes: Array<{ prefix: string; flavour: Flavour }> = []
  readonly #options: SandboxOptions

  /** The business numbers the definitions own, for the core to hold next to Meta's. */
  static numbersOf(definitions: readonly FlavourDefinition[]): FlavourNumberSpec[] {
    return definitions.flatMap((d) => d.numbers.map((n) => ({ owner: d.name, ...n })))
  }

  constructor(definitions: readonly FlavourDefinition[], state: SandboxState, options: SandboxOptions) {
    this.#options = options
    for (const definition of definitions) {
      const name = definition.name
      if (this.#entries.has(name)) throw new Error(`sandbox: flavour ${name} is registered twice`)
      const delivery = new WebhookDelivery(definition.sign, options.webhookRetry, () => state.settled(), () => state.now())
      delivery.setUrl(options.callbackUrls?.[name] ?? null)
      const entry = { definition, delivery, duplicated: 0 } as Entry
      const host: FlavourHost = {
        name,
        state,
        numbers: definition.numbers.map((n) => state.numbers.get(flavourNumberKey(name, n.publicId))!),
        callbacks: {
          post: (kind, body, target) => {
            const twice = state.dice.chance(state.dice.faults.duplicateWebhookRate)
            if (twice) entry.duplicated++
            delivery.send(kind, body, twice ? 2 : 1, undefined, target ?? null)
          },
          url: () => delivery.url,
          setUrl: (url) => this.setUrl(name, url),
        },
      }
      entry.flavour = definition.create(host)
      this.#entries.set(name, entry)
      state.flavourEvents.set(name, entry.flavour)
      const listener = entry.flavour.accountChange?.bind(entry.flavour)
      if (listener) state.accountListeners.push(listener)
      for (const prefix of definition.prefixes) this.#prefixes.push({ prefix, flavour: entry.flavour })
    }
    // Longest first, so that `/twilio-content` is not taken for `/twilio`.
    this.#prefixes.sort((a, b) => b.prefix.length - a.prefix.length)
    state.flavourPending = () => this.pending()
  }

  /** The flavour whose prefix `path` is under, and the rest of the path; null: not a flavour's path. */
  route(path: string): { flavour: Flavour; rest: string } | null {
    for (const { prefix, flavour } of this.#prefixes) {
      if (path === prefix || path.startsWith(prefix + '/')) return { flavour, rest: path.slice(prefix.length) }
    }
    return null
  }

  has(name: FlavourName): boolean {
    return this.#entries.has(name)
  }

  /** Sets (or, with null, holds) a flavour's callback URL; the live options show it. */
  setUrl(name: FlavourName, url: string | null): void {
    const entry = this.#entries.get(name)
    if (!entry) throw new SandboxInputError(`the sandbox does not emulate ${name} (yet)`)
    if (url !== null) {
      try {
        checkWebhookUrl(url, `callbackUrls.${name}`)
      } catch (e) {
        throw new SandboxInputError((e as Error).message)
      }
    }
    this.#options.callbackUrls = { ...this.#options.callbackUrls, [name]: url }
    entry.delivery.setUrl(url)
  }

  pending(): number {
    let n = 0
    for (const e of this.#entries.values()) n += e.delivery.pending
    return n
  }

  stats(): Partial<Record<FlavourName, CallbackStats>> {
    const out: Partial<Record<FlavourName, CallbackStats>> = {}
    for (const [name, e] of this.#entries) out[name] = { ...e.delivery.stats(), url: e.delivery.url, duplicated: e.duplicated }
    return out
  }

  /** Drops every pending callback and each flavour's own state; URLs stay. */
  reset(): void {
    for (const e of this.#entries.values()) {
      e.delivery.cancelAll()
      e.delivery.resetCounters()
      e.duplicated = 0
      e.flavour.reset?.()
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.#entries.values()].map((e) => e.delivery.close()))
  }
}
