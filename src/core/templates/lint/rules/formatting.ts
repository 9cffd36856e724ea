import { defineRule, hit, type Hit } from './rule.js'
import { EMAIL_IN_TEXT, EMOJI, maskPlaceholders, quote, URL_IN_TEXT } from './text.js'

/** A `*` or `-` opening a list item is WhatsApp's bullet syntax, not a marker. */
const BULLET = /^([ \t]*)[*-](?=[ \t])/gmu
/** `_` between letters or digits (snake_case, file names) is not a marker either. */
const INNER_UNDERSCORE = /(?<=[\p{L}\p{N}])_(?=[\p{L}\p{N}])/gu
const MARKERS = ['*', '_', '~'] as const
const MONO = '```'
/**
 * Markdown WhatsApp does not render: **double**, __double__, [text](link), # headings. Link text and
 * address exclude their own opening bracket so each `[` or `(` starts at most one scan (linear).
 */
const MARKDOWN = /\*\*[^*\n]+\*\*|__[^_\n]+__|\[[^[\]\n]+\]\([^()\n]+\)|^#{1,6}[ \t]/mu
/** Beyond this many emojis a template reads as a promotion; the platform doc says the count "may be limited". */
const MAX_EMOJIS = 10

function blank(text: string, pattern: RegExp): string {
  return text.replace(pattern, (m) => ' '.repeat(m.length))
}

/** The body without what is not prose (placeholders, links, e-mail addresses), for marker counting. */
function prose(text: string): string {
  let out = maskPlaceholders(text)
  out = blank(out, URL_IN_TEXT)
  out = blank(out, EMAIL_IN_TEXT)
  out = out.replace(BULLET, (_m, indent: string) => indent + ' ')
  return blank(out, INNER_UNDERSCORE)
}

/**
 * Source: docs/platform.md §3.6 "Body" (`*bold*` etc. allowed) and WhatsApp's formatting syntax —
 * an unpaired marker is shown as a literal character, which reviewers read as a typo.
 */
export const formattingUnbalanced = defineRule({
  id: 'formatting.unbalanced',
  severity: 'info',
  summary: 'Formatting markers (*bold*, _italic_, ~strike~, ```mono```) come in pairs.',
  source: 'Platform doc §3.6 (Body: *bold* etc. allowed); WhatsApp formatting syntax',
  check(template) {
    const text = template.body.text
    const masked = prose(text)
    const hits: Hit[] = []
    const monoCount = masked.split(MONO).length - 1
    if (monoCount % 2 === 1) {
      const at = masked.lastIndexOf(MONO)
      hits.push(hit('body', { start: at, end: at + 3 }, `The body opens a \`\`\` monospace block it never closes: ${quote(text, at, at + 3)}.`, 'Close the block with ``` or remove the marker.'))
    }
    const withoutMono = masked.replaceAll(MONO, '   ')
    for (const marker of MARKERS) {
      const positions: number[] = []
      for (let i = withoutMono.indexOf(marker); i >= 0; i = withoutMono.indexOf(marker, i + 1)) positions.push(i)
      if (positions.length % 2 === 0) continue
      const at = positions[positions.length - 1]!
      hits.push(hit('body', { start: at, end: at + 1 }, `The body has an unpaired ${JSON.stringify(marker)}, which WhatsApp shows as written: ${quote(text, at, at + 1)}.`, `Pair it (${marker}text${marker}) or remove it.`))
    }
    return hits
  },
})

/** Source: WhatsApp formatting syntax (single markers) — Markdown such as **bold** or [text](link) is shown raw. */
export const formattingMarkdown = defineRule({
  id: 'formatting.markdown',
  severity: 'info',
  summary: 'Markdown (**bold**, [text](link), # heading) is not WhatsApp formatting.',
  source: 'WhatsApp formatting syntax; platform doc §3.6 (Body formatting)',
  check(template) {
    const text = template.body.text
    const m = MARKDOWN.exec(maskPlaceholders(text))
    if (m === null) return []
    return [hit('body', { start: m.index, end: m.index + m[0].length }, `The body uses Markdown that WhatsApp shows as written: ${quote(text, m.index, m.index + m[0].length)}.`, 'Use WhatsApp formatting: *bold*, _italic_, ~strike~, and plain links (https://…).')]
  },
})

/**
 * Source: platform doc §3.6 "Body" — emojis are allowed but their count may be limited; a body
 * heavy with emojis also reads as marketing (§8).
 */
export const formattingEmojiCount = defineRule({
  id: 'formatting.emoji-count',
  severity: 'info',
  summary: `At most ${MAX_EMOJIS} emojis in the body.`,
  source: 'Platform doc §3.6 (Body: emoji count may be limited), §8 (promotional tone)',
  check(template) {
    if (template.category === 'AUTHENTICATION') return [] // authentication.emoji covers it
    const text = template.body.text
    const emojis = [...text.matchAll(EMOJI)]
    if (emojis.length <= MAX_EMOJIS) return []
    const over = emojis[MAX_EMOJIS]!
    return [hit('body', { start: over.index, end: over.index + over[0].length }, `The body has ${emojis.length} emojis; more than ${MAX_EMOJIS} may be refused and reads as promotional.`, `Keep at most ${MAX_EMOJIS} emojis.`)]
  },
})

export const FORMATTING_RULES = [formattingUnbalanced, formattingMarkdown, formattingEmojiCount]
