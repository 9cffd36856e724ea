import type { ParleyConfig } from '../config.js'
import { startSandbox } from '../sandbox/index.js'
import { sandboxMetaNumbers, sandboxOptionsFor, sandboxStateFile } from './sandbox-options.js'

export interface SandboxServeOptions {
  webhookUrl: string
  /** Sender numbers to emulate, as `id` or `id:mps`. */
  number: string[]
  mps: number
  /** Keep the state in memory only (a benchmark that must start from nothing every run). */
  ephemeral?: boolean
}

/**
 * `parley sandbox serve`: the sandbox alone, for a Parley running elsewhere (another process,
 * a worker fleet, a benchmark that must not share its CPU with the emulator).
 */
export async function sandboxServeCommand(config: ParleyConfig, options: SandboxServeOptions): Promise<void> {
  const numbers = options.number.length > 0 ? options.number : sandboxMetaNumbers(config).map((n) => n.id)
  const stateFile = options.ephemeral ? null : sandboxStateFile(config)
  const sandbox = await startSandbox(
    sandboxOptionsFor(config, {
      webhookUrl: options.webhookUrl,
      stateFile,
      phoneNumbers: numbers.map((entry, i) => {
        const [id, mps] = entry.split(':')
        return { id: id!, displayPhoneNumber: `1555000${1234 + i}`, mps: mps ? Number(mps) : options.mps }
      }),
    }),
  )
  process.stdout.write(`sandbox listening at ${sandbox.url}, webhooks to ${options.webhookUrl}, state ${stateFile ?? 'in memory only'}\n`)
  const shutdown = async () => {
    await sandbox.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown())
  process.once('SIGTERM', () => void shutdown())
}
