import type { ParleyConfig } from '../config.js'
import { createParley } from '../main.js'
import { createLogger } from '../runtime/logger.js'
import { exitOnSignal } from './exit-on-signal.js'

/** `parley worker`: only the dispatcher; run several against one PostgreSQL database to share the work. */
export async function workerCommand(config: ParleyConfig): Promise<void> {
  const logger = createLogger(config.logLevel)
  const parley = await createParley(config, { roles: { api: false, worker: true }, logger })
  logger.info({ senders: config.senders.map((s) => s.id) }, 'worker started')
  process.stdout.write(`worker ready\n`)
  exitOnSignal(logger, config.shutdownTimeoutMs, () => parley.close())
}
