import { z } from 'zod'
import type { LintFinding } from '../core/templates/lint/finding.js'
import { RULES } from '../core/templates/lint/lint-template.js'
import { toJson } from '../core/templates/definition-schema.js'
import { TEMPLATE_CATEGORIES } from '../core/templates/model.js'
import type { TemplateEventRecord, TemplateRecord, TemplateUsage } from '../core/templates/ports.js'
import { TEMPLATE_STATUSES } from '../core/templates/status.js'
import { toIso } from '../core/shared/time.js'

const examplesSchema = z.record(z.string(), z.string()).describe('Sample values for the variables, by name ("1", "2" or "child_name").')

export const findingSchema = z
  .object({
    rule: z.string().describe('Stable rule id, e.g. body.variable-at-edge'),
    severity: z.enum(['error', 'warning', 'info']),
    component: z.enum(['name', 'language', 'category', 'header', 'body', 'footer', 'buttons']),
    position: z.object({ start: z.number().int().optional(), end: z.number().int().optional(), button: z.number().int().optional() }).nullable(),
    message: z.string(),
    fix: z.string(),
    summary: z.string().nullable().describe('What the rule checks, in one line; null for a rule no longer in the lint set (a finding stored before it was removed)'),
    source: z.string().nullable().describe('Where the rule comes from: the platform doc section, a public guideline or an error code'),
  })
  .meta({ id: 'LintFinding' })

const RULES_BY_ID = new Map(RULES.map((rule) => [rule.id, rule]))

/** A finding with its rule's summary and source, so a reader can see why the rule exists. */
export function findingJson(f: LintFinding): z.input<typeof findingSchema> {
  const rule = RULES_BY_ID.get(f.rule)
  return { rule: f.rule, severity: f.severity, component: f.component, position: f.position, message: f.message, fix: f.fix, summary: rule?.summary ?? null, source: rule?.source ?? null }
}

// The written form as toJson gives it back (the request schema's shorthands and transforms do not
// apply to an answer, so the answer has its own schema).
const headerSchema = z.discriminatedUnion('format', [
  z.object({ format: z.literal('text'), text: z.string(), examples: examplesSchema.optional() }),
  z.object({ format: z.enum(['image', 'video', 'document']), example: z.string().optional() }),
  z.object({ format: z.literal('location') }),
])

const buttonSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('quick_reply'), text: z.string() }),
  z.object({ type: z.literal('url'), text: z.string(), url: z.string(), example: z.string().optional() }),
  z.object({ type: z.literal('phone_number'), text: z.string(), phone_number: z.string() }),
  z.object({ type: z.literal('copy_code'), example: z.string() }),
])

const usageSchema = z.object({
  sent: z.number().int(),
  delivered: z.number().int(),
  read: z.number().int(),
  replied: z.number().int(),
  last_sent_at: z.string().nullable(),
})

export const templateViewSchema = z
  .object({
    name: z.string(),
    language: z.string(),
    category: z.enum(TEMPLATE_CATEGORIES),
    parameter_format: z.enum(['positional', 'named']),
    header: headerSchema.optional(),
    body: z.union([z.string(), z.object({ text: z.string(), examples: examplesSchema.optional() })]),
    footer: z.string().optional(),
    buttons: z.array(buttonSchema).optional(),
    status: z.enum(TEMPLATE_STATUSES),
    provider_status: z.string().nullable().describe("The provider's own status word (IN_APPEAL, FLAGGED…)"),
    provider_template_id: z.string().nullable(),
    origin: z.enum(['own', 'provider']),
    tags: z.array(z.string()),
    folder: z.string().nullable(),
    quality: z.string().nullable(),
    rejection_reason: z.string().nullable(),
    lint: z.array(findingSchema),
    usage: usageSchema.optional().describe('In lists and single reads, not in write answers.'),
    created_at: z.string(),
    updated_at: z.string(),
    status_at: z.string(),
  })
  .meta({ id: 'Template' })

/** A template as the API shows it: its written form plus where it stands. */
export function templateJson(t: TemplateRecord, usage?: TemplateUsage): z.input<typeof templateViewSchema> {
  return {
    // toJson is typed by the request schema's input, which also takes numbers as examples; a stored
    // definition holds strings only, which is what the answer's schema says.
    ...(toJson(t.definition) as Omit<ReturnType<typeof toJson>, 'body' | 'header'> & Pick<z.input<typeof templateViewSchema>, 'body' | 'header'>),
    category: t.definition.category,
    status: t.status,
    provider_status: t.providerStatus,
    provider_template_id: t.providerTemplateId,
    origin: t.origin,
    tags: t.tags,
    folder: t.folder,
    quality: t.quality,
    rejection_reason: t.rejectionReason,
    lint: t.lint.map(findingJson),
    ...(usage
      ? {
          usage: {
            sent: usage.sent,
            delivered: usage.delivered,
            read: usage.read,
            replied: usage.replied,
            last_sent_at: usage.lastSentAt === null ? null : toIso(usage.lastSentAt),
          },
        }
      : {}),
    created_at: toIso(t.createdAt),
    updated_at: toIso(t.updatedAt),
    status_at: toIso(t.statusAt),
  }
}

export const templateEventSchema = z
  .object({
    kind: z.enum(['saved', 'submitted', 'refused', 'status', 'category', 'quality', 'deleted']),
    status: z.enum(TEMPLATE_STATUSES).nullable(),
    reason: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable().describe('Kind-specific facts: lint hints, previous and new category, the provider error…'),
    source: z.enum(['api', 'cli', 'webhook', 'sync']),
    at: z.string(),
    recorded_at: z.string(),
  })
  .meta({ id: 'TemplateEvent' })

export function templateEventJson(e: TemplateEventRecord & { recordedAt: number }): z.input<typeof templateEventSchema> {
  return { kind: e.kind, status: e.status, reason: e.reason, detail: e.detail, source: e.source, at: toIso(e.at), recorded_at: toIso(e.recordedAt) }
}

export const templateDetailSchema = templateViewSchema.extend({ history: z.array(templateEventSchema) }).meta({ id: 'TemplateWithHistory' })

export const submissionSchema = z.object({ outcome: z.enum(['submitted', 'unchanged']), template: templateViewSchema }).meta({ id: 'TemplateSubmission' })

export const savedTemplateSchema = z
  .object({
    saved: z.enum(['created', 'changed', 'unchanged']),
    submission: z.enum(['submitted', 'unchanged']).optional().describe('With ?submit=true.'),
    template: templateViewSchema,
  })
  .meta({ id: 'SavedTemplate' })

export const languageReportSchema = z.object({
  languages: z.array(z.string()),
  families: z.array(
    z.object({
      name: z.string(),
      languages: z.record(z.string(), z.enum([...TEMPLATE_STATUSES, 'missing'])).describe('Each expected language: its status, or missing'),
      missing: z.array(z.string()),
    }),
  ),
})
