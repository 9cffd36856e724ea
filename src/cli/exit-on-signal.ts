import type { Logger } from '../runtime/logger.js'

/**
 * On SIGINT or SIGTERM: runs `stop` and exits 0. `stop` keeps within `budgetMs` by itself (see
 * `Parley.close`); should something still hold it up, the process exits 1 at the budget anyway,
 * since an orchestrator would kill it moments later, with less said in the log.
 */
export function exitOnSignal(logger: Logger, budgetMs: number, stop: () => Promise<void>): { shutdown(reason: string): void } {
  let stopping = false
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return
    stopping = true
    logger.info({ signal, budgetMs }, 'shutting down')
    const overdue = setTimeout(() => {
      logger.error({ budgetMs }, 'shutdown did not finish within PARLEY_SHUTDOWN_TIMEOUT_MS; exiting anyway')
      process.exit(1)
    }, budgetMs)
    overdue.unref()
    try {
      await stop()
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed')
      process.exit(1)
    }
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  return { shutdown: (reason) => void shutdown(reason) }
}
