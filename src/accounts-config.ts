import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { CHANNELS, PROVIDER_NAMES, type Channel, type ProviderName } from './core/providers/channel.js'
import { PROVIDER_KINDS } from './providers/registry.js'
import { SANDBOX_NUMBERS } from './providers/sandbox-numbers.js'

/**
 * The provider axis of the configuration: accounts (a provider login) and the senders (numbers) on
 * them, from `parley.yaml`, or one sender from the PARLEY_META_* variables when there is no file.
 */

/** An account: real (its settings, checked against its provider's schema) or the sandbox's stand-in for that provider. */
export type AccountConfig = (
  | { id: string; provider: ProviderName; sandbox: false; settings: unknown }
  | { id: string; provider: ProviderName; sandbox: true }
) & {
  /** The id of the fee model its messages are priced with (`feeModel:`); absent: PARLEY_PROVIDER_FEE_MODEL's. */
  feeModel?: string
}

export interface SenderConfig {
  /** Parley's name for the number, used in the API's `from`. */
  id: string
  account: string
  channel: Channel
  /** E.164 with `+`; empty for a Meta number configured by its id alone (the PARLEY_META_* variables). */
  number: string
  /** The provider's id for the number (Meta, 360dialog: phone_number_id). */
  numberId?: string
  /** Sends per second for this number (WhatsApp's default is 80, up to 1,000). */
  ratePerSecond: number
}

export interface ProviderAxis {
  accounts: AccountConfig[]
  /** The first is the default sender. */
  senders: SenderConfig[]
  /** The user's own fee model files (`feeModels:` in parley.yaml), as absolute paths; read by the costs configuration. */
  feeModelFiles?: string[]
}

const ACCOUNT_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'a number in E.164 with a leading +, e.g. +905321234567')

const fileSchema = z.strictObject({
  accounts: z.record(
    z.string(),
    z.looseObject({ provider: z.enum(PROVIDER_NAMES), sandbox: z.boolean().default(false), feeModel: z.string().min(1).max(100).optional() }),
  ),
  feeModels: z.array(z.string().min(1).max(1000)).max(100).optional(),
  senders: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a sender id: letters, digits, _ . -'),
        account: z.string(),
        channel: z.enum(CHANNELS).default('whatsapp'),
        number: e164.optional(),
        numberId: z.string().regex(/^\d+$/, 'digits').optional(),
        ratePerSecond: z.number().int().min(1).max(1000).optional(),
      }),
    )
    .min(1, 'at least one sender'),
})

export class AccountsConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '))
  }
}

/**
 * Reads `parley.yaml`: `${NAME}` in any string is replaced by that environment variable (how secrets
 * stay out of the file); an unset one is an error naming it. Problems are collected, each with its path.
 */
export function readAccountsFile(path: string, env: Readonly<Record<string, string | undefined>>, defaultRate: number): ProviderAxis {
  let document: unknown
  try {
    document = parseYaml(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new AccountsConfigError([`${path}: cannot be read as YAML (${error instanceof Error ? error.message : String(error)})`])
  }
  const problems: string[] = []
  const substituted = substitute(document, env, '', problems)
  const parsed = fileSchema.safeParse(substituted)
  if (!parsed.success) throw new AccountsConfigError(parsed.error.issues.map((issue) => `${path}: ${issue.path.join('.') || '/'}: ${issue.message}`))
  if (problems.length > 0) throw new AccountsConfigError(problems.map((p) => `${path}: ${p}`))

  // `feeModel` is Parley's, not the provider's: it is kept out of the settings the provider's schema checks.
  const accounts: AccountConfig[] = Object.entries(parsed.data.accounts).map(([id, { provider, sandbox, feeModel, ...settings }]) => {
    const account: AccountConfig = sandbox ? { id, provider, sandbox: true } : { id, provider, sandbox: false, settings }
    return feeModel === undefined ? account : { ...account, feeModel }
  })
  const senders = parsed.data.senders.map((s) => {
    const account = accounts.find((a) => a.id === s.account)
    const fixed = account?.sandbox ? SANDBOX_NUMBERS[account.provider][s.channel] : undefined
    const sender: SenderConfig = { id: s.id, account: s.account, channel: s.channel, number: s.number ?? fixed?.number ?? '', ratePerSecond: s.ratePerSecond ?? defaultRate }
    const numberId = s.numberId ?? fixed?.numberId
    return numberId ? { ...sender, numberId } : sender
  })
  const feeModelFiles = parsed.data.feeModels?.map((file) => resolve(dirname(path), file))
  const axis: ProviderAxis = feeModelFiles ? { accounts, senders, feeModelFiles } : { accounts, senders }
  const found = checkAxis(axis)
  if (found.length > 0) throw new AccountsConfigError(found.map((p) => `${path}: ${p}`))
  return axis
}

/** What makes a set of accounts and senders unusable; empty when it is fine. Settings are checked by each provider's schema. */
export function checkAxis(axis: ProviderAxis): string[] {
  const problems: string[] = []
  const senderIds = new Set<string>()
  const numbers = new Map<string, string>()
  const sandboxed = new Map<string, string>()
  for (const account of axis.accounts) {
    // The sandbox posts each provider's callbacks to one URL: a second sandbox account of it would hear nothing.
    const twin = account.sandbox ? sandboxed.get(account.provider) : undefined
    if (twin) problems.push(`accounts.${account.id}.sandbox: the sandbox stands in for one ${account.provider} account only (${twin} is already it)`)
    if (account.sandbox) sandboxed.set(account.provider, account.id)
    if (!ACCOUNT_ID.test(account.id)) problems.push(`accounts.${account.id}: an account id is lowercase letters, digits, - and _ (it is a URL segment of the account's webhook)`)
    const kind = PROVIDER_KINDS[account.provider]
    if (!kind) {
      problems.push(`accounts.${account.id}.provider: ${account.provider} has no adapter in this version of Parley`)
      continue
    }
    if (!account.sandbox) {
      const settings = kind.accountSchema.safeParse(account.settings)
      if (!settings.success) problems.push(...settings.error.issues.map((issue) => `accounts.${account.id}.${issue.path.join('.')}: ${issue.message}`))
    }
  }
  axis.senders.forEach((sender, index) => {
    const at = `senders.${index} (${sender.id})`
    if (senderIds.has(sender.id)) problems.push(`${at}: another sender has the id ${sender.id}`)
    senderIds.add(sender.id)
    const account = axis.accounts.find((a) => a.id === sender.account)
    if (!account) return void problems.push(`${at}.account: no account ${sender.account} (accounts: ${axis.accounts.map((a) => a.id).join(', ') || 'none'})`)
    const kind = PROVIDER_KINDS[account.provider]
    if (kind && !kind.channels.includes(sender.channel)) problems.push(`${at}.channel: ${account.provider} carries ${kind.channels.join(' and ')}, not ${sender.channel}`)
    if (account.provider === 'meta' || account.provider === '360dialog') {
      if (!sender.numberId) problems.push(`${at}.numberId: a ${account.provider} number is addressed by its phone number id`)
    } else if (!sender.number) problems.push(`${at}.number: required (E.164, e.g. +905321234567)`)
    const key = `${sender.channel}:${sender.number || sender.numberId}`
    const other = numbers.get(key)
    if (other) problems.push(`${at}: ${sender.channel} number ${sender.number || sender.numberId} is already sender ${other}`)
    numbers.set(key, sender.id)
  })
  return problems
}

function substitute(value: unknown, env: Readonly<Record<string, string | undefined>>, path: string, problems: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const found = env[name]
      if (found === undefined || found === '') {
        problems.push(`${path.slice(1) || '/'}: environment variable ${name} is not set`)
        return ''
      }
      return found
    })
  }
  if (Array.isArray(value)) return value.map((item, i) => substitute(item, env, `${path}.${i}`, problems))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, env, `${path}.${k}`, problems)]))
  return value
}
