import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ParleyError } from '../../core/errors.js'
import type { Conversations } from '../../core/inbox/conversations.js'
import { createTypingThrottle, TYPING_SHOWN_FOR } from '../../core/inbox/typing.js'
import type { AuditLog } from '../../core/operators/ports.js'
import type { Clock } from '../../core/ports.js'
import type { ConversationAccess } from '../conversation-access.js'
import { errorSchema } from '../schemas.js'
import { instantJson } from '../views.js'

export interface ConversationWorkflowRoutesDeps {
  conversations: Pick<Conversations, 'resolve' | 'reopen' | 'typing'>
  audit: AuditLog
  clock: Clock
  /** Who may see which conversation: another team's is a 404, as on every per-conversation route. */
  access: Pick<ConversationAccess, 'resolve'>
}

const phoneParams = z.object({
  phone: z.string().min(1).max(64).describe("E.164, URL-encoded (%2B4915112345678), or the conversation's `key` (a contact id, for a session that sees masked numbers)"),
})
const stateAnswer = z.object({ phone: z.string(), state: z.enum(['open', 'resolved']), changed: z.boolean() })
const stateResponses = { 200: stateAnswer, 400: errorSchema, 401: errorSchema, 404: errorSchema, 422: errorSchema }

/** Resolving and reopening a conversation, and operators' typing signals. */
export const conversationWorkflowRoutes: FastifyPluginAsyncZod<ConversationWorkflowRoutesDeps> = async (app, { conversations, audit, clock, access }) => {
  const change = (target: 'resolved' | 'open') =>
    async (request: FastifyRequest<{ Params: { phone: string } }>) => {
      const { phone, contactId } = await access.resolve(request, request.params.phone)
      const actor = request.actor!
      const act = target === 'resolved' ? conversations.resolve : conversations.reopen
      const outcome = await act(phone, actor.id, clock.now())
      if (outcome === 'not_found') throw new ParleyError('not_found', `No contact ${phone}.`)
      if (outcome === 'changed') {
        await audit.record({ actor, action: target === 'resolved' ? 'conversation.resolved' : 'conversation.reopened', target: { kind: 'contact', id: contactId } })
      }
      return { phone, state: target, changed: outcome === 'changed' }
    }

  app.post(
    '/v1/conversations/:phone/resolve',
    {
      schema: {
        summary: 'Marks a conversation resolved',
        description:
          'Idempotent (`changed: false` when it already was). A resolved conversation leaves the default list (it is in `filter=resolved`) and waits for nothing; the next message from the parent reopens it. Audited; other inboxes hear `conversation.resolved` on the live feed.',
        tags: ['conversations'],
        params: phoneParams,
        response: stateResponses,
      },
    },
    change('resolved'),
  )

  app.post(
    '/v1/conversations/:phone/reopen',
    {
      schema: {
        summary: 'Opens a resolved conversation again',
        description: 'Idempotent. A new cycle (for the response times) starts at the parent\'s next message. Audited; the live feed carries `conversation.reopened`.',
        tags: ['conversations'],
        params: phoneParams,
        response: stateResponses,
      },
    },
    change('open'),
  )

  const throttle = createTypingThrottle()
  app.post(
    '/v1/conversations/:phone/typing',
    {
      schema: {
        summary: 'Tells the other operators that I am typing in this conversation',
        description: `Puts \`conversation.typing\` {phone, operatorId, until} on the live feed, \`until\` ${TYPING_SHOWN_FOR / 1000} seconds from now. At most one signal per operator and conversation every 3 seconds reaches the feed (\`sent: false\` for the others; send again while typing continues).`,
        tags: ['conversations'],
        params: phoneParams,
        response: { 200: z.object({ sent: z.boolean(), until: z.string() }), 400: errorSchema, 401: errorSchema, 404: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const { phone } = await access.resolve(request, request.params.phone)
      const operator = request.session!.operator
      // A viewer has no composer: nothing of theirs is ever typed into a conversation.
      if (operator.role === 'viewer') throw new ParleyError('forbidden', 'A viewer does not write in conversations.', { role: operator.role })
      const operatorId = operator.id
      const now = clock.now()
      const until = now + TYPING_SHOWN_FOR
      if (!throttle.admit(operatorId, phone, now)) return { sent: false, until: instantJson(until) }
      if (!(await conversations.typing(phone, operatorId, until, now))) throw new ParleyError('not_found', `No contact ${phone}.`)
      return { sent: true, until: instantJson(until) }
    },
  )
}
