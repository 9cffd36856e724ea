import { join } from 'node:path'
import type { ParleyConfig } from '../config.js'
import { sandboxOptions, type SandboxOptions } from '../sandbox/index.js'

/** Where `parley start` and `parley sandbox serve` keep the sandbox's state: a file in the data folder. */
export function sandboxStateFile(config: ParleyConfig): string {
  return join(config.dataDir, 'sandbox.json')
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
    accessToken: config.meta.accessToken,
    appSecret: config.meta.appSecret,
    verifyToken: config.meta.verifyToken,
    wabaId: config.meta.wabaId,
    phoneNumbers: overrides.phoneNumbers ?? config.senders.map((s, i) => ({ id: s.phoneNumberId, displayPhoneNumber: `1555000${1234 + i}`, mps: 80 })),
    webhookUrl: overrides.webhookUrl,
    statusDelaysMs: config.sandbox.statusDelaysMs,
    templateReview: config.sandbox.templateReview as SandboxOptions['templateReview'],
    // The business starts with no templates of its own, only Meta's samples, as a new account does.
    templates: [],
    stateFile: overrides.stateFile,
  })
}
