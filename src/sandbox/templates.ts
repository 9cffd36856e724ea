import type { MetaFailure } from './errors.js'

/**
 * Where a template send learns whether the template exists and what it costs. The template store
 * (`template-store.ts`, docs/platform.md §3) implements it and refuses sends with 132001 / 132015 /
 * 132016 / 132000 / 132012 / 132005 at send time (§9 item 3).
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
