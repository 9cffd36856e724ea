import type { SenderConfig } from '../src/config.js'
import { parleyDatabaseEnv, type Location } from './engines.js'
import { bundled } from './bundle.js'
import { baseEnv, spawnNode, type Child } from './processes.js'
import { startSandboxProcess, type SandboxProcess, type StatusDelays } from './sandbox-process.js'

/**
 * Parley in its own process (bench/parley-process.ts) next to a sandbox process, configured as the
 * throughput benchmark configures them (parley-throughput.ts), for the benchmarks that run Parley
 * over a longer time or on a prepared database (queue-depth.ts, soak.ts) rather than in phases.
 */

export const STACK_API_KEY = 'pk_bench_0123456789abcdefghijklmnopqrstuv'
const RATE_LIMIT = 1000

/** The sender numbers s1…sN, each at the platform's maximum of 1,000 msg/s. */
export function benchSenders(count: number): SenderConfig[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `s${i + 1}`,
    account: 'meta',
    channel: 'whatsapp',
    number: `+1555000${2000 + i}`,
    numberId: String(100000000000011 + i),
    ratePerSecond: RATE_LIMIT,
  }))
}

export interface ParleyStack {
  parley: Child
  sandbox: SandboxProcess
  /** Parley's API origin. */
  url: string
  close(): Promise<void>
}

/** `extra`: flags for the Parley process's node (`--cpu-prof`) and variables for it (BENCH_STATEMENT_PROFILE). */
export async function startParleyStack(location: Location, senders: SenderConfig[], delays: StatusDelays, extra: { nodeArgs?: string[]; env?: Record<string, string> } = {}): Promise<ParleyStack> {
  const sandbox = await startSandboxProcess(
    senders.map((s) => ({ phoneNumberId: s.numberId!, mps: RATE_LIMIT })),
    delays,
    // Replaced once Parley listens; a queue seeded before start is sent from the first moment, so its
    // first webhooks may be refused here and retried by the sandbox, as Meta retries.
    'http://127.0.0.1:9/webhooks/meta',
  )
  let parley: Child | undefined
  try {
    parley = spawnNode('parley process', [await bundled('bench/parley-process.ts')], {
      ipc: true,
      nodeArgs: extra.nodeArgs ?? [],
      env: {
        ...baseEnv(),
        ...parleyDatabaseEnv(location),
        PARLEY_HOST: '127.0.0.1',
        PARLEY_PORT: '0',
        PARLEY_LOG_LEVEL: 'warn',
        PARLEY_API_KEY: STACK_API_KEY,
        PARLEY_RATE_PER_SECOND: String(RATE_LIMIT),
        PARLEY_API_KEY_RATE_PER_SECOND: '100000',
        PARLEY_API_KEY_BURST: '1000000',
        BENCH_SENDERS: JSON.stringify(senders),
        BENCH_SANDBOX_URL: sandbox.url,
        ...extra.env,
      },
    })
    const [, url] = await parley.line(/parley listening at (\S+)/, 120_000)
    await sandbox.setWebhookUrl(`${url}/webhooks/meta`)
    const child = parley
    return {
      parley: child,
      sandbox,
      url: url!,
      async close() {
        await child.call('close', {}, 60_000).catch(() => undefined)
        await child.stop()
        await sandbox.close()
      },
    }
  } catch (error) {
    await parley?.stop()
    await sandbox.close()
    throw error
  }
}
