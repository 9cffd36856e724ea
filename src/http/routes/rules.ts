import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ParleyError } from '../../core/errors.js'
import type { RulesSource } from '../../runtime/rules-source.js'
import { errorSchema } from '../schemas.js'

/** The notification rules document: read it, or replace it (validated first; errors point at lines). */
export const rulesRoutes: FastifyPluginAsyncZod<{ rules: RulesSource }> = async (app, { rules }) => {
  app.addContentTypeParser(['text/yaml', 'application/yaml', 'application/x-yaml', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => done(null, { document: body }))

  app.get(
    '/v1/rules',
    {
      schema: {
        summary: 'The rules in force',
        tags: ['rules'],
        response: { 200: z.object({ file: z.string().nullable(), rules: z.number(), ids: z.array(z.string()), document: z.string() }), 401: errorSchema },
      },
    },
    async () => ({ file: rules.file, rules: rules.current().length, ids: rules.current().map((r) => r.id), document: rules.text() }),
  )

  app.put(
    '/v1/rules',
    {
      schema: {
        summary: 'Replace the rules',
        description: 'Send the YAML document as `text/yaml`, or JSON `{"document": "…"}`. Invalid documents change nothing and answer 422 with every mistake and its line.',
        tags: ['rules'],
        body: z.object({ document: z.string().min(1).max(1_000_000) }).strict(),
        response: { 200: z.object({ rules: z.number() }), 400: errorSchema, 401: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const result = await rules.replace(request.body.document)
      if (!result.ok) {
        const summary = result.errors.map((e) => `${e.line ? `line ${e.line}: ` : ''}${e.path ? `${e.path}: ` : ''}${e.message}`).join('; ')
        throw new ParleyError('rules_invalid', `The rules document has errors: ${summary}`, { errors: result.errors })
      }
      return { rules: result.rules }
    },
  )
}
