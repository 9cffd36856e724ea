import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { z } from 'zod'
import type { AdaptiveRatePolicy } from './core/messages/adaptive-rate.js'
import type { RetryPolicy } from './core/messages/retry.js'
import { readFileSync } from 'node:fs'
import { cannedRepliesSchema, type CannedReply } from './core/compose/canned-replies.js'
import type { PaymentLinkSettings } from './core/compose/payment-link.js'
import { AUTO_ASSIGN_MODES, type AutoAssignMode } from './core/inbox/auto-assign.js'
import { parseFallbackChain, type FallbackChain } from './core/templates/choose-language.js'
import type { PolicySettings } from './core/notifications/policy.js'
import { DEFAULT_KEYWORDS, withExtraKeywords, type KeywordConfig } from './core/notifications/keywords.js'
import { isTimeZone } from './core/shared/time-zone.js'
import type { KeyRateLimit } from './core/keys/model.js'
import { ROLES, type Role } from './core/operators/model.js'
import { PROVIDER_NAMES } from './core/providers/channel.js'
import { AccountsConfigError, checkAxis, readAccountsFile, type AccountConfig, type ProviderAxis, type SenderConfig } from './accounts-config.js'
import { SANDBOX_NUMBERS } from './providers/sandbox-numbers.js'
import { DIRECT, type ProviderFeeModel } from './core/costs/fee-model.js'
import { loadFeeModelFiles, shippedCostDir } from './runtime/cost-files.js'
import { resolveAccountFeeModels } from './core/costs/account-fee-models.js'
import { loadUserFeeModels } from './fee-models-config.js'

export type { AccountConfig, SenderConfig } from './accounts-config.js'

/**
 * Configuration: the environment resolved once, at start, into a frozen typed object. Every
 * default is visible here; bad values fail at start naming the variable.
 */
export interface ParleyConfig {
  costs: CostsConfig
  dataDir: string
  /** `postgres://…` selects PostgreSQL; null means the embedded SQLite file in `dataDir`. */
  databaseUrl: string | null
  http: { host: string; port: number; publicUrl: string | null }
  /** Admin key from PARLEY_API_KEY; stored hashed at start (the one stored from it before is revoked). */
  adminApiKey: string | null
  /** Every key's request limit unless the key has its own; /metrics behind an admin key or open. */
  apiKeys: { rateLimit: KeyRateLimit; metricsRequireKey: boolean }
  /** Operators' login sessions: how long one lasts unused, the cookie's `Secure`, failed logins allowed per window. */
  operators: {
    sessionTtlMs: number
    cookieSecure: boolean
    login: { maxFailures: number; windowMs: number }
    /** PARLEY_MASK_PHONES_FOR: the roles whose sessions see every phone number masked. */
    maskPhonesFor: Role[]
  }
  /** PARLEY_CONFIG_FILE: where the accounts and senders came from; null when from the PARLEY_META_* variables. */
  configFile: string | null
  /** Provider logins (credentials, base URL, webhook secret), or the sandbox standing in for a provider. */
  accounts: AccountConfig[]
  /** The numbers Parley sends from, each on an account; the first is the default. */
  senders: SenderConfig[]
  /** The longest one provider call may wait for a connection, then for its answer (PARLEY_PROVIDER_TIMEOUT_MS). */
  providerTimeoutMs: number
  sandbox: {
    host: string
    port: number
    /** Where the sandbox really listens, once known (it may have taken an ephemeral port); null: http://host:port. */
    url: string | null
    statusDelaysMs: { sent: number; delivered: number; read: number }
    /** How the sandbox reviews templates: a delay, languages it always rejects (with a reason or none), reclassification. */
    templateReview: {
      delayMs: number
      rejectLanguages: Array<{ language: string; reason: string | null }>
      reclassifyUtilityToMarketing: 'never' | 'promotional' | 'always'
    }
  }
  dispatch: DispatchConfig
  templates: TemplatesConfig
  compose: ComposeConfig
  /** Sharing the inbox's work: automatic assignment and the first-response target (minutes). */
  inbox: { autoAssign: AutoAssignMode; slaFirstResponseMinutes: number }
  /** Webhooks Parley posts to the business's systems. */
  outgoing: {
    retry: RetryPolicy
    intervalMs: number
    /** Let subscriptions and deliveries reach loopback and private addresses (development only). */
    allowPrivate: boolean
  }
  /** Event-triggered notifications: the rules file and the sending policy. */
  notifications: { rulesFile: string | null; policy: PolicySettings; keywords: KeywordConfig }
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /**
   * How long a stop (SIGTERM) may take in all, within a container's usual 10 s grace: provider calls
   * in flight get all of it but the last second, then are given up on.
   */
  shutdownTimeoutMs: number
  /**
   * PARLEY_PROCESSES: how many processes `parley start` runs — 2 puts dispatch in a worker process
   * of its own so both cores work (`auto`, the default, when the machine has two); 1 keeps it all in one.
   */
  processes: 1 | 2
  /** For tests across processes: a file whose number of milliseconds is added to the system clock. */
  clockOffsetFile: string | null
}

export interface TemplatesConfig {
  /** Tried after a contact's own language when a send names no language. */
  defaultLanguage: string
  /** Language fallbacks, e.g. `{ tr: ['en'] }` from PARLEY_TEMPLATE_FALLBACK=tr:en. */
  fallback: FallbackChain
  /** How often to pull template statuses from the provider (webhooks are the fast path). */
  syncIntervalMs: number
  /** The first retry after a failed sync; then twice as long each time (with jitter), up to the interval. */
  syncRetryMs: number
}

/** What messages are priced with (issue 12); the platform's rate cards are not configured here. */
export interface CostsConfig {
  /** PARLEY_PROVIDER_FEE_MODEL: the id of a known fee model, for every account without a `feeModel:` of its own; default `direct`. */
  providerFeeModel: ProviderFeeModel
  /** Every fee model Parley knows (`direct` first, then the shipped examples): what `cost compare` replays traffic against. */
  feeModels: readonly ProviderFeeModel[]
  /** Account id → the fee model its `feeModel:` in parley.yaml names; read it through `feeModelFor` (src/core/costs/account-fee-models.ts). */
  accountFeeModels: ReadonlyMap<string, ProviderFeeModel>
  /** Fee model id → the user's file it was read from (PARLEY_FEE_MODELS_DIR, parley.yaml `feeModels:`); Parley's own are not in it. */
  feeModelFiles: ReadonlyMap<string, string>
  /** PARLEY_COST_RATES_REFRESH_MS: how often each process reads the imported rate cards again (ms; 0: only at start and after its own imports). */
  ratesRefreshMs: number
}

/** What the inbox's composer offers besides free text and templates. */
export interface ComposeConfig {
  /** PARLEY_PAYMENT_LINK_URL and PARLEY_PAYMENT_LINK_TEMPLATE; null: no payment-link button. */
  paymentLink: PaymentLinkSettings | null
  /** From the JSON file PARLEY_CANNED_REPLIES_FILE; none when unset. */
  cannedReplies: CannedReply[]
}

export interface DispatchConfig {
  /** Messages claimed per round. */
  batchSize: number
  /** Sends in flight at once per worker process. */
  maxInFlight: number
  pollIntervalMs: number
  /** How long a claimed message belongs to its worker. */
  leaseMs: number
  /**
   * The longest one provider call can take (waiting for a connection, then for the answer). A worker
   * sends a claimed message only while at least this much of its lease is left, so that no other
   * worker can decide the message was abandoned while the call is still under way.
   */
  sendBudgetMs: number
  /** How long to wait for provider evidence (status webhooks) before resending an in-doubt message. */
  reconcileGraceMs: number
  /** How long a message may wait for its next word (sent, delivered, failed) before it is marked `stale`. */
  staleAfterMs: number
  retry: RetryPolicy
  /** How a sender's rate backs off on throughput refusals and recovers (below its `ratePerSecond`). */
  adaptiveRate: AdaptiveRatePolicy
}

/**
 * Halve on a refusal, but only once a second (the provider counts per second, and refusals of sends
 * already in flight are not news); after 5 s without refusals, climb back, from zero to the full
 * rate in 30 s. Not configurable: these are about the provider's behaviour, not the deployment's.
 */
export const ADAPTIVE_RATE: AdaptiveRatePolicy = { decrease: 0.5, floorPerSecond: 1, holdMs: 1000, quietMs: 5000, recoverMs: 30_000 }

/** The sandbox's fixed, local-only credentials: the sandbox is the default provider. */
export const SANDBOX_CREDENTIALS = {
  wabaId: '100000000000001',
  phoneNumberId: '100000000000002',
  accessToken: 'sandbox-access-token',
  appSecret: 'sandbox-app-secret',
  verifyToken: 'sandbox-verify-token',
} as const

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max)

const envSchema = z.object({
  PARLEY_DATA_DIR: z.string().min(1).default('./.parley'),
  PARLEY_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  PARLEY_HOST: z.string().min(1).default('127.0.0.1'),
  PARLEY_PORT: int(0, 65535).default(3000),
  PARLEY_PUBLIC_URL: z.url().optional(),
  PARLEY_API_KEY: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)')
    .max(256, 'must be at most 256 characters')
    .regex(/^[A-Za-z0-9._~+/=-]+$/, 'may only hold letters, digits and ._~+/=- (what a Bearer header carries)')
    .refine((key) => new Set(key).size >= 10, 'must be random: it repeats too few different characters')
    .optional(),
  PARLEY_API_KEY_RATE_PER_SECOND: z.coerce.number().min(0.001).max(100_000).default(100),
  PARLEY_API_KEY_BURST: int(1, 1_000_000).default(200),
  PARLEY_METRICS_REQUIRE_KEY: z.enum(['true', 'false']).default('false'),
  PARLEY_SESSION_TTL_MS: int(60_000, 30 * 24 * 3_600_000).default(12 * 3_600_000),
  PARLEY_COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  PARLEY_LOGIN_MAX_FAILURES: int(1, 1000).default(5),
  PARLEY_LOGIN_WINDOW_MS: int(1000, 24 * 3_600_000).default(15 * 60_000),
  PARLEY_AUTO_ASSIGN: z.enum(AUTO_ASSIGN_MODES).default('off'),
  PARLEY_SLA_FIRST_RESPONSE_MINUTES: int(1, 7 * 24 * 60).default(15),
  PARLEY_CONFIG_FILE: z.string().min(1).optional(),
  PARLEY_PROVIDER: z.enum(['sandbox', 'meta']).default('sandbox'),
  PARLEY_SANDBOX_PROVIDER: z.enum(PROVIDER_NAMES).default('meta'),
  PARLEY_PROVIDER_TIMEOUT_MS: int(100, 120_000).optional(),
  PARLEY_META_BASE_URL: z.url().default('https://graph.facebook.com'),
  PARLEY_META_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'must look like v23.0').default('v23.0'),
  PARLEY_META_WABA_ID: z.string().optional(),
  PARLEY_META_PHONE_NUMBER_ID: z.string().optional(),
  PARLEY_META_ACCESS_TOKEN: z.string().optional(),
  PARLEY_META_APP_SECRET: z.string().optional(),
  PARLEY_META_VERIFY_TOKEN: z.string().optional(),
  PARLEY_META_TIMEOUT_MS: int(100, 120_000).default(10_000),
  PARLEY_SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  PARLEY_SANDBOX_PORT: int(0, 65535).default(3001),
  PARLEY_SANDBOX_SENT_MS: int(0, 600_000).default(200),
  PARLEY_SANDBOX_DELIVERED_MS: int(0, 600_000).default(600),
  PARLEY_SANDBOX_READ_MS: int(0, 600_000).default(1500),
  PARLEY_SANDBOX_REVIEW_MS: int(0, 3_600_000).default(2000),
  PARLEY_SANDBOX_REJECT_LANGUAGES: z
    .string()
    .regex(/^$|^[a-z]{2,3}(_[A-Z]{2,3})?(:[A-Z_]+)?(,[a-z]{2,3}(_[A-Z]{2,3})?(:[A-Z_]+)?)*$/, 'a list like tr or tr:INVALID_FORMAT,es')
    .default(''),
  PARLEY_SANDBOX_RECLASSIFY: z.enum(['never', 'promotional', 'always']).default('promotional'),
  PARLEY_RATE_PER_SECOND: int(1, 1000).default(80),
  PARLEY_BATCH_SIZE: int(1, 1000).default(100),
  PARLEY_MAX_IN_FLIGHT: int(1, 5000).default(256),
  PARLEY_POLL_INTERVAL_MS: int(5, 60_000).default(50),
  PARLEY_PROCESSES: z.enum(['auto', '1', '2']).default('auto'),
  PARLEY_LEASE_MS: int(1000, 3_600_000).default(60_000),
  PARLEY_RECONCILE_GRACE_MS: int(0, 86_400_000).default(120_000),
  PARLEY_STALE_AFTER_MS: int(60_000, 30 * 86_400_000).default(86_400_000),
  PARLEY_MAX_ATTEMPTS: int(1, 100).default(8),
  PARLEY_RETRY_BASE_MS: int(1, 3_600_000).default(1000),
  PARLEY_RETRY_MAX_MS: int(1, 86_400_000).default(300_000),
  PARLEY_DEFAULT_LANGUAGE: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2,3})?$/, 'a language code such as en or pt_BR').default('en'),
  PARLEY_TEMPLATE_FALLBACK: z
    .string()
    .default('')
    .refine((text) => {
      try {
        parseFallbackChain(text)
        return true
      } catch {
        return false
      }
    }, 'a list like tr:en,ru:en,pt_BR:pt|es'),
  PARLEY_TEMPLATE_SYNC_MS: int(0, 86_400_000).default(600_000),
  PARLEY_COST_RATES_REFRESH_MS: int(0, 3_600_000).default(5000),
  PARLEY_CANNED_REPLIES_FILE: z.string().min(1).optional(),
  PARLEY_PROVIDER_FEE_MODEL: z.string().min(1).default('direct'),
  PARLEY_FEE_MODELS_DIR: z.string().min(1).optional(),
  PARLEY_MASK_PHONES_FOR: z
    .string()
    .regex(new RegExp(`^(none|(${ROLES.join('|')})(,(${ROLES.join('|')}))*)$`), `a comma list of roles (${ROLES.join(', ')}), or none`)
    .default('viewer'),
  PARLEY_PAYMENT_LINK_URL: z
    .url({ protocol: /^https?$/ })
    .refine((url) => /\{(external_id|phone)\}/.test(url), 'a URL with {external_id} and/or {phone}, e.g. https://pay.school.example/{external_id}')
    .optional(),
  PARLEY_PAYMENT_LINK_TEMPLATE: z.string().regex(/^[a-z0-9_]{1,512}$/, 'a template name: lowercase letters, digits and underscores').optional(),
  PARLEY_RULES_FILE: z.string().min(1).optional(),
  PARLEY_DEFAULT_TIMEZONE: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/Istanbul').default('UTC'),
  PARLEY_QUIET_HOURS: z
    .string()
    .regex(/^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, 'HH:mm-HH:mm in the contact\'s time zone, or off')
    .default('21:00-08:00'),
  PARLEY_CAP_UTILITY_PER_DAY: int(1, 1000).optional(),
  PARLEY_CAP_UTILITY_PER_WEEK: int(1, 10000).optional(),
  PARLEY_CAP_MARKETING_PER_DAY: int(1, 1000).default(1),
  PARLEY_CAP_MARKETING_PER_WEEK: int(1, 10000).default(3),
  PARLEY_OPT_OUT_KEYWORDS: z.string().regex(/^$|^[a-z]{2,3}:[^,:]+(,[a-z]{2,3}:[^,:]+)*$/, 'a list like tr:İPTAL|VAZGEÇ,en:CANCEL').default(''),
  PARLEY_OPT_IN_KEYWORDS: z.string().regex(/^$|^[a-z]{2,3}:[^,:]+(,[a-z]{2,3}:[^,:]+)*$/, 'a list like tr:TAMAM').default(''),
  PARLEY_OUTGOING_MAX_ATTEMPTS: int(1, 100).default(12),
  PARLEY_OUTGOING_RETRY_BASE_MS: int(1, 3_600_000).default(5000),
  PARLEY_OUTGOING_RETRY_MAX_MS: int(1, 86_400_000).default(3_600_000),
  PARLEY_OUTGOING_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  PARLEY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PARLEY_SHUTDOWN_TIMEOUT_MS: int(1000, 600_000).default(10_000),
  PARLEY_CLOCK_OFFSET_FILE: z.string().min(1).optional(),
})

const META_REQUIRED = [
  'PARLEY_META_WABA_ID',
  'PARLEY_META_PHONE_NUMBER_ID',
  'PARLEY_META_ACCESS_TOKEN',
  'PARLEY_META_APP_SECRET',
  'PARLEY_META_VERIFY_TOKEN',
] as const

/** The canned replies file: a JSON list of {title, text}; anything else stops the start, naming the variable. */
function readCannedReplies(path: string): CannedReply[] {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new ConfigError([`PARLEY_CANNED_REPLIES_FILE: cannot read ${path} as JSON (${error instanceof Error ? error.message : String(error)})`])
  }
  const parsed = cannedRepliesSchema.safeParse(json)
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `PARLEY_CANNED_REPLIES_FILE: ${path}: ${['', ...issue.path].join('/') || '/'}: ${issue.message}`))
  return parsed.data
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Whether any account is the sandbox standing in for a provider: then `parley start` runs the sandbox too. */
export function usesSandbox(config: Pick<ParleyConfig, 'accounts'>): boolean {
  return config.accounts.some((account) => account.sandbox)
}

/** Reads the configuration from an environment (process.env at the edge, a literal in tests). */
/** A known provider fee model by id (`direct`: none on top); an unknown id fails the start, listing the known ones. */
function resolveFeeModel(id: string, known: readonly ProviderFeeModel[]): ProviderFeeModel {
  const model = known.find((m) => m.id === id)
  if (!model) throw new ConfigError([`PARLEY_PROVIDER_FEE_MODEL: no fee model "${id}"; known: ${known.map((m) => m.id).join(', ')}`])
  return model
}

/**
 * The fee models (Parley's own, then the user's files) and which prices what: the default
 * (PARLEY_PROVIDER_FEE_MODEL) and each account's `feeModel:`, looked up among them all.
 */
function resolveCosts(e: z.infer<typeof envSchema>, axis: ProviderAxis): CostsConfig {
  const feeModels = [DIRECT, ...loadFeeModelFiles(shippedCostDir('fee-models'))]
  const configFile = `PARLEY_CONFIG_FILE: ${e.PARLEY_CONFIG_FILE ? resolve(e.PARLEY_CONFIG_FILE) : ''}`
  const own = loadUserFeeModels({ dir: e.PARLEY_FEE_MODELS_DIR ? resolve(e.PARLEY_FEE_MODELS_DIR) : null, listed: { origin: configFile, files: axis.feeModelFiles ?? [] } }, feeModels)
  if (own.problems.length > 0) throw new ConfigError(own.problems)
  feeModels.push(...own.models)
  const chosen = resolveAccountFeeModels(axis.accounts, feeModels)
  if (chosen.problems.length > 0) throw new ConfigError(chosen.problems.map((p) => `${configFile}: ${p}`))
  return {
    providerFeeModel: resolveFeeModel(e.PARLEY_PROVIDER_FEE_MODEL, feeModels),
    feeModels,
    accountFeeModels: chosen.models,
    feeModelFiles: own.files,
    ratesRefreshMs: e.PARLEY_COST_RATES_REFRESH_MS,
  }
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>, overrides: { dataDir?: string } = {}): ParleyConfig {
  const parsed = envSchema.safeParse(stripEmpty(env))
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`))
  }
  const e = parsed.data
  if (e.PARLEY_PROVIDER === 'meta' && !e.PARLEY_CONFIG_FILE) {
    const missing = META_REQUIRED.filter((name) => !e[name])
    if (missing.length > 0) throw new ConfigError(missing.map((name) => `${name}: required when PARLEY_PROVIDER=meta`))
  }
  const providerTimeoutMs = e.PARLEY_PROVIDER_TIMEOUT_MS ?? e.PARLEY_META_TIMEOUT_MS
  const sendBudgetMs = 2 * providerTimeoutMs + 1000
  if (e.PARLEY_LEASE_MS < 2 * sendBudgetMs) {
    throw new ConfigError([
      `PARLEY_LEASE_MS: must be at least ${2 * sendBudgetMs} ms, twice the longest provider call (2 × PARLEY_PROVIDER_TIMEOUT_MS + 1 s), so a slow call never outlives its lease`,
    ])
  }
  if (e.PARLEY_STALE_AFTER_MS <= e.PARLEY_LEASE_MS + e.PARLEY_RECONCILE_GRACE_MS) {
    throw new ConfigError([
      'PARLEY_STALE_AFTER_MS: must exceed PARLEY_LEASE_MS + PARLEY_RECONCILE_GRACE_MS, so that a send left in doubt is resent before it could be called stale',
    ])
  }
  const axis = providerAxis(e, env)
  const compose: ComposeConfig = {
    paymentLink: e.PARLEY_PAYMENT_LINK_URL ? { urlPattern: e.PARLEY_PAYMENT_LINK_URL, templateName: e.PARLEY_PAYMENT_LINK_TEMPLATE ?? null } : null,
    cannedReplies: e.PARLEY_CANNED_REPLIES_FILE ? readCannedReplies(resolve(e.PARLEY_CANNED_REPLIES_FILE)) : [],
  }
  const costs = resolveCosts(e, axis)
  const config: ParleyConfig = {
    costs,
    dataDir: resolve(overrides.dataDir ?? e.PARLEY_DATA_DIR),
    databaseUrl: e.PARLEY_DATABASE_URL ?? null,
    http: { host: e.PARLEY_HOST, port: e.PARLEY_PORT, publicUrl: e.PARLEY_PUBLIC_URL ?? null },
    adminApiKey: e.PARLEY_API_KEY ?? null,
    apiKeys: {
      rateLimit: { perSecond: e.PARLEY_API_KEY_RATE_PER_SECOND, burst: e.PARLEY_API_KEY_BURST },
      metricsRequireKey: e.PARLEY_METRICS_REQUIRE_KEY === 'true',
    },
    operators: {
      sessionTtlMs: e.PARLEY_SESSION_TTL_MS,
      cookieSecure: e.PARLEY_COOKIE_SECURE === 'true',
      login: { maxFailures: e.PARLEY_LOGIN_MAX_FAILURES, windowMs: e.PARLEY_LOGIN_WINDOW_MS },
      maskPhonesFor: e.PARLEY_MASK_PHONES_FOR === 'none' ? [] : [...new Set(e.PARLEY_MASK_PHONES_FOR.split(',') as Role[])],
    },
    configFile: e.PARLEY_CONFIG_FILE ? resolve(e.PARLEY_CONFIG_FILE) : null,
    accounts: axis.accounts,
    senders: axis.senders,
    providerTimeoutMs,
    sandbox: {
      host: e.PARLEY_SANDBOX_HOST,
      port: e.PARLEY_SANDBOX_PORT,
      url: null,
      statusDelaysMs: { sent: e.PARLEY_SANDBOX_SENT_MS, delivered: e.PARLEY_SANDBOX_DELIVERED_MS, read: e.PARLEY_SANDBOX_READ_MS },
      templateReview: {
        delayMs: e.PARLEY_SANDBOX_REVIEW_MS,
        rejectLanguages: e.PARLEY_SANDBOX_REJECT_LANGUAGES.split(',')
          .filter(Boolean)
          .map((entry) => {
            const [language, reason] = entry.split(':')
            return { language: language!, reason: reason ?? null }
          }),
        reclassifyUtilityToMarketing: e.PARLEY_SANDBOX_RECLASSIFY,
      },
    },
    dispatch: {
      batchSize: e.PARLEY_BATCH_SIZE,
      maxInFlight: e.PARLEY_MAX_IN_FLIGHT,
      pollIntervalMs: e.PARLEY_POLL_INTERVAL_MS,
      leaseMs: e.PARLEY_LEASE_MS,
      sendBudgetMs,
      reconcileGraceMs: e.PARLEY_RECONCILE_GRACE_MS,
      staleAfterMs: e.PARLEY_STALE_AFTER_MS,
      retry: { maxAttempts: e.PARLEY_MAX_ATTEMPTS, baseDelay: e.PARLEY_RETRY_BASE_MS, maxDelay: e.PARLEY_RETRY_MAX_MS },
      adaptiveRate: ADAPTIVE_RATE,
    },
    compose,
    inbox: { autoAssign: e.PARLEY_AUTO_ASSIGN, slaFirstResponseMinutes: e.PARLEY_SLA_FIRST_RESPONSE_MINUTES },
    templates: {
      defaultLanguage: e.PARLEY_DEFAULT_LANGUAGE,
      fallback: parseFallbackChain(e.PARLEY_TEMPLATE_FALLBACK),
      syncIntervalMs: e.PARLEY_TEMPLATE_SYNC_MS,
      syncRetryMs: 1000,
    },
    notifications: {
      rulesFile: e.PARLEY_RULES_FILE ? resolve(e.PARLEY_RULES_FILE) : null,
      keywords: withExtraKeywords(DEFAULT_KEYWORDS, e.PARLEY_OPT_OUT_KEYWORDS, e.PARLEY_OPT_IN_KEYWORDS),
      policy: {
        defaultTimezone: e.PARLEY_DEFAULT_TIMEZONE,
        // "off" is a quiet period that starts and ends at the same minute: never quiet.
        quietHours: e.PARLEY_QUIET_HOURS === 'off' ? { start: '00:00', end: '00:00' } : { start: e.PARLEY_QUIET_HOURS.slice(0, 5), end: e.PARLEY_QUIET_HOURS.slice(6) },
        caps: {
          utility: { perDay: e.PARLEY_CAP_UTILITY_PER_DAY ?? null, perWeek: e.PARLEY_CAP_UTILITY_PER_WEEK ?? null },
          marketing: { perDay: e.PARLEY_CAP_MARKETING_PER_DAY, perWeek: e.PARLEY_CAP_MARKETING_PER_WEEK },
        },
      },
    },
    outgoing: {
      retry: { maxAttempts: e.PARLEY_OUTGOING_MAX_ATTEMPTS, baseDelay: e.PARLEY_OUTGOING_RETRY_BASE_MS, maxDelay: e.PARLEY_OUTGOING_RETRY_MAX_MS },
      intervalMs: 500,
      allowPrivate: e.PARLEY_OUTGOING_ALLOW_PRIVATE === 'true',
    },
    logLevel: e.PARLEY_LOG_LEVEL,
    shutdownTimeoutMs: e.PARLEY_SHUTDOWN_TIMEOUT_MS,
    processes: e.PARLEY_PROCESSES === 'auto' ? (availableParallelism() >= 2 ? 2 : 1) : e.PARLEY_PROCESSES === '2' ? 2 : 1,
    clockOffsetFile: e.PARLEY_CLOCK_OFFSET_FILE ? resolve(e.PARLEY_CLOCK_OFFSET_FILE) : null,
  }
  return deepFreeze(config)
}

/**
 * The accounts and senders: from PARLEY_CONFIG_FILE when given, else one sender: the PARLEY_META_*
 * number (PARLEY_PROVIDER=meta) or the sandbox's number of PARLEY_SANDBOX_PROVIDER (the default: Meta's).
 */
function providerAxis(e: z.infer<typeof envSchema>, env: Readonly<Record<string, string | undefined>>): ProviderAxis {
  if (e.PARLEY_CONFIG_FILE) {
    try {
      return readAccountsFile(resolve(e.PARLEY_CONFIG_FILE), env, e.PARLEY_RATE_PER_SECOND)
    } catch (error) {
      if (error instanceof AccountsConfigError) throw new ConfigError(error.problems.map((p) => `PARLEY_CONFIG_FILE: ${p}`))
      throw error
    }
  }
  if (e.PARLEY_PROVIDER === 'meta') {
    const settings = {
      baseUrl: e.PARLEY_META_BASE_URL,
      apiVersion: e.PARLEY_META_API_VERSION,
      wabaId: e.PARLEY_META_WABA_ID,
      accessToken: e.PARLEY_META_ACCESS_TOKEN,
      appSecret: e.PARLEY_META_APP_SECRET,
      verifyToken: e.PARLEY_META_VERIFY_TOKEN,
    }
    const axis: ProviderAxis = {
      accounts: [{ id: 'meta', provider: 'meta', sandbox: false, settings }],
      senders: [{ id: 'default', account: 'meta', channel: 'whatsapp', number: '', numberId: e.PARLEY_META_PHONE_NUMBER_ID!, ratePerSecond: e.PARLEY_RATE_PER_SECOND }],
    }
    const problems = checkAxis(axis)
    if (problems.length > 0) throw new ConfigError(problems.map((p) => `PARLEY_META_*: ${p}`))
    return axis
  }
  const provider = e.PARLEY_SANDBOX_PROVIDER
  const channel = provider === 'http-sms' ? 'sms' : 'whatsapp'
  const fixed = SANDBOX_NUMBERS[provider][channel]!
  const sender: SenderConfig = { id: 'default', account: provider, channel, number: fixed.number, ratePerSecond: e.PARLEY_RATE_PER_SECOND }
  const axis: ProviderAxis = { accounts: [{ id: provider, provider, sandbox: true }], senders: [fixed.numberId ? { ...sender, numberId: fixed.numberId } : sender] }
  const problems = checkAxis(axis)
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `PARLEY_SANDBOX_PROVIDER: ${p}`))
  return axis
}

/** An empty variable (`PARLEY_PORT=`) means "unset", as shells and .env files often produce. */
function stripEmpty(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') out[key] = value
  return out
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}
