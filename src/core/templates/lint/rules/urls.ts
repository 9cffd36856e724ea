import { TEMPLATE_LIMITS } from '../../limits.js'
import type { TemplateDefinition } from '../../model.js'
import { findPlaceholders } from '../../variables.js'
import { defineRule, hit, type Hit } from './rule.js'
import { at, exact, quote, URL_IN_TEXT, visibleParts } from './text.js'

const MAX_URL = TEMPLATE_LIMITS.url
/** A static scheme and host, ended by the start of a path, query or fragment. */
const STATIC_ORIGIN = /^https?:\/\/[^/?#{}\s]+[/?#]/iu
const HOST = /^(?:https?:\/\/)?([^/?#:\s]+)/iu
/** Link shorteners: they hide the destination, which review and users distrust. */
const SHORTENERS = new Set(
  'bit.ly bitly.com tinyurl.com goo.gl t.co ow.ly is.gd buff.ly cutt.ly rebrand.ly shorturl.at rb.gy tiny.cc t.ly s.id lnkd.in v.gd qr.ae clck.ru u.to'.split(' '),
)

function urlButtons(template: TemplateDefinition): { index: number; url: string }[] {
  const found: { index: number; url: string }[] = []
  template.buttons.forEach((button, index) => {
    if (button.type === 'url') found.push({ index, url: button.url })
  })
  return found
}

function variablesOf(url: string) {
  return findPlaceholders(url).filter((p) => p.name !== null)
}

/** Source: docs/platform.md §3.6 "Buttons" — a URL is at most 2,000 characters. */
export const urlTooLong = defineRule({
  id: 'url.too-long',
  severity: 'error',
  summary: 'Button URLs are at most 2,000 characters.',
  source: 'Platform doc §3.6 (Buttons: URL ≤2,000 chars)',
  check(template) {
    return urlButtons(template)
      .filter(({ url }) => url.length > MAX_URL)
      .map(({ index, url }) => hit('buttons', { button: index, start: MAX_URL, end: url.length }, `The URL of button ${index + 1} is ${url.length} characters; the limit is ${MAX_URL}.`, 'Use a shorter URL on your own domain that redirects to the long one.'))
  },
})

/** Source: platform doc §3.6 "Buttons" — a URL has at most one variable. */
export const urlTooManyVariables = defineRule({
  id: 'url.too-many-variables',
  severity: 'error',
  summary: 'A button URL has at most one variable.',
  source: 'Platform doc §3.6 (Buttons: URL ≤1 variable)',
  check(template) {
    const hits: Hit[] = []
    for (const { index, url } of urlButtons(template)) {
      const vars = variablesOf(url)
      const second = vars[1]
      if (second === undefined) continue
      hits.push(hit('buttons', { button: index, start: second.start, end: second.end }, `The URL of button ${index + 1} has ${vars.length} variables (${vars.map((v) => v.raw).join(', ')}); the platform allows one: ${quote(url, second.start, second.end)}.`, 'Keep one variable at the end of the URL (e.g. a token your site resolves to the rest).'))
    }
    return hits
  },
})

/** Source: platform doc §3.6 "Buttons" — the URL's one variable must come at its very end. */
export const urlVariableNotAtEnd = defineRule({
  id: 'url.variable-not-at-end',
  severity: 'error',
  summary: 'A button URL\'s variable is at the very end of the URL.',
  source: 'Platform doc §3.6 (Buttons: URL variable only at the end)',
  check(template) {
    const hits: Hit[] = []
    for (const { index, url } of urlButtons(template)) {
      const last = variablesOf(url).at(-1)
      if (last === undefined || last.end === url.trimEnd().length) continue
      hits.push(hit('buttons', { button: index, start: last.start, end: last.end }, `In the URL of button ${index + 1}, ${last.raw} is followed by ${exact(url, last.end, url.length)}: ${quote(url, last.start, last.end)}; only a variable at the very end is allowed.`, `Put the fixed part ${exact(url, last.end, url.length)} before ${last.raw} so the URL ends with it (e.g. "https://school.example/lessons/{{1}}"), and adjust the sample.`))
    }
    return hits
  },
})

/** Source: platform doc §3.6 "Buttons" (variable at the end of the URL) — the scheme and domain are fixed; only the path's end varies. */
export const urlVariableInDomain = defineRule({
  id: 'url.variable-in-domain',
  severity: 'error',
  summary: 'A button URL starts with a fixed https:// address; the variable cannot be or end the domain.',
  source: 'Platform doc §3.6 (Buttons: URL variable only at the end); Meta template guidelines (dynamic URLs append a suffix)',
  check(template) {
    const hits: Hit[] = []
    for (const { index, url } of urlButtons(template)) {
      const first = variablesOf(url)[0]
      if (first === undefined || STATIC_ORIGIN.test(url.slice(0, first.start))) continue
      hits.push(hit('buttons', { button: index, start: first.start, end: first.end }, `The URL of button ${index + 1} puts ${first.raw} in its address part: ${quote(url, first.start, first.end)}.`, 'Fix the domain and let the variable fill only the end of the path, e.g. "https://school.example/pay/{{1}}".'))
    }
    return hits
  },
})

/** Source: platform doc §3.1/§3.2 — a URL button's `url` is a web address (http or https). */
export const urlInvalid = defineRule({
  id: 'url.invalid',
  severity: 'error',
  summary: 'A button URL is a full http(s) address.',
  source: 'Platform doc §3.1, §3.6 (Buttons: URL)',
  check(template) {
    const hits: Hit[] = []
    for (const { index, url } of urlButtons(template)) {
      if (isWebAddress(url)) continue
      hits.push(hit('buttons', { button: index }, `The URL of button ${index + 1}, ${JSON.stringify(url)}, is not a full web address.`, 'Write the whole address with https://, e.g. "https://school.example/lessons".'))
    }
    return hits
  },
})

/** The URL with every placeholder-like run replaced by a letter, as a sample would fill it. */
function withSamples(url: string): string {
  let out = ''
  let from = 0
  for (const p of findPlaceholders(url)) {
    out += url.slice(from, p.start) + 'x'
    from = p.end
  }
  return out + url.slice(from)
}

/** A full http(s) address once its variable is filled in. */
function isWebAddress(url: string): boolean {
  const trimmed = url.trim()
  if (/\s/u.test(trimmed)) return false
  try {
    const parsed = new URL(withSamples(trimmed))
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname.includes('.')
  } catch {
    return false
  }
}

function shortenerIn(url: string): string | null {
  const host = HOST.exec(url)?.[1]?.toLowerCase().replace(/^www\./u, '')
  return host !== undefined && SHORTENERS.has(host) ? host : null
}

/**
 * Source: Meta's template guidelines and WhatsApp Business Policy — links should show where they
 * lead; shortened links hide it and are a common reason for rejection or spam reports (warning).
 */
export const urlShortener = defineRule({
  id: 'url.shortener',
  severity: 'warning',
  summary: 'No link shorteners (bit.ly, tinyurl…): use your own domain.',
  source: 'Meta template guidelines (links must show their destination); WhatsApp Business Policy',
  check(template) {
    const hits: Hit[] = []
    for (const part of visibleParts(template)) {
      for (const m of part.text.matchAll(URL_IN_TEXT)) {
        const host = shortenerIn(m[0])
        if (host !== null) hits.push(hit(part.component, at(part, m.index, m.index + m[0].length), `The ${part.label} links through the shortener ${host}: ${quote(part.text, m.index, m.index + m[0].length)}.`, 'Link to the full address on your own domain.'))
      }
    }
    for (const { index, url } of urlButtons(template)) {
      const host = shortenerIn(url.trim())
      if (host !== null) hits.push(hit('buttons', { button: index }, `The URL of button ${index + 1} goes through the shortener ${host}: ${JSON.stringify(url)}.`, 'Use the full address on your own domain.'))
    }
    return hits
  },
})

export const URL_RULES = [urlInvalid, urlTooLong, urlTooManyVariables, urlVariableNotAtEnd, urlVariableInDomain, urlShortener]
