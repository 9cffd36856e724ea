import type { ParleyConfig } from '../config.js'
import { createParley } from '../main.js'
import { createLogger } from '../runtime/logger.js'
import { exitOnSignal } from './exit-on-signal.js'
import { answerParentProcess } from './worker-process.js'

/**
 * `parley worker`: the dispatcher and the application of stored webhooks, no API; run several
 * against one PostgreSQL database to share the work (both are leased queues). Started by
 * `parley start` (with an IPC channel), it is that process's background work: woken by its
 * messages, and gone with it.
 */
export async function workerCommand(config: ParleyConfig): Promise<void> {
  const logger = createLogger(config.logLevel)
  const parley = await createParley(config, { roles: { api: false, worker: true }, applyWebhooks: true, logger })
  logger.info({ senders: config.senders.map((s) => s.id) }, 'worker started')
  const exit = exitOnSignal(logger, config.shutdownTimeoutMs, () => parley.close())
  if (!answerParentProcess(parley, exit.shutdown)) process.stdout.write(`worker ready\n`)
}
