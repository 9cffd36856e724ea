import { z } from 'zod'
import type { IgnoredEvent, ProviderEvent } from '../../core/providers/provider.js'
import type { TemplateCategoryEvent, TemplateQualityEvent, TemplateStatusEvent } from '../../core/providers/templates.js'
import type { Instant } from '../../core/shared/time.js'
import { reasonOf, templateCategoryOf, templateStatusOf } from './meta-template-status.js'

/** What a change's parser knows of its entry: when Meta triggered the webhook (`entry.time`), or 0 when it did not say. */
export interface ChangeContext {
  at: Instant
}

/**
 * `message_template_id` is a JSON number (docs/platform.md §2.7); ids past 2^53 would have lost digits in
 * JSON.parse, so they are refused rather than filed under a wrong id. A string is tolerated.
 */
const TemplateId = z.union([
  z.number().refine(Number.isSafeInteger, 'is not an integer JSON.parse can hold exactly').transform(String),
  z.string().regex(/^\d+$/),
])

const TemplateRef = z.object({
  message_template_id: TemplateId,
  message_template_name: z.string().min(1),
  // Meta's webhook references write `en-US`; the template API and sends use `en_US`.
  message_template_language: z.string().min(1).transform((language) => language.replace(/-/g, '_')),
})

const Category = z.string().transform((word, ctx) => {
  const category = templateCategoryOf(word)
  if (category) return category
  ctx.addIssue({ code: 'custom', message: `unknown category ${word}` })
  return z.NEVER
})

const StatusValue = TemplateRef.extend({ event: z.string().min(1), reason: z.string().nullish() })
const CategoryValue = TemplateRef.extend({ previous_category: Category.optional(), new_category: Category, correct_category: Category.optional() })
const QualityValue = TemplateRef.extend({ previous_quality_score: z.string().nullish(), new_quality_score: z.string().min(1) })

const ignored = (reason: string): IgnoredEvent => ({ kind: 'ignored', reason })
const malformed = (what: string, error: z.ZodError): IgnoredEvent => ignored(`malformed ${what}: ${error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(', ')}`)

/**
 * `message_template_status_update`. Events that do not say where the template now stands are
 * ignored with a reason: `UNARCHIVED` restores "its previous status" (which, the webhook does not
 * say), `LOCKED`/`UNLOCKED` concern editing only, and words newer than this adapter are unknown.
 */
export function parseTemplateStatusValue(value: unknown, { at }: ChangeContext): ProviderEvent[] {
  const parsed = StatusValue.safeParse(value)
  if (!parsed.success) return [malformed('template status', parsed.error)]
  const v = parsed.data
  const status = templateStatusOf(v.event)
  if (!status) return [ignored(`template_status:${v.event} for ${v.message_template_id}`)]
  const event: TemplateStatusEvent = {
    kind: 'template_status',
    providerTemplateId: v.message_template_id,
    name: v.message_template_name,
    language: v.message_template_language,
    status,
    providerStatus: v.event,
    reason: reasonOf(v.reason),
    at,
  }
  return [event]
}

/**
 * `template_category_update`. Two shapes: a completed change (`previous_category`, `new_category`)
 * and, 24 h ahead, a notice (`correct_category` = the coming category, `new_category` = the CURRENT
 * one, `category_update_timestamp`). The port has no field for a coming change, and reading the
 * notice as a move would report the current category as new, so notices are ignored with a reason.
 */
export function parseTemplateCategoryValue(value: unknown, { at }: ChangeContext): ProviderEvent[] {
  const parsed = CategoryValue.safeParse(value)
  if (!parsed.success) return [malformed('template category', parsed.error)]
  const v = parsed.data
  if (v.previous_category === undefined && v.correct_category !== undefined && v.correct_category !== v.new_category) {
    return [ignored(`template_category notice: ${v.message_template_id} ${v.new_category} → ${v.correct_category}`)]
  }
  const event: TemplateCategoryEvent = {
    kind: 'template_category',
    providerTemplateId: v.message_template_id,
    name: v.message_template_name,
    language: v.message_template_language,
    previousCategory: v.previous_category ?? null,
    newCategory: v.new_category,
    at,
  }
  return [event]
}

/** `message_template_quality_update`: `GREEN`, `YELLOW`, `RED` or `UNKNOWN` (quality pending), as Meta words it. */
export function parseTemplateQualityValue(value: unknown, { at }: ChangeContext): ProviderEvent[] {
  const parsed = QualityValue.safeParse(value)
  if (!parsed.success) return [malformed('template quality', parsed.error)]
  const v = parsed.data
  const event: TemplateQualityEvent = {
    kind: 'template_quality',
    providerTemplateId: v.message_template_id,
    name: v.message_template_name,
    language: v.message_template_language,
    previousQuality: v.previous_quality_score ?? null,
    newQuality: v.new_quality_score,
    at,
  }
  return [event]
}
