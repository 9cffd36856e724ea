import type { Category, QualityScore, RejectionReason, StoredTemplate } from './template-model.js'

/**
 * The `value` of the template webhooks (docs/platform.md §2.7, field order as Meta's references write
 * them). `message_template_id` is a JSON number, unlike the string id every API answer carries.
 */

export type TemplateWebhookField = 'message_template_status_update' | 'template_category_update' | 'message_template_quality_update'

export type StatusEvent = 'APPROVED' | 'REJECTED' | 'PAUSED' | 'DISABLED'

function ids(t: StoredTemplate): { message_template_id: number; message_template_name: string; message_template_language: string } {
  return { message_template_id: Number(t.id), message_template_name: t.name, message_template_language: t.language }
}

/** A status change; `reason` is `NONE` on approval and for reason-less changes (§2.7, §3.4). */
export function statusUpdate(t: StoredTemplate, event: StatusEvent, reason: RejectionReason, atMs: number): object {
  const value: Record<string, unknown> = { event, ...ids(t), reason, message_template_category: t.category }
  if (event === 'DISABLED') value.disable_info = { disable_date: Math.floor(atMs / 1000) }
  return value
}

/** A completed category change by the platform (§3.5): previous and new category. */
export function categoryUpdate(t: StoredTemplate, previous: Category, next: Category): object {
  return { ...ids(t), previous_category: previous, new_category: next }
}

export function qualityUpdate(t: StoredTemplate, previous: QualityScore, next: QualityScore): object {
  return { previous_quality_score: previous, new_quality_score: next, ...ids(t) }
}
