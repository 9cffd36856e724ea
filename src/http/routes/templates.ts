import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ParleyError } from '../../core/errors.js'
import { templateSchema, toDefinition } from '../../core/templates/definition-schema.js'
import type { TemplateDeps } from '../../core/templates/deps.js'
import { lintTemplate } from '../../core/templates/lint/lint-template.js'
import { TEMPLATE_CATEGORIES } from '../../core/templates/model.js'
import { TEMPLATE_SORTS } from '../../core/templates/ports.js'
import { languageReport } from '../../core/templates/language-report.js'
import { saveTemplates } from '../../core/templates/save-templates.js'
import { TEMPLATE_STATUSES } from '../../core/templates/status.js'
import { submitTemplate, type SubmitResult } from '../../core/templates/submit-template.js'
import { syncTemplates } from '../../core/templates/sync-templates.js'
import { previewTemplate } from '../../core/templates/preview-template.js'
import { errorSchema, paramsSchema } from '../schemas.js'
import {
  findingJson,
  findingSchema,
  languageReportSchema,
  savedTemplateSchema,
  submissionSchema,
  templateDetailSchema,
  templateEventJson,
  templateJson,
  templateViewSchema,
} from '../template-views.js'

const key = z.object({ name: z.string().min(1).max(512), language: z.string().min(2).max(16) })

const previewRequestSchema = key
  .extend({
    params: paramsSchema.optional(),
    header_params: paramsSchema.optional(),
    header_media: z.string().max(2000).optional(),
    buttons: z.record(z.string().regex(/^\d+$/, "a button's zero-based position"), z.string().max(2000)).optional(),
  })
  .strict()

const previewSchema = z
  .object({
    header: z.string().nullable(),
    body: z.string(),
    footer: z.string().nullable(),
    buttons: z.array(
      z.discriminatedUnion('type', [
        z.object({ type: z.literal('quick_reply'), text: z.string() }),
        z.object({ type: z.literal('url'), text: z.string(), url: z.string() }),
        z.object({ type: z.literal('phone_number'), text: z.string(), phone_number: z.string() }),
        z.object({ type: z.literal('copy_code'), text: z.string() }),
      ]),
    ),
    text: z.string().describe('Header, body and footer as the user will read them: with complete values, exactly the text a send records.'),
    complete: z.boolean().describe('Whether a send with these values would pass the parameter checks; `issues` says what is missing or wrong.'),
    issues: z.array(z.object({ path: z.string(), message: z.string() })),
    status: z.enum(TEMPLATE_STATUSES).describe('Only approved templates can be sent.'),
  })
  .meta({ id: 'TemplatePreview' })

/** A submission's outcome as an API answer: success data, or a ParleyError with a stable code. */
function submissionJson(result: SubmitResult) {
  switch (result.kind) {
    case 'submitted':
    case 'unchanged':
      return { outcome: result.kind, template: templateJson(result.template) }
    case 'lint_failed':
      throw new ParleyError('template_lint_failed', `Not submitted: lint found ${result.findings.filter((f) => f.severity === 'error').length} error(s) the platform would reject.`, {
        findings: result.findings.map(findingJson),
      })
    case 'refused':
      throw new ParleyError('provider_refused', `The provider refused the template: ${result.error.title} (${result.error.code}${result.error.subcode ? `/${result.error.subcode}` : ''}).`, result.error)
    case 'retryable':
      throw new ParleyError('provider_unavailable', `The provider could not be reached: ${result.error.title}. Try again.`, result.error)
  }
}

export const templateRoutes: FastifyPluginAsyncZod<{ deps: TemplateDeps }> = async (app, { deps }) => {
  app.get(
    '/v1/templates',
    {
      schema: {
        summary: 'List templates',
        description: "Own templates by default; `origin=provider` or `all` shows the provider's samples too.",
        tags: ['templates'],
        querystring: z.object({
          status: z
            .string()
            .optional()
            .describe('Comma-separated: ' + TEMPLATE_STATUSES.join(', '))
            .refine((s) => s === undefined || s.split(',').every((x) => (TEMPLATE_STATUSES as readonly string[]).includes(x)), 'unknown status'),
          language: z.string().max(16).optional(),
          category: z.enum(TEMPLATE_CATEGORIES).optional(),
          tag: z.string().max(64).optional(),
          origin: z.enum(['own', 'provider', 'all']).default('own'),
          folder: z.string().max(255).optional(),
          q: z.string().max(200).optional().describe('Text search in name and texts'),
          sort: z.enum(TEMPLATE_SORTS).default('name'),
          order: z.enum(['asc', 'desc']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ data: z.array(templateViewSchema), total: z.number().int() }), 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const q = request.query
      const { items, total } = await deps.templates.list({
        origin: q.origin,
        sort: q.sort,
        order: q.order ?? (q.sort === 'name' ? 'asc' : 'desc'),
        limit: q.limit,
        offset: q.offset,
        ...(q.status ? { statuses: q.status.split(',') as never } : {}),
        ...(q.language ? { language: q.language } : {}),
        ...(q.category ? { category: q.category } : {}),
        ...(q.tag ? { tag: q.tag } : {}),
        ...(q.folder ? { folder: q.folder } : {}),
        ...(q.q ? { search: q.q } : {}),
      })
      return { data: items.map((i) => templateJson(i.template, i.usage)), total }
    },
  )

  app.post(
    '/v1/templates/lint',
    {
      schema: {
        summary: 'Lint a template against the platform rules, without saving it',
        tags: ['templates'],
        body: templateSchema,
        response: { 200: z.object({ findings: z.array(findingSchema), errors: z.number().int(), warnings: z.number().int() }), 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const definition = toDefinition(request.body, request.body)
      const existing = (await deps.templates.all()).map((t) => t.definition)
      const findings = lintTemplate(definition, { existing })
      return { findings: findings.map(findingJson), errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warning').length }
    },
  )

  app.post(
    '/v1/templates/preview',
    {
      schema: {
        summary: 'Render a template with the values given so far, as the user will see it',
        description: "Uses the send's own rendering, so a complete preview is the text a send records. Variables without a value are shown as written (`{{1}}`).",
        tags: ['templates'],
        body: previewRequestSchema,
        response: { 200: previewSchema, 400: errorSchema, 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { name, language, params, header_params, header_media, buttons } = request.body
      const template = await deps.templates.get(name, language)
      if (!template) throw new ParleyError('not_found', `No template ${name} (${language}).`)
      const preview = previewTemplate(template.definition, {
        params: params ?? (template.definition.parameterFormat === 'named' ? {} : []),
        ...(header_params !== undefined ? { headerParams: header_params } : {}),
        ...(header_media !== undefined ? { headerMedia: header_media } : {}),
        ...(buttons !== undefined ? { buttons } : {}),
      })
      return {
        ...preview,
        buttons: preview.buttons.map((b) => (b.type === 'phone_number' ? { type: b.type, text: b.text, phone_number: b.phoneNumber } : b)),
        status: template.status,
      }
    },
  )

  app.post(
    '/v1/templates',
    {
      schema: {
        summary: 'Create or update a template (one language) as a draft, optionally submitting it',
        description: 'Saving the same content again changes nothing. With `?submit=true` the draft is linted and submitted for review; lint errors stop the submission.',
        tags: ['templates'],
        querystring: z.object({ submit: z.enum(['true', 'false']).default('false') }),
        body: templateSchema,
        response: { 200: savedTemplateSchema, 201: savedTemplateSchema, 400: errorSchema, 401: errorSchema, 409: errorSchema, 422: errorSchema, 503: errorSchema },
      },
    },
    async (request, reply) => {
      const body = request.body
      const [saved] = await saveTemplates(deps, [{ definition: toDefinition(body, body), ...(body.tags ? { tags: body.tags } : {}), ...(body.folder !== undefined ? { folder: body.folder } : {}) }], 'api')
      if (saved!.outcome === 'in_review') throw new ParleyError('template_in_review', 'This template is in review; it can change once the review has ended.', { status: saved!.template.status })
      const status = saved!.outcome === 'created' ? 201 : 200
      if (request.query.submit === 'true') {
        const submission = submissionJson(await submitTemplate(deps, saved!.template, 'api'))
        return reply.status(status).send({ saved: saved!.outcome, submission: submission.outcome, template: submission.template })
      }
      return reply.status(status).send({ saved: saved!.outcome, template: templateJson(saved!.template) })
    },
  )

  app.post(
    '/v1/templates/sync',
    {
      schema: {
        summary: 'Pull templates and their statuses from the provider now',
        tags: ['templates'],
        response: {
          200: z.object({
            created: z.number().int(),
            updated: z.number().int(),
            unchanged: z.number().int(),
            deleted: z.number().int(),
            resubmitted: z.number().int().describe('after a provider switch: your templates the new provider lacked, submitted to it'),
            notResubmitted: z.number().int().describe('after a provider switch: templates left as drafts (lint errors or a refusal; see their history)'),
          }), 401: errorSchema, 503: errorSchema },
      },
    },
    async () => {
      const result = await syncTemplates(deps)
      if (result.kind === 'failed') throw new ParleyError('provider_unavailable', `Could not list templates at the provider: ${result.error.title}`, result.error)
      return result.summary
    },
  )

  app.get(
    '/v1/templates/languages',
    {
      schema: {
        summary: 'Which languages each template family has approved, pending, rejected or missing',
        tags: ['templates'],
        querystring: z.object({ languages: z.string().max(500).optional().describe('Comma-separated languages expected of every family; default: every language in use') }),
        response: { 200: languageReportSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const own = (await deps.templates.all()).filter((t) => t.origin === 'own')
      const expected = request.query.languages?.split(',').map((l) => l.trim()).filter(Boolean)
      return languageReport(own, expected)
    },
  )

  app.get(
    '/v1/templates/:name/:language',
    {
      schema: {
        summary: 'A template with its history (statuses, reasons, category changes) and usage',
        tags: ['templates'],
        params: key,
        response: { 200: templateDetailSchema, 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const template = await deps.templates.get(request.params.name, request.params.language)
      if (!template) throw new ParleyError('not_found', `No template ${request.params.name} (${request.params.language}).`)
      const [usage, history] = await Promise.all([deps.templates.usage(template.definition.name, template.definition.language), deps.templates.events(template.id)])
      return { ...templateJson(template, usage), history: history.map(templateEventJson) }
    },
  )

  app.post(
    '/v1/templates/:name/:language/submit',
    {
      schema: {
        summary: 'Submit a draft for review (after lint)',
        tags: ['templates'],
        params: key,
        response: { 200: submissionSchema, 401: errorSchema, 404: errorSchema, 422: errorSchema, 503: errorSchema },
      },
    },
    async (request) => {
      const template = await deps.templates.get(request.params.name, request.params.language)
      if (!template) throw new ParleyError('not_found', `No template ${request.params.name} (${request.params.language}).`)
      return submissionJson(await submitTemplate(deps, template, 'api'))
    },
  )

  app.patch(
    '/v1/templates/:name/:language',
    {
      schema: {
        summary: "Set a template's tags or folder",
        tags: ['templates'],
        params: key,
        body: z.object({ tags: z.array(z.string().min(1).max(64)).max(50).optional(), folder: z.string().min(1).max(255).nullable().optional() }).strict(),
        response: { 200: templateViewSchema, 400: errorSchema, 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const template = await deps.templates.get(request.params.name, request.params.language)
      if (!template) throw new ParleyError('not_found', `No template ${request.params.name} (${request.params.language}).`)
      const [saved] = await saveTemplates(deps, [{ definition: template.definition, ...request.body }], 'api')
      return templateJson(saved!.template)
    },
  )
}
