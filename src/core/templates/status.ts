/**
 * A template's life in Parley: written (`draft`), handed to the provider (`submitted`), in review
 * (`pending`), then `approved`, `rejected`, `paused` (low quality, for hours) or `disabled`; `deleted`
 * when removed. Editing an approved, rejected or paused template and submitting it again starts a
 * new review.
 */
export const TEMPLATE_STATUSES = ['draft', 'submitted', 'pending', 'approved', 'rejected', 'paused', 'disabled', 'deleted'] as const
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number]

/** Only approved templates can be sent (docs/platform.md §3.3). */
export function isSendable(status: TemplateStatus): boolean {
  return status === 'approved'
}
