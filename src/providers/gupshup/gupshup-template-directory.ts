import type { ProviderError } from '../../core/providers/provider.js'
import type { RemoteTemplate, TemplateCallOutcome } from '../../core/providers/templates.js'

/** A template looked up by name and language: found, not on the app, or the list could not be read. */
export type TemplateLookup =
  | { kind: 'found'; template: RemoteTemplate }
  | { kind: 'missing' }
  | { kind: 'failed'; retryable: boolean; error: ProviderError }

/**
 * Gupshup sends a template by its own UUID, not by name and language (docs/platform.md §7.1), so the
 * adapter keeps the app's template list: every list the template manager makes refreshes it, and a
 * send that names a template it does not know lists once more (a template approved since) before
 * giving up. Concurrent misses share one list call.
 */
export interface TemplateDirectory {
  /** The template with this name and language, from the list held or, failing that, a fresh one. */
  find(name: string, language: string): Promise<TemplateLookup>
  /** Replaces the list held with a fresh one. */
  remember(templates: readonly RemoteTemplate[]): void
  /** The template with Gupshup's id, from the list held (callbacks name templates by id alone). */
  byId(providerTemplateId: string): RemoteTemplate | undefined
}

const keyOf = (name: string, language: string) => `${name}\u0000${language}`

/** A directory that reads the app's templates with `load` when it must. */
export function createTemplateDirectory(load: () => Promise<TemplateCallOutcome<RemoteTemplate[]>>): TemplateDirectory {
  let byKey = new Map<string, RemoteTemplate>()
  let byId = new Map<string, RemoteTemplate>()
  let refreshing: Promise<TemplateCallOutcome<RemoteTemplate[]>> | null = null

  const remember = (templates: readonly RemoteTemplate[]): void => {
    byKey = new Map(templates.map((t) => [keyOf(t.definition.name, t.definition.language), t]))
    byId = new Map(templates.map((t) => [t.providerTemplateId, t]))
  }

  const refresh = (): Promise<TemplateCallOutcome<RemoteTemplate[]>> => {
    refreshing ??= load()
      .then((outcome) => {
        if (outcome.kind === 'ok') remember(outcome.value)
        return outcome
      })
      .finally(() => {
        refreshing = null
      })
    return refreshing
  }

  return {
    async find(name, language) {
      const known = byKey.get(keyOf(name, language))
      if (known) return { kind: 'found', template: known }
      const outcome = await refresh()
      if (outcome.kind !== 'ok') return { kind: 'failed', retryable: outcome.kind === 'retryable', error: outcome.error }
      const fresh = byKey.get(keyOf(name, language))
      return fresh ? { kind: 'found', template: fresh } : { kind: 'missing' }
    },
    remember,
    byId: (id) => byId.get(id),
  }
}
