import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BusinessNumber } from '../business-number.js'
import type { RouteContext } from '../graph-answers.js'
import type { SandboxState } from '../state.js'
import type { DeliveryKind, Signer } from '../webhook-delivery.js'
import type { FlavourEvents } from './events.js'
import type { FlavourName } from './names.js'

/**
 * How a provider flavour plugs into the sandbox (src/sandbox/README.md, "How a flavour plugs in").
 * A flavour is written from its provider's documentation (docs/platform.md §7) and declares:
 *
 * - the path prefixes it answers (`/gupshup`: a client's base URL is `<sandbox>/gupshup`);
 * - the WhatsApp business numbers it owns in the Meta core (an SMS flavour owns none there and
 *   keeps its own SMS numbers);
 * - how its callbacks are signed (its {@link Signer}; content type included).
 *
 * Its routes translate requests into the core's use cases (`acceptSend`, the template store, users)
 * and answers back into its wire format. The core keeps producing Meta-model events per number;
 * for a number the flavour owns it gets them through {@link FlavourEvents} and posts its own
 * wire format through {@link FlavourHost.callbacks}, which retries on the platform's schedule
 * (webhook-delivery.ts) towards the flavour's callback URL (`callbackUrls`, `setCallbackUrl`,
 * `PUT /sandbox/callbacks/<flavour>`), or to a per-message URL it names.
 */
export interface FlavourDefinition {
  name: FlavourName
  /** Path prefixes without a trailing `/`, e.g. `['/twilio', '/twilio-content']`. */
  prefixes: readonly string[]
  /** WhatsApp business numbers in the core it answers for and whose events it translates. */
  numbers: readonly FlavourNumber[]
  /** Headers of its callback POSTs: content type and signature (or none). */
  sign: Signer
  create(host: FlavourHost): Flavour
}

export interface FlavourNumber {
  /** The id its own API and callbacks name the number by (360dialog: a phone_number_id; Gupshup: the digits). */
  publicId: string
  /** Digits, no `+`. */
  displayPhoneNumber: string
  mps: number
}

/** What the sandbox gives a flavour. */
export interface FlavourHost {
  readonly name: FlavourName
  /** The shared core: users, windows, templates, faults, counters, the accepted-message log. */
  readonly state: SandboxState
  /** Its numbers in the core, in the order declared. */
  readonly numbers: readonly BusinessNumber[]
  readonly callbacks: FlavourCallbacks
}

/** A flavour's outbound callbacks, on the platform's retry schedule. */
export interface FlavourCallbacks {
  /**
   * Posts `body` (already serialised in the flavour's wire format) to `target`, or else to the
   * flavour's callback URL (held until one is set). The duplicate-webhook fault applies.
   */
  post(kind: DeliveryKind, body: string, target?: string | null): void
  /** The callback URL in force, or null. */
  url(): string | null
  /** Sets the callback URL, as the flavour's own configuration call does (360dialog's `POST /v1/configs/webhook`). */
  setUrl(url: string | null): void
}

/** A flavour instance: its routes and its translation of the core's events. */
export interface Flavour extends FlavourEvents {
  /** Answers a request under one of its prefixes; `path` is what follows the prefix (`/v1/configs/templates`, or `` for the prefix itself). */
  handle(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<void>
  /** The WABA's account-level changes (template status, category, quality; §2.7), for a flavour that passes them on. */
  accountChange?(field: string, value: object, atMs: number): void
  /** Forgets the flavour's own state (ids it mapped, opt-ins) with the sandbox's `reset()`. */
  reset?(): void
}
