import type { Clock, Ids } from '../ports.js'
import type { TemplateManager } from './manager.js'
import type { TemplateStore } from './ports.js'

/** What the template use cases need. */
export interface TemplateDeps {
  templates: TemplateStore
  manager: TemplateManager
  clock: Clock
  ids: Ids
}
