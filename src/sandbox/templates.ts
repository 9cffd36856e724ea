import type { MetaFailure } from './errors.js'

/**
 * Where a template send learns whether the template exists and what it costs. There is no template
 * store yet: the placeholder accepts every well-formed template send. A later store (platform doc
 * §3, with review, pausing and disabling) implements this same interface and refuses sends with
 * 132001 / 132015 / 132016 / 132000 / 132005 at send time (§9 item 3).
 */

export type TemplateCategory = 'marketing' | 'utility' | 'authentication'

export interface TemplateSendRequest {
  wabaId: string
  name: string
  languageCode: string
  /** The `components` array as sent, already checked for shape. */
  components: readonly unknown[]
}

export type TemplateResolution = { ok: true; category: TemplateCategory } | { ok: false; failure: MetaFailure }

export interface TemplateCatalog {
  /** Decides whether a template send may go out and with which pricing category. */
  resolve(request: TemplateSendRequest): TemplateResolution
}

const UTILITY: TemplateResolution = { ok: true, category: 'utility' }
const MARKETING: TemplateResolution = { ok: true, category: 'marketing' }

/** The placeholder: any template exists; `marketing_` / `promo_` names are marketing, the rest utility. */
export const acceptAnyTemplate: TemplateCatalog = {
  resolve({ name }) {
    return name.startsWith('marketing_') || name.startsWith('promo_') ? MARKETING : UTILITY
  },
}
