import { join } from 'node:path'
import { SANDBOX_CREDENTIALS, type ParleyConfig } from '../config.js'
import { sandboxOptions, type SandboxOptions } from '../sandbox/index.js'

/** Where `parley start` and `parley sandbox serve` keep the sandbox's state: a file in the data folder. */
export function sandboxStateFile(config: ParleyConfig): string {
  return join(config.dataDir, 'sandbox.json')
}

/** The Meta numbers the sandbox emulates: one per sender on a sandbox Meta account (the sandbox's own if there is none). */
export function sandboxMetaNumbers(config: ParleyConfig): SandboxOptions['phoneNumbers'] {
  const sandboxMeta = new Set(config.accounts.filter((a) => a.sandbox && a.provider === 'meta').map((a) => a.id))
  const numbers = config.senders
    .filter((s) => sandboxMeta.has(s.account) && s.numberId)
    .map((s, i) => ({ id: s.numberId!, displayPhoneNumber: s.number.replace(/\D/g, '') || `1555000${1234 + i}`, mps: 80 }))
  return numbers.length > 0 ? numbers : [{ id: SANDBOX_CREDENTIALS.phoneNumberId, displayPhoneNumber: '15550001234', mps: 80 }]
}

/**
 * The sandbox that stands in for the configured Meta account: same credentials, one emulated number
 * per sender, its state kept in `stateFile` (null: in memory only).
 */
export function sandboxOptionsFor(
  config: ParleyConfig,
  overrides: { webhookUrl: string | null; stateFile: string | null; phoneNumbers?: SandboxOptions['phoneNumbers'] },
): SandboxOptions {
  return sandboxOptions({
    host: config.sandbox.host,
    port: config.sandbox.port,
    accessToken: SANDBOX_CREDENTIALS.accessToken,
    appSecret: SANDBOX_CREDENTIALS.appSecret,
    verifyToken: SANDBOX_CREDENTIALS.verifyToken,
    wabaId: SANDBOX_CREDENTIALS.wabaId,
    phoneNumbers: overrides.phoneNumbers ?? sandboxMetaNumbers(config),
    webhookUrl: overrides.webhookUrl,
    statusDelaysMs: config.sandbox.statusDelaysMs,
    templateReview: config.sandbox.templateReview as SandboxOptions['templateReview'],
    // The business starts with no templates of its own, only Meta's samples, as a new account does.
    templates: [],
    stateFile: overrides.stateFile,
  })
}
