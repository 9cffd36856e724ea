import type { ParleyConfig } from '../config.js'
import { createParley, type Parley } from '../main.js'
import { createLogger } from '../runtime/logger.js'

/**
 * Parley as a CLI command uses it: the same composition as the server (same stores, providers and
 * use cases, from the same configuration), serving nothing and dispatching nothing. Closed when
 * `work` ends, whatever happens.
 */
export async function withParley<T>(config: ParleyConfig, work: (parley: Parley) => Promise<T>): Promise<T> {
  // Only errors: a command's standard output is its answer, and may be piped.
  const parley = await createParley(config, { roles: { api: false, worker: false }, logger: createLogger('error') })
  try {
    return await work(parley)
  } finally {
    await parley.close()
  }
}
