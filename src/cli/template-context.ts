import type { ParleyConfig } from '../config.js'
import type { TemplateDeps } from '../core/templates/deps.js'
import { createHttpClient } from '../providers/http-client.js'
import { createMetaCloudProvider } from '../providers/meta-cloud/index.js'
import { systemClock } from '../runtime/clock.js'
import { createIds } from '../runtime/ids.js'
import { migrateToLatest } from '../store/migrate.js'
import { openDatabase } from '../store/open-database.js'
import { createTemplateStore } from '../store/template-store.js'

/**
 * What the `templates` commands work with: the same database as the server and the provider's
 * template API over HTTP (for the sandbox: the sandbox a running `parley start` serves).
 */
export async function openTemplateContext(config: ParleyConfig): Promise<{ deps: TemplateDeps; close(): Promise<void> }> {
  const database = await openDatabase(config)
  await migrateToLatest(database)
  const http = createHttpClient({ defaultTimeoutMs: config.meta.requestTimeoutMs })
  const provider = createMetaCloudProvider({ ...config.meta, phoneNumberId: config.senders[0]!.phoneNumberId }, http)
  return {
    deps: { templates: createTemplateStore(database), manager: provider.templates, clock: systemClock, ids: createIds() },
    async close() {
      await http.close()
      await database.close()
    },
  }
}
