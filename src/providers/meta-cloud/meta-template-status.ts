import type { RemoteTemplate } from '../../core/providers/templates.js'
import { TEMPLATE_CATEGORIES, type TemplateCategory } from '../../core/templates/model.js'
import type { TemplateStatus } from '../../core/templates/status.js'

/**
 * Meta's template status words (docs/platform.md §3.3; also the `event` of `message_template_status_update`, §2.7)
 * in Parley's lifecycle. The raw word is always kept beside it (`providerStatus`).
 *
 * - `IN_APPEAL`: back in review → pending. `FLAGGED` (at risk) and `REINSTATED` are still or again
 *   sendable → approved. `LIMIT_EXCEEDED`: the WABA's template cap refused it → rejected.
 * - `ARCHIVED` → disabled. Meta: archived templates "cannot be sent", are deleted after 28 days,
 *   and only an unarchive (a deliberate act, like an appeal) restores them. Not `paused`, which
 *   ends by itself within hours; not `deleted`, because the template still exists and holds its
 *   name, so a sync must neither forget it nor let the name be created again.
 *
 * A Map, not an object literal: a status named `constructor` must not find Object.prototype.
 */
const STATUSES: ReadonlyMap<string, TemplateStatus> = new Map<string, TemplateStatus>([
  ['PENDING', 'pending'],
  ['IN_APPEAL', 'pending'],
  ['APPROVED', 'approved'],
  ['FLAGGED', 'approved'],
  ['REINSTATED', 'approved'],
  ['REJECTED', 'rejected'],
  ['LIMIT_EXCEEDED', 'rejected'],
  ['PAUSED', 'paused'],
  ['DISABLED', 'disabled'],
  ['ARCHIVED', 'disabled'],
  ['PENDING_DELETION', 'deleted'],
  ['DELETED', 'deleted'],
])

/** Parley's status for one of Meta's status words; `undefined` for a word this adapter does not know. */
export function templateStatusOf(word: string): TemplateStatus | undefined {
  return STATUSES.get(word.toUpperCase())
}

/** A category word in any case (`utility`, `UTILITY`), or `undefined` when it is not one of Parley's three. */
export function templateCategoryOf(word: unknown): TemplateCategory | undefined {
  if (typeof word !== 'string') return undefined
  const upper = word.toUpperCase()
  return TEMPLATE_CATEGORIES.find((category) => category === upper)
}

/** Meta's `reason` / `rejected_reason`: `NONE`, empty or absent all mean "no reason". */
export function reasonOf(reason: unknown): RemoteTemplate['rejectedReason'] {
  return typeof reason === 'string' && reason !== '' && reason.toUpperCase() !== 'NONE' ? reason : null
}
