import type { ItemError } from '../errors.js'
import type { TemplateContent } from './content.js'
import { chooseLanguage, type FallbackChain } from './choose-language.js'
import type { TemplateRecord } from './ports.js'
import { renderTemplate, type TemplateSendInput } from './render.js'

/** A template send as requested: the family, maybe a language, and the values. */
export interface TemplateRequest extends TemplateSendInput {
  name: string
  /** Exact language; when absent, the contact's language with the fallback chain. */
  language?: string
}

export interface LanguagePolicy {
  fallback: FallbackChain
  /** Tried after the contact's language when no language is requested. */
  defaultLanguage: string
}

/**
 * Picks the stored template a send uses and renders it: unknown name or language →
 * `template_not_found`; not approved (pending, rejected, paused…) → `template_not_approved`;
 * wrong values → `template_params_invalid`, each with details. Nothing is queued on an error.
 */
export function resolveTemplate(
  family: readonly TemplateRecord[],
  request: TemplateRequest,
  contactLanguage: string | null,
  policy: LanguagePolicy,
): { ok: true; content: TemplateContent } | { ok: false; error: ItemError } {
  const languages = family.map((t) => ({ language: t.definition.language, status: t.status }))
  if (family.length === 0) {
    return { ok: false, error: { code: 'template_not_found', message: `No template named "${request.name}".`, details: { field: 'template.name' } } }
  }
  let template: TemplateRecord | undefined
  if (request.language !== undefined) {
    template = family.find((t) => t.definition.language === request.language)
    if (!template) {
      return {
        ok: false,
        error: { code: 'template_not_found', message: `Template "${request.name}" has no "${request.language}" version.`, details: { field: 'template.language', languages } },
      }
    }
  } else {
    const preferred = [...(contactLanguage ? [contactLanguage] : []), policy.defaultLanguage]
    const language = chooseLanguage(languages, preferred, policy.fallback)
    template = family.find((t) => t.definition.language === language)
    if (!template) {
      return {
        ok: false,
        error: { code: 'template_not_approved', message: `Template "${request.name}" has no approved version in ${preferred.join(', ')} or their fallbacks.`, details: { languages } },
      }
    }
  }
  if (template.status !== 'approved') {
    return {
      ok: false,
      error: {
        code: 'template_not_approved',
        message: `Template "${request.name}" (${template.definition.language}) is ${template.status}; only approved templates can be sent.`,
        details: { status: template.status, reason: template.rejectionReason },
      },
    }
  }
  const rendered = renderTemplate(template.definition, request)
  if (!rendered.ok) {
    return {
      ok: false,
      error: {
        code: 'template_params_invalid',
        message: `Wrong values for template "${request.name}" (${template.definition.language}): ${rendered.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        details: { issues: rendered.issues },
      },
    }
  }
  return { ok: true, content: rendered.content }
}
