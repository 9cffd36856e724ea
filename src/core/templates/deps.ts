import type { Clock, Ids } from '../ports.js'
import type { TemplateManager } from './manager.js'
import type { TemplateStore, TemplateSyncRecord } from './ports.js'

/** What the template use cases need. */
export interface TemplateDeps {
  templates: TemplateStore
  /** The provider account the templates live on (the default WhatsApp sender's). */
  manager: TemplateManager
  /** That account's id: a different one than at the last sync means the business switched provider. */
  account: string
  syncRecord: TemplateSyncRecord
  clock: Clock
  ids: Ids
}
