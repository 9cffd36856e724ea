import type { Instant } from '../shared/time.js'

/** Where the rules document lives when no rules file is configured: it survives a restart. */
export interface RulesDocumentStore {
  /** The stored document, or null when none was ever saved. */
  load(): Promise<string | null>
  save(document: string, now: Instant): Promise<void>
}
