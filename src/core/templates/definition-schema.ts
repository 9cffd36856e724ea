import { z } from 'zod'
import { TEMPLATE_CATEGORIES, type ParameterFormat, type TemplateButton, type TemplateDefinition, type TemplateHeader } from './model.js'
import { edgeCap, TEMPLATE_LIMITS } from './limits.js'
import { variableNames } from './variables.js'

/**
 * The written form of a template, shared by the API (JSON) and template files (YAML): snake_case,
 * with shorthands people like (`body: "text"`, `header: "text"`, one `examples` map for the whole
 * template). Shape only: whether the platform would accept the content is lint's job — except
 * length: every text is capped at EDGE_FACTOR × the platform's limit (limits.ts), so a request
 * is refused before lint or storage spend time on text no template could hold.
 */
const text = (limit: number) => z.string().min(1).max(edgeCap(limit))

/** A sample fills a variable of a body; the filled body is held to the body's limit. */
const SAMPLE_CAP = edgeCap(TEMPLATE_LIMITS.body)
/** More samples than a capped body could have variables (`{{a}}` is five characters) is not a template. */
const MAX_SAMPLES = Math.ceil(edgeCap(TEMPLATE_LIMITS.body) / 5)
const examples = z
  .record(z.string().min(1).max(TEMPLATE_LIMITS.name), z.union([z.string().max(SAMPLE_CAP), z.number()]).transform(String))
  .refine((e) => Object.keys(e).length <= MAX_SAMPLES, `at most ${MAX_SAMPLES} sample values`)

const header = z.union([
  text(TEMPLATE_LIMITS.headerText).transform((text) => ({ format: 'text' as const, text })),
  z.object({ format: z.literal('text'), text: text(TEMPLATE_LIMITS.headerText), examples: examples.optional() }).strict(),
  z.object({ format: z.enum(['image', 'video', 'document']), example: text(TEMPLATE_LIMITS.url).optional() }).strict(),
  z.object({ format: z.literal('location') }).strict(),
])

const button = z.discriminatedUnion('type', [
  z.object({ type: z.literal('quick_reply'), text: text(TEMPLATE_LIMITS.buttonText) }).strict(),
  z.object({ type: z.literal('url'), text: text(TEMPLATE_LIMITS.buttonText), url: text(TEMPLATE_LIMITS.url), example: text(TEMPLATE_LIMITS.url).optional() }).strict(),
  z.object({ type: z.literal('phone_number'), text: text(TEMPLATE_LIMITS.buttonText), phone_number: text(TEMPLATE_LIMITS.phoneNumber) }).strict(),
  z.object({ type: z.literal('copy_code'), example: text(TEMPLATE_LIMITS.copyCode) }).strict(),
])

/** The parts that differ between the languages of one template. */
export const templateVariantSchema = z
  .object({
    header: header.optional(),
    body: z.union([text(TEMPLATE_LIMITS.body), z.object({ text: text(TEMPLATE_LIMITS.body), examples: examples.optional() }).strict()]),
    footer: text(TEMPLATE_LIMITS.footer).optional(),
    buttons: z.array(button).max(20).optional(),
    examples: examples.optional().describe('Sample values for the variables, by name ("1", "2" or "child_name").'),
  })
  .strict()

const common = {
  name: z.string().min(1).max(TEMPLATE_LIMITS.name),
  category: z.string().transform((c) => c.toUpperCase()).pipe(z.enum(TEMPLATE_CATEGORIES)),
  parameter_format: z.enum(['positional', 'named']).optional().describe('Inferred from the placeholders when absent.'),
  tags: z.array(z.string().min(1).max(64)).max(50).optional(),
  folder: z.string().min(1).max(255).regex(/^[^/].*[^/]$|^[^/]$/, 'no leading or trailing "/"').nullable().optional(),
}

/** One template in one language (the API's unit). */
export const templateSchema = templateVariantSchema.extend({ ...common, language: z.string().min(2).max(16) }).strict()

/** One template in all its languages (a template file's unit). */
export const templateFamilySchema = z
  .object({ ...common, examples: examples.optional(), languages: z.record(z.string().min(2).max(16), templateVariantSchema) })
  .strict()
  .refine((f) => Object.keys(f.languages).length > 0, { message: 'at least one language', path: ['languages'] })

export type TemplateInputJson = z.input<typeof templateSchema>
export type TemplateFamilyJson = z.input<typeof templateFamilySchema>

type Variant = z.output<typeof templateVariantSchema>

/** Builds the model from the written form; `sharedExamples` are a family's defaults for every language. */
export function toDefinition(
  base: { name: string; language: string; category: TemplateDefinition['category']; parameter_format?: ParameterFormat | undefined },
  variant: Variant,
  sharedExamples: Record<string, string> = {},
): TemplateDefinition {
  const body = typeof variant.body === 'string' ? { text: variant.body, examples: {} } : { text: variant.body.text, examples: variant.body.examples ?? {} }
  const pool = { ...sharedExamples, ...(variant.examples ?? {}), ...body.examples }
  const pick = (text: string) => Object.fromEntries(variableNames(text).flatMap((n) => (pool[n] !== undefined ? [[n, pool[n]]] : [])))
  let header: TemplateHeader | null = null
  if (variant.header) {
    header =
      variant.header.format === 'text'
        ? { format: 'text', text: variant.header.text, examples: { ...pick(variant.header.text), ...('examples' in variant.header ? (variant.header.examples ?? {}) : {}) } }
        : variant.header.format === 'location'
          ? { format: 'location' }
          : { format: variant.header.format, example: variant.header.example ?? null }
  }
  const buttons: TemplateButton[] = (variant.buttons ?? []).map((b) => {
    switch (b.type) {
      case 'quick_reply':
        return { type: 'quick_reply', text: b.text }
      case 'url':
        return { type: 'url', text: b.text, url: b.url, example: b.example ?? null }
      case 'phone_number':
        return { type: 'phone_number', text: b.text, phoneNumber: b.phone_number }
      case 'copy_code':
        return { type: 'copy_code', example: b.example }
    }
  })
  const texts = [body.text, header?.format === 'text' ? header.text : '']
  return {
    name: base.name,
    language: base.language,
    category: base.category,
    parameterFormat: base.parameter_format ?? inferFormat(texts),
    header,
    body: { text: body.text, examples: pick(body.text) },
    footer: variant.footer ?? null,
    buttons,
  }
}

/** Numbered placeholders mean positional; any named one means named. */
function inferFormat(texts: string[]): ParameterFormat {
  const names = texts.flatMap(variableNames)
  return names.length > 0 && names.every((n) => /^\d+$/.test(n)) ? 'positional' : names.length === 0 ? 'positional' : 'named'
}

/** The written form of a definition (the inverse of toDefinition), for the API and for `templates pull`. */
export function toJson(d: TemplateDefinition): z.input<typeof templateVariantSchema> & { name: string; language: string; category: string; parameter_format: ParameterFormat } {
  return {
    name: d.name,
    language: d.language,
    category: d.category,
    parameter_format: d.parameterFormat,
    ...(d.header
      ? {
          header:
            d.header.format === 'text'
              ? { format: 'text' as const, text: d.header.text, ...(Object.keys(d.header.examples).length > 0 ? { examples: d.header.examples } : {}) }
              : d.header.format === 'location'
                ? { format: 'location' as const }
                : { format: d.header.format, ...(d.header.example ? { example: d.header.example } : {}) },
        }
      : {}),
    body: Object.keys(d.body.examples).length > 0 ? { text: d.body.text, examples: d.body.examples } : d.body.text,
    ...(d.footer ? { footer: d.footer } : {}),
    ...(d.buttons.length > 0
      ? {
          buttons: d.buttons.map((b) => {
            switch (b.type) {
              case 'quick_reply':
                return { type: 'quick_reply' as const, text: b.text }
              case 'url':
                return { type: 'url' as const, text: b.text, url: b.url, ...(b.example ? { example: b.example } : {}) }
              case 'phone_number':
                return { type: 'phone_number' as const, text: b.text, phone_number: b.phoneNumber }
              case 'copy_code':
                return { type: 'copy_code' as const, example: b.example }
            }
          }),
        }
      : {}),
  }
}
