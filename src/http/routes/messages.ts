import { validatorCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { acceptMessages, type AcceptDeps, type ItemResult, type MessageInput } from '../../core/messages/accept-messages.js'
import type { MessageQueries } from '../../core/messages/ports.js'
import { ParleyError } from '../../core/errors.js'
import { normalizePhone, type E164 } from '../../core/contacts/phone.js'
import type { Actor, AuditLog } from '../../core/operators/ports.js'
import { hashJson } from '../canonical-json.js'
import type { ConversationAccess } from '../conversation-access.js'
import { detailsObject } from '../errors.js'
import {
  acceptedSchema,
  errorDetailsSchema,
  errorSchema,
  historyEntrySchema,
  idempotencyHeaders,
  messagePageSchema,
  messageRequestSchema,
  messageViewSchema,
  pageQueryFields,
  smsSegmentsField,
  costEstimateField,
  toMessageInput,
} from '../schemas.js'
import { estimateJson, historyJson, messageJson } from '../views.js'

export const BATCH_LIMIT = 1000

export interface MessageRoutesDeps {
  accept: AcceptDeps
  messages: MessageQueries
  /** Where an operator's sends are recorded (who sent what). */
  audit: AuditLog
  /** Which conversations the request may see: another team's messages answer as unknown. */
  access: Pick<ConversationAccess, 'hidesNumber' | 'visibleByPhone'>
  /** Remembers the operator who wrote to a parent, for sticky assignment (features: conversation workflow). */
  handled?(operatorId: string, to: E164): Promise<void>
}

/** Records, when a person sent them, the messages just accepted (a replay sent nothing new). */
async function auditSends(audit: AuditLog, actor: Actor | undefined, sent: readonly { id: string; to: string }[]): Promise<void> {
  if (actor?.kind !== 'operator') return
  for (const { id, to } of sent) await audit.record({ actor, action: 'message.sent', target: { kind: 'message', id }, details: { to } })
}

/** An SMS item's segments, for its answer; nothing for WhatsApp (whose answers stay as they were). */
const segmentsOf = (result: { segments?: number | null }) => (result.segments == null ? {} : { segments: result.segments })

const itemResultSchema = z.union([
  z.object({ index: z.number().int(), id: z.string(), status: z.string(), ...smsSegmentsField, ...costEstimateField }),
  z.object({ index: z.number().int(), error: z.object({ code: z.string(), message: z.string(), details: errorDetailsSchema }) }),
])

const batchResponseSchema = z
  .object({ accepted: z.number().int(), rejected: z.number().int(), results: z.array(itemResultSchema) })
  .meta({ id: 'BatchResult' })

// The batch is validated item by item in the handler (one bad item must not sink the others); the
// route schema still describes the full shape for the OpenAPI document.
const batchEnvelope = z.object({ messages: z.array(z.unknown()).min(1) }).strict()

export const messageRoutes: FastifyPluginAsyncZod<MessageRoutesDeps> = async (app, deps) => {
  app.post(
    '/v1/messages',
    {
      schema: {
        summary: 'Send a message',
        description: 'Stores the message in the outbox and answers once it is committed. A worker then sends it; follow its status with GET /v1/messages/{id}.',
        tags: ['messages'],
        headers: idempotencyHeaders,
        body: messageRequestSchema,
        response: { 200: acceptedSchema, 202: acceptedSchema, 400: errorSchema, 401: errorSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema, 503: errorSchema },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key']
      const idempotency = key ? { scope: 'POST /v1/messages', key, requestHash: hashJson(request.body) } : undefined
      const input = toMessageInput(request.body)
      if (await deps.access.hidesNumber(request, input.to)) throw new ParleyError('not_found', `No contact ${input.to}.`)
      const { results, replayed } = await acceptMessages(deps.accept, [input], idempotency)
      const result = results[0]!
      if (!result.ok) throw new ParleyError(result.error.code, result.error.message, result.error.details)
      if (!replayed) await auditSends(deps.audit, request.actor, [{ id: result.id, to: input.to }])
      const to = normalizePhone(input.to)
      if (!replayed && request.actor?.kind === 'operator' && to.ok) await deps.handled?.(request.actor.id, to.e164)
      return reply.status(replayed ? 200 : 202).send({ id: result.id, status: result.status, ...segmentsOf(result), ...estimateJson(result.cost) })
    },
  )

  app.post(
    '/v1/messages/batch',
    {
      bodyLimit: 8 * 1024 * 1024,
      validatorCompiler: (route) =>
        route.httpPart === 'body'
          ? (data) => {
              const parsed = batchEnvelope.safeParse(data)
              return parsed.success ? { value: parsed.data } : { error: new ParleyError('validation_failed', 'The body must be {"messages": [ … ]} with at least one message.') }
            }
          : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]),
      schema: {
        summary: 'Send up to 1,000 messages in one transaction',
        description: 'Each message is validated on its own; the valid ones are stored together in one transaction. Answers per item, in request order.',
        tags: ['messages'],
        headers: idempotencyHeaders,
        body: z.object({ messages: z.array(messageRequestSchema).min(1).max(BATCH_LIMIT) }),
        response: { 200: batchResponseSchema, 202: batchResponseSchema, 400: errorSchema, 401: errorSchema, 409: errorSchema, 413: errorSchema },
      },
    },
    async (request, reply) => {
      const items = (request.body as { messages: unknown[] }).messages
      if (items.length > BATCH_LIMIT) {
        throw new ParleyError('batch_too_large', `A batch holds at most ${BATCH_LIMIT} messages; this one has ${items.length}.`, { limit: BATCH_LIMIT })
      }
      const early = new Map<number, ItemResult>()
      const inputs: MessageInput[] = []
      const positionOf = new Map<number, number>()
      const valid: Array<{ index: number; input: MessageInput }> = []
      items.forEach((item, index) => {
        const parsed = messageRequestSchema.safeParse(item)
        if (parsed.success) {
          valid.push({ index, input: toMessageInput(parsed.data) })
        } else {
          const issues = parsed.error.issues.map((i) => ({ path: ['messages', index, ...i.path].join('.'), message: i.message }))
          early.set(index, { ok: false, error: { code: 'validation_failed', message: issues.map((i) => `${i.path}: ${i.message}`).join('; '), details: { issues } } })
        }
      })
      // Another team's number is refused item by item, as an unknown contact, like a bad item.
      for (const { index, input } of valid) {
        if (await deps.access.hidesNumber(request, input.to)) {
          early.set(index, { ok: false, error: { code: 'not_found', message: `messages.${index}: No contact ${input.to}.`, details: {} } })
        } else {
          positionOf.set(index, inputs.length)
          inputs.push(input)
        }
      }
      const key = request.headers['idempotency-key']
      const idempotency = key ? { scope: 'POST /v1/messages/batch', key, requestHash: hashJson(request.body) } : undefined
      const { results, replayed } = await acceptMessages(deps.accept, inputs, idempotency)
      const merged: ItemResult[] = items.map((_, index) => early.get(index) ?? results[positionOf.get(index)!]!)
      if (!replayed) await auditSends(deps.audit, request.actor, results.flatMap((r, i) => (r.ok ? [{ id: r.id, to: inputs[i]!.to }] : [])))
      const accepted = merged.filter((r) => r.ok).length
      return reply.status(replayed ? 200 : 202).send({
        accepted,
        rejected: merged.length - accepted,
        results: merged.map((r, index) => (r.ok ? { index, id: r.id, status: r.status, ...segmentsOf(r), ...estimateJson(r.cost) } : { index, error: { ...r.error, details: detailsObject(r.error.details) } })),
      })
    },
  )

  app.get(
    '/v1/messages',
    {
      schema: {
        summary: 'Messages in a status, newest first',
        description:
          'Today `status=stale`: messages that had no final status within PARLEY_STALE_AFTER_MS of their last word, each with `last_heard`. Pass `next_cursor` back as `cursor` for the next page.',
        tags: ['messages'],
        querystring: z.object({ status: z.enum(['stale']), ...pageQueryFields }),
        response: { 200: messagePageSchema, 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const page = await deps.messages.listByStatus(request.query.status, request.query.limit, request.query.cursor ?? null)
      // Another team's messages are left out; the cursor still follows the full list, so a page may come short.
      const visible = await deps.access.visibleByPhone(request, page.items, (m) => m.contactPhone)
      return { data: visible.map(messageJson), next_cursor: page.nextCursor }
    },
  )

  app.get(
    '/v1/messages/:id',
    {
      schema: {
        summary: 'A message, its status and its status history',
        tags: ['messages'],
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: messageViewSchema.extend({ history: z.array(historyEntrySchema) }), 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const view = await deps.messages.get(request.params.id)
      const [seen] = view ? await deps.access.visibleByPhone(request, [view], (m) => m.contactPhone) : []
      if (!seen) throw new ParleyError('not_found', `No message ${request.params.id}.`)
      return { ...messageJson(seen), history: historyJson(await deps.messages.history(seen.id)) }
    },
  )
}
