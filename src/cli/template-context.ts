import type { ParleyConfig } from '../config.js'
import type { TemplateDeps } from '../core/templates/deps.js'
import { createParley } from '../main.js'
import { createLogger } from '../runtime/logger.js'

/**
 * What the `templates` commands work with: the template use cases as the server wires them (the
 * same database, and the provider's template API over HTTP — for the sandbox, the one a running
 * `parley start` serves).
 */
export async function openTemplateContext(config: ParleyConfig): Promise<{ deps: TemplateDeps; close(): Promise<void> }> {
  const parley = await createParley(config, { roles: { api: false, worker: false }, logger: createLogger('error') })
  return { deps: parley.templates, close: () => parley.close() }
}
