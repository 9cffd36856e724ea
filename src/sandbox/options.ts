import { isFlavourName, type FlavourName } from './flavours/names.js'
import { DEMO_TEMPLATES, type TemplateDefinition } from './sample-templates.js'
import { REJECTION_REASONS, type RejectionReason } from './template-model.js'
import { PLATFORM_RETRY, type RetryPolicy } from './webhook-delivery.js'

/**
 * The sandbox's configuration: every default in one place, merged with overrides and checked once
 * at start so that a bad value fails loudly instead of producing a subtly wrong emulation.
 */

export interface SandboxPhoneNumber {
  id: string
  /** Digits only, no `+`, as Meta writes `metadata.display_phone_number` (docs/platform.md §0). */
  displayPhoneNumber: string
  /** Messages per second this number may send (§5: 80 by default, 1,000 after an upgrade, 20 for coexistence). */
  mps: number
}

export interface SandboxFaults {
  /** Share of send requests answered 500/503 with Meta's error envelope (131000 / 131016 / 2); nothing is sent. */
  serverErrorRate: number
  /** Added to every send response. */
  extraLatencyMs: number
  /** Share of sends whose connection is destroyed before processing (nothing sent). */
  dropBeforeRate: number
  /** Share of sends whose connection is destroyed after the message was accepted (webhooks still follow). */
  dropAfterRate: number
  /** Share of webhook POSTs delivered twice. */
  duplicateWebhookRate: number
  /** Share of messages whose `read` is POSTed before their `delivered`. */
  readBeforeDeliveredRate: number
  /** Share of messages that never get a `delivered` (only `read`). */
  skipDeliveredRate: number
  /** >0: statuses produced within this window are batched into one POST. */
  batchWindowMs: number
}

/** How the sandbox reviews submitted and edited templates (platform doc §3.3–3.6); see `template-review.ts`. */
export interface TemplateReviewPolicy {
  /** How long a template stays PENDING before its verdict is announced; 0 answers the create call with the verdict. */
  delayMs: number
  /** Languages whose templates are always REJECTED, with the reason given (null: a reason-less rejection, `NONE`). */
  rejectLanguages: Array<{ language: string; reason: RejectionReason | null }>
  /** Whether a UTILITY submission is approved as MARKETING (§3.5): never, when promotional wording is found, or always. */
  reclassifyUtilityToMarketing: 'never' | 'promotional' | 'always'
}

export interface SandboxOptions {
  host: string
  port: number
  accessToken: string
  appSecret: string
  verifyToken: string
  wabaId: string
  phoneNumbers: SandboxPhoneNumber[]
  webhookUrl: string | null
  /**
   * Where each provider flavour posts its callbacks (Meta's stay at `webhookUrl`); a flavour without
   * one holds them until `setCallbackUrl`. Optional so hand-built options stay valid.
   */
  callbackUrls?: Partial<Record<FlavourName, string | null>>
  /**
   * Gupshup flavour: template sends to a user who has not opted in (opt-in API) fail, as on legacy
   * Gupshup accounts (docs/platform.md §7.1, codes 1004–1008). Off by default: Meta checks no opt-in (§8).
   */
  gupshupRequireOptIn?: boolean
  /** Offsets from acceptance (so they are cumulative: read ≥ delivered ≥ sent). */
  statusDelaysMs: { sent: number; delivered: number; read: number }
  undeliverableSuffix: string
  pairRate: { burst: number; refillEverySeconds: number }
  faults: SandboxFaults
  /**
   * How failed webhook deliveries are retried (§2.8): doubling waits from `initialDelayMs` up to
   * `maxDelayMs`, for `giveUpAfterMs` of sandbox time (36 h by default); tests shorten the waits.
   */
  webhookRetry: RetryPolicy
  /**
   * Marketing templates to US (+1) numbers fail with 131049 (§4.2, since 1 Apr 2025).
   * An addition to the brief, optional so hand-built options stay valid; on unless set to false,
   * because the real platform does it.
   */
  blockUsMarketing?: boolean
  templateReview: TemplateReviewPolicy
  /** Seed Meta's sample templates (`hello_world`, `sample_*`), APPROVED, as every new WABA has them. */
  seedSampleTemplates: boolean
  /**
   * The business's own templates present at start, APPROVED, in the create call's format. The
   * default holds the few that Parley's examples and tests send (`order_update`, `welcome_named`,
   * `delivery_reschedule`); give `[]` for an account with only Meta's samples.
   */
  templates: TemplateDefinition[]
  /** Template names a WABA may hold (§3.6: 250 without verification); one more is refused with 2388019. */
  maxTemplateNames: number
  /**
   * A file to keep the sandbox's state in across restarts (templates, users, windows, recent
   * messages, pending webhooks and reviews; see `state-snapshot.ts`), loaded at start and written
   * atomically in batches. Null or absent: memory only, gone with the process.
   */
  stateFile?: string | null
  /** How long a change may wait before it is written to `stateFile` (ms); one write per interval at most. */
  stateFlushMs?: number
  random?: () => number
  /**
   * The sandbox's idea of "now" (Unix ms) for message and webhook timestamps, windows, rate limits
   * and template history; delays still run on real timers. Lets a demo or a test stand at another
   * time of day (e.g. 22:30 in Istanbul) together with a Parley given the same clock.
   */
  now?: () => number
}

export type DeepPartial<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly unknown[]
    ? T
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T

export const NO_FAULTS: Readonly<SandboxFaults> = Object.freeze({
  serverErrorRate: 0,
  extraLatencyMs: 0,
  dropBeforeRate: 0,
  dropAfterRate: 0,
  duplicateWebhookRate: 0,
  readBeforeDeliveredRate: 0,
  skipDeliveredRate: 0,
  batchWindowMs: 0,
})

function defaults(): SandboxOptions {
  return {
    host: '127.0.0.1',
    port: 0,
    accessToken: 'sandbox-access-token',
    appSecret: 'sandbox-app-secret',
    verifyToken: 'sandbox-verify-token',
    wabaId: '100000000000001',
    phoneNumbers: [{ id: '100000000000002', displayPhoneNumber: '15550001234', mps: 80 }],
    webhookUrl: null,
    statusDelaysMs: { sent: 200, delivered: 600, read: 1500 },
    undeliverableSuffix: '0000',
    // §5: one message per 6 s to the same user, bursts of up to 45.
    pairRate: { burst: 45, refillEverySeconds: 6 },
    faults: { ...NO_FAULTS },
    // §2.8: Meta keeps retrying a receiver that is down, less and less often, for a day and more.
    webhookRetry: { ...PLATFORM_RETRY },
    blockUsMarketing: true,
    // Meta reviews in minutes (§3.3); a few seconds lets a UI show PENDING before APPROVED.
    templateReview: { delayMs: 2000, rejectLanguages: [], reclassifyUtilityToMarketing: 'promotional' },
    seedSampleTemplates: true,
    templates: DEMO_TEMPLATES.map((t) => structuredClone(t)),
    maxTemplateNames: 250,
    stateFile: null,
    stateFlushMs: 1000,
  }
}

/** The defaults merged with `overrides`, validated; throws naming the first bad option. */
export function sandboxOptions(overrides: DeepPartial<SandboxOptions> = {}): SandboxOptions {
  const base = defaults()
  const merged: SandboxOptions = {
    ...base,
    ...stripUndefined(overrides),
    phoneNumbers: (overrides.phoneNumbers ?? base.phoneNumbers).map((n) => ({ ...n })),
    callbackUrls: { ...stripUndefined(overrides.callbackUrls) },
    statusDelaysMs: { ...base.statusDelaysMs, ...stripUndefined(overrides.statusDelaysMs) },
    pairRate: { ...base.pairRate, ...stripUndefined(overrides.pairRate) },
    faults: { ...base.faults, ...stripUndefined(overrides.faults) },
    webhookRetry: { ...base.webhookRetry, ...stripUndefined(overrides.webhookRetry) },
    templateReview: { ...base.templateReview, ...stripUndefined(overrides.templateReview) } as TemplateReviewPolicy,
    templates: (overrides.templates ?? base.templates).map((t) => structuredClone(t) as TemplateDefinition),
  }
  checkOptions(merged)
  return merged
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {}
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}

function fail(name: string, why: string): never {
  throw new Error(`sandbox option ${name}: ${why}`)
}

/** Throws on the first option that cannot work; `faults` are checked by {@link checkFaults}. */
export function checkOptions(o: SandboxOptions): void {
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) fail('port', `must be an integer 0-65535, got ${o.port}`)
  if (!o.accessToken) fail('accessToken', 'must not be empty')
  if (!o.appSecret) fail('appSecret', 'must not be empty')
  if (!/^\d+$/.test(o.wabaId)) fail('wabaId', 'must be digits')
  if (o.phoneNumbers.length === 0) fail('phoneNumbers', 'needs at least one number')
  const ids = new Set<string>()
  for (const n of o.phoneNumbers) {
    if (!/^\d+$/.test(n.id)) fail('phoneNumbers[].id', `must be digits, got ${n.id}`)
    if (ids.has(n.id)) fail('phoneNumbers[].id', `duplicate ${n.id}`)
    ids.add(n.id)
    if (!/^\d+$/.test(n.displayPhoneNumber)) fail('phoneNumbers[].displayPhoneNumber', 'must be digits without +')
    if (!(n.mps > 0)) fail('phoneNumbers[].mps', 'must be > 0')
  }
  if (o.webhookUrl !== null) checkWebhookUrl(o.webhookUrl)
  for (const [name, url] of Object.entries(o.callbackUrls ?? {})) {
    if (!isFlavourName(name)) fail('callbackUrls', `${name} is not a provider flavour (Meta's URL is webhookUrl)`)
    if (url !== null && url !== undefined) checkWebhookUrl(url, `callbackUrls.${name}`)
  }
  if (o.gupshupRequireOptIn !== undefined && typeof o.gupshupRequireOptIn !== 'boolean') fail('gupshupRequireOptIn', 'must be a boolean')
  const d = o.statusDelaysMs
  for (const [k, v] of Object.entries(d)) if (!(v >= 0)) fail(`statusDelaysMs.${k}`, 'must be >= 0')
  if (!/^\d*$/.test(o.undeliverableSuffix)) fail('undeliverableSuffix', 'must be digits (empty disables it)')
  if (!(o.pairRate.burst >= 1)) fail('pairRate.burst', 'must be >= 1')
  if (!(o.pairRate.refillEverySeconds > 0)) fail('pairRate.refillEverySeconds', 'must be > 0')
  const retry = o.webhookRetry
  if (retry.maxAttempts != null && !(Number.isInteger(retry.maxAttempts) && retry.maxAttempts >= 1)) fail('webhookRetry.maxAttempts', 'must be null or an integer >= 1')
  if (!(retry.initialDelayMs >= 0)) fail('webhookRetry.initialDelayMs', 'must be >= 0')
  if (!(retry.maxDelayMs >= retry.initialDelayMs)) fail('webhookRetry.maxDelayMs', 'must be >= initialDelayMs')
  if (!(retry.giveUpAfterMs >= 0)) fail('webhookRetry.giveUpAfterMs', 'must be >= 0')
  checkFaults(o.faults)
  checkTemplateReview(o.templateReview)
  if (!Array.isArray(o.templates)) fail('templates', 'must be an array of template definitions')
  if (!(Number.isInteger(o.maxTemplateNames) && o.maxTemplateNames >= 1)) fail('maxTemplateNames', 'must be an integer >= 1')
  if (o.stateFile !== undefined && o.stateFile !== null && (typeof o.stateFile !== 'string' || o.stateFile === '')) fail('stateFile', 'must be a file path or null')
  if (o.stateFlushMs !== undefined && !(o.stateFlushMs >= 0)) fail('stateFlushMs', 'must be >= 0')
}

export function checkTemplateReview(p: TemplateReviewPolicy): void {
  if (!p || typeof p !== 'object') fail('templateReview', 'missing')
  if (!(p.delayMs >= 0)) fail('templateReview.delayMs', 'must be >= 0')
  if (!['never', 'promotional', 'always'].includes(p.reclassifyUtilityToMarketing)) {
    fail('templateReview.reclassifyUtilityToMarketing', `must be never, promotional or always, got ${String(p.reclassifyUtilityToMarketing)}`)
  }
  if (!Array.isArray(p.rejectLanguages)) fail('templateReview.rejectLanguages', 'must be an array')
  for (const r of p.rejectLanguages) {
    if (typeof r?.language !== 'string' || r.language === '') fail('templateReview.rejectLanguages[].language', 'must be a language code')
    if (r.reason !== null && !(REJECTION_REASONS as readonly string[]).includes(r.reason)) {
      fail('templateReview.rejectLanguages[].reason', `must be null or one of ${REJECTION_REASONS.join(', ')}`)
    }
  }
}

export function checkFaults(f: SandboxFaults): void {
  const rates = ['serverErrorRate', 'dropBeforeRate', 'dropAfterRate', 'duplicateWebhookRate', 'readBeforeDeliveredRate', 'skipDeliveredRate'] as const
  for (const k of rates) if (!(f[k] >= 0 && f[k] <= 1)) fail(`faults.${k}`, `must be within 0..1, got ${f[k]}`)
  if (!(f.extraLatencyMs >= 0)) fail('faults.extraLatencyMs', 'must be >= 0')
  if (!(f.batchWindowMs >= 0)) fail('faults.batchWindowMs', 'must be >= 0')
}

export function checkWebhookUrl(url: string, option = 'webhookUrl'): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    fail(option, `not a URL: ${url}`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') fail(option, 'must be http(s)')
}
