import type { MetaFailure } from './errors.js'
import { bodyOf, buttonsOf, footerOf, headerOf, type TemplateButton, type TemplateDraft } from './template-model.js'
import { placeholderProblem, placeholders, variableNames } from './template-variables.js'
import { charLength, Invalid } from './validate-helpers.js'

/**
 * The content rules Graph enforces when a template is created or edited (docs/platform.md §3.6), answered
 * at once with code 100 and the subcode §3.6 names. What the sandbox decides here, synchronously:
 *
 * - 2388040 length exceeded: header > 60, body > 1,024, footer > 60, button label > 25, URL > 2,000,
 *   phone number > 20, copy-code example > 15 characters;
 * - 2388047 header format: more than one variable, or a newline, in a text header;
 * - 2388072 body format: malformed placeholders (invalid characters, stray braces, the other
 *   parameter format's syntax, positional numbers not running 1…n);
 * - 2388073 footer format: a variable in the footer;
 * - 2388299 a body that starts or ends with a variable (trailing punctuation does not help; not for
 *   authentication templates, whose body is Meta's preset text);
 * - 2388293 too many variables for the fixed text (no published threshold: the sandbox refuses
 *   fewer than {@link MIN_FIXED_CHARS_PER_VARIABLE} non-space fixed characters per variable);
 * - plain 100: missing samples for a variable or a media header, and button counts/types beyond
 *   §3.6's limits — Graph's parameter validation, not a review judgement.
 *
 * Everything a reviewer judges (format characters in headers, adjacent variables, URL variables
 * not at the end, authentication rules, policy) is decided by the review: `template-review.ts`.
 */

export const MIN_FIXED_CHARS_PER_VARIABLE = 8

export function checkCreateRules(d: TemplateDraft): void {
  const header = headerOf(d)
  if (header?.format === 'TEXT') {
    const text = header.text ?? ''
    if (charLength(text) > 60) tooLong('Header text', 60)
    const vars = variableNames(text)
    if (vars.length > 1 || placeholders(text).length > 1) refuse(2388047, 'Header format incorrect', 'A text header can have at most one variable.')
    if (/[\r\n]/.test(text)) refuse(2388047, 'Header format incorrect', 'A header cannot contain newlines.')
    const problem = placeholderProblem(text, d.parameterFormat)
    if (problem) refuse(2388047, 'Header format incorrect', problem)
    if (vars.length === 1 && !hasExamples(vars, header.example?.header_text, header.example?.header_text_named_params, d.parameterFormat)) {
      missingSample('the header variable')
    }
  } else if (header && header.format !== 'LOCATION' && !(header.example?.header_handle?.length)) {
    missingSample(`the ${header.format.toLowerCase()} header (example.header_handle)`)
  }

  const body = bodyOf(d)!
  if (charLength(body.text) > 1024) tooLong('Body text', 1024)
  const problem = placeholderProblem(body.text, d.parameterFormat)
  if (problem) refuse(2388072, 'Body format incorrect', problem)
  const vars = variableNames(body.text)
  // Authentication bodies are Meta's own preset text (`*{{1}}* is your verification code.`): the
  // placement and density rules are for free text.
  if (vars.length > 0 && d.category !== 'AUTHENTICATION') {
    if (startsOrEndsWithVariable(body.text)) {
      refuse(2388299, "Variables can't be at the start or end of the template", 'The body text must not start or end with a variable; trailing punctuation does not count as text.')
    }
    if (fixedChars(body.text) < MIN_FIXED_CHARS_PER_VARIABLE * vars.length) {
      refuse(2388293, 'Too many variables for the message length', 'This template has too many variables for its length. Add more fixed text or remove variables.')
    }
    if (!hasExamples(vars, body.example?.body_text?.[0], body.example?.body_text_named_params, d.parameterFormat)) missingSample('every body variable')
  }

  const footer = footerOf(d)
  if (footer) {
    if (charLength(footer.text) > 60) tooLong('Footer text', 60)
    if (placeholders(footer.text).length > 0 || footer.text.includes('{{')) refuse(2388073, 'Footer format incorrect', 'The footer cannot contain variables.')
  }

  checkButtons(buttonsOf(d))
}

function checkButtons(buttons: TemplateButton[]): void {
  if (buttons.length > 10) plain('A template can have at most 10 buttons.')
  const limits = { QUICK_REPLY: 10, URL: 2, PHONE_NUMBER: 1, COPY_CODE: 1, OTP: 1, FLOW: 1 }
  for (const [type, max] of Object.entries(limits)) {
    if (buttons.filter((b) => b.type === type).length > max) plain(`A template can have at most ${max} ${type} button${max > 1 ? 's' : ''}.`)
  }
  for (const b of buttons) {
    if (b.text !== undefined && charLength(b.text) > 25) tooLong('Button text', 25)
    if (b.type === 'URL') {
      const url = b.url ?? ''
      if (charLength(url) > 2000) tooLong('Button URL', 2000)
      if (!/^https?:\/\/\S+$/i.test(url.replace(/\{\{[^{}]*\}\}/g, 'x'))) plain('A URL button needs an http(s) URL.')
      if (url.includes('{{') && !(b.example?.length)) missingSample('the URL button variable')
    }
    if (b.type === 'PHONE_NUMBER' && charLength(b.phone_number ?? '') > 20) tooLong('Button phone number', 20)
    if (b.type === 'COPY_CODE') {
      if (typeof b.example !== 'string' || b.example === '') missingSample('the copy-code button')
      if (charLength(b.example) > 15) tooLong('Copy-code example', 15)
    }
  }
}

/** §3.6: `{{1}} is here` and `… total {{2}}.` both count — punctuation and spaces around do not help. */
export function startsOrEndsWithVariable(text: string): boolean {
  // Spaces and punctuation around the text, but not the braces of a variable.
  const trimmed = text.replace(/^(?:(?![{}])[\s\p{P}])+|(?:(?![{}])[\s\p{P}])+$/gu, '')
  const found = placeholders(trimmed)
  return found.length > 0 && (found[0]!.start === 0 || found.at(-1)!.end === trimmed.length)
}

function fixedChars(text: string): number {
  return charLength(text.replace(/\{\{[^{}]*\}\}/g, '').replace(/\s+/g, ''))
}

function hasExamples(
  vars: string[],
  positional: string[] | undefined,
  named: Array<{ param_name: string; example: string }> | undefined,
  format: 'POSITIONAL' | 'NAMED',
): boolean {
  if (format === 'NAMED') return vars.every((v) => named?.some((e) => e.param_name === v && e.example !== ''))
  return positional !== undefined && positional.length >= vars.length && positional.slice(0, vars.length).every((s) => s !== '')
}

function refuse(subcode: number, userTitle: string, userMsg: string): never {
  throw new Invalid(templateFailure(userTitle, userMsg, subcode))
}

/** Graph's answer to a refused template call: `(#100) Invalid parameter`, a subcode and user-facing text. */
export function templateFailure(userTitle: string, userMsg: string, subcode?: number): MetaFailure {
  const f: MetaFailure = { code: 100, message: '(#100) Invalid parameter', userTitle, userMsg, details: userMsg }
  if (subcode !== undefined) f.subcode = subcode
  return f
}

function tooLong(what: string, max: number): never {
  refuse(2388040, 'Field length exceeded', `${what} is longer than ${max} characters.`)
}

function missingSample(what: string): never {
  plain(`Add a sample (example) for ${what}.`)
}

function plain(userMsg: string): never {
  throw new Invalid(templateFailure('Invalid parameter', userMsg))
}
