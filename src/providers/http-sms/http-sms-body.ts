/**
 * The JSON body a generic SMS gateway is sent (docs/platform.md §7.5): a template whose string
 * values may hold `{{from}}`, `{{to}}`, `{{text}}` and `{{reference}}`, filled per message. Values
 * are substituted into the parsed JSON, never into its text, so a quote or a newline in a message
 * cannot break the body.
 */

export const BODY_PLACEHOLDERS = ['from', 'to', 'text', 'reference'] as const
export type BodyValues = Record<(typeof BODY_PLACEHOLDERS)[number], string>

/** Our own gateway protocol's body: what a gateway that follows it takes. */
export const DEFAULT_BODY_TEMPLATE: Readonly<Record<string, string>> = Object.freeze({ from: '{{from}}', to: '{{to}}', text: '{{text}}', reference: '{{reference}}' })

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g

/** Placeholders a template names that Parley does not fill; empty when it is fine. */
export function unknownPlaceholders(template: unknown): string[] {
  const found = new Set<string>()
  walk(template, (s) => {
    for (const [, name] of s.matchAll(PLACEHOLDER)) if (!(BODY_PLACEHOLDERS as readonly string[]).includes(name!)) found.add(name!)
    return s
  })
  return [...found]
}

/** The template with every placeholder replaced by its value. */
export function renderBody(template: unknown, values: BodyValues): unknown {
  return walk(template, (s) => s.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(values, name) ? values[name as keyof BodyValues] : whole)))
}

function walk(value: unknown, onString: (s: string) => string): unknown {
  if (typeof value === 'string') return onString(value)
  if (Array.isArray(value)) return value.map((item) => walk(item, onString))
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, onString)]))
  return value
}

/** The value at a dotted path (`id`, `data.message_id`) of a JSON answer, if it is a string or a number. */
export function fieldAt(json: unknown, path: string): string | undefined {
  let current: unknown = json
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  if (typeof current === 'number' && Number.isFinite(current)) return String(current)
  return typeof current === 'string' && current !== '' ? current : undefined
}
