import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ParleyError } from '../../core/errors.js'
import {
  CONVERSATION_FILTERS,
  decodeConversationCursor,
  windowAt,
  type Conversations,
  type ConversationSummary,
} from '../../core/inbox/conversations.js'
import { responseTimes, slaTargets, type SlaTargets } from '../../core/inbox/response-times.js'
import type { AuditLog } from '../../core/operators/ports.js'
import type { Clock } from '../../core/ports.js'
import type { TeamStore } from '../../core/teams/ports.js'
import type { ReadOutcome } from '../../core/providers/provider.js'
import type { Instant } from '../../core/shared/time.js'
import type { ConversationAccess } from '../conversation-access.js'
import { errorSchema } from '../schemas.js'
import { instantJson } from '../views.js'

export interface ConversationRoutesDeps {
  conversations: Conversations
  /** Sends a read receipt through the provider of the sender that received the message. */
  markRead(senderId: string, providerMessageId: string): Promise<ReadOutcome>
  clock: Clock
  /** The first-response target of a conversation whose team has none, in minutes (PARLEY_SLA_FIRST_RESPONSE_MINUTES). */
  defaultFirstResponseMinutes: number
}

/** What the routes need besides the inbox's own deps: who sees what, the teams, the audit log. */
export interface ConversationAccessRoutesDeps {
  access: ConversationAccess
  teams: Pick<TeamStore, 'get'>
  audit: AuditLog
}

const phoneParams = z.object({
  phone: z.string().min(1).max(64).describe("E.164, URL-encoded (%2B4915112345678), or the conversation's `key` (a contact id, for a session that sees masked numbers)"),
})
const operatorId = z.string().min(1).max(100)

const listQuery = z.object({
  filter: z
    .enum(CONVERSATION_FILTERS)
    .default('all')
    .describe('Open conversations only, except `resolved`, which lists the resolved ones. `waiting`: the parent wrote last and no direct message answered yet.'),
  assignee: operatorId.optional().describe("Only conversations assigned to this operator (\"mine\": the operator's own id)."),
  team: z.string().min(1).max(100).optional().describe('Only conversations routed to this team (`team_…`).'),
  q: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('Starts a name (case-insensitive), a phone number (digits, with or without +) or an external id. A prefix match, so that it stays an index scan on any number of contacts.'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .max(120)
    .refine((cursor) => decodeConversationCursor(cursor) !== null, 'not a cursor this API issued: pass back a next_cursor unchanged')
    .optional(),
})

const conversationSchema = z
  .object({
    key: z.string().describe('How to address this conversation in the per-conversation routes (`:phone`) and links: its phone, or its contact id for a session that sees masked numbers.'),
    phone: z.string().describe('E.164; masked (`+44 77** ***001`) for a role in PARLEY_MASK_PHONES_FOR.'),
    name: z.string().nullable(),
    external_id: z.string().nullable(),
    last_message: z.object({ preview: z.string(), direction: z.enum(['inbound', 'outbound']), at: z.string() }),
    unread_count: z.number().int(),
    assignee_id: z.string().nullable(),
    team_id: z.string().nullable().describe('The team it is routed to; null: unrouted (every operator sees it).'),
    waiting_since: z.string().nullable().describe('The first message from the parent no direct message answered yet.'),
    state: z.enum(['open', 'resolved']),
    resolved_at: z.string().nullable(),
    first_response_seconds: z.number().int().nullable().describe("The current cycle's first answer, counted from the parent's message that started the cycle (the first one that waited since the conversation was opened or reopened)."),
    resolution_seconds: z.number().int().nullable().describe('From the start of the cycle to its resolution; null while open.'),
    sla: z
      .object({
        first_response_due_at: z.string(),
        breached: z.boolean(),
        resolution_due_at: z.string().nullable().describe("Where the team sets `resolution_sla_minutes`: when the cycle is due to be resolved; else null."),
        resolution_breached: z.boolean().nullable().describe('Resolved late, or open and past `resolution_due_at`; null without a resolution target.'),
      })
      .nullable()
      .describe("The cycle's first response against the target (its team's `first_response_sla_minutes`, else PARLEY_SLA_FIRST_RESPONSE_MINUTES): `breached` when the answer came late, or has not come and is overdue; and its resolution against the team's `resolution_sla_minutes`, if any. Null when no cycle runs."),
    window: z.object({ open: z.boolean(), closes_at: z.string().nullable() }).describe('The 24-hour customer-service window: free-form messages may be sent while it is open.'),
    opted_out: z.boolean(),
    marketing_consent: z.boolean().nullable(),
  })
  .meta({ id: 'Conversation' })

const pageSchema = z.object({ data: z.array(conversationSchema), next_cursor: z.string().nullable() }).meta({ id: 'ConversationPage' })

function conversationJson(c: ConversationSummary, now: Instant, key: string, targets: SlaTargets): z.output<typeof conversationSchema> {
  const window = windowAt(c.lastInboundAt, now)
  const times = responseTimes(c.cycle, targets, now)
  return {
    key,
    phone: c.phone,
    name: c.name,
    external_id: c.externalId,
    last_message: { preview: c.lastMessage.preview, direction: c.lastMessage.direction, at: instantJson(c.lastMessage.at) },
    unread_count: c.unreadCount,
    assignee_id: c.assigneeId,
    team_id: c.teamId,
    waiting_since: c.waitingSince === null ? null : instantJson(c.waitingSince),
    state: c.cycle.resolvedAt === null ? 'open' : 'resolved',
    resolved_at: c.cycle.resolvedAt === null ? null : instantJson(c.cycle.resolvedAt),
    first_response_seconds: times.firstResponseSeconds,
    resolution_seconds: times.resolutionSeconds,
    sla: times.sla && {
      first_response_due_at: instantJson(times.sla.dueAt),
      breached: times.sla.breached,
      resolution_due_at: times.resolutionSla && instantJson(times.resolutionSla.dueAt),
      resolution_breached: times.resolutionSla && times.resolutionSla.breached,
    },
    window: { open: window.open, closes_at: window.closesAt === null ? null : instantJson(window.closesAt) },
    opted_out: c.optedOut,
    marketing_consent: c.marketingConsent,
  }
}

/** The operator inbox's conversation list, read marks and assignment. */
export const conversationRoutes: FastifyPluginAsyncZod<ConversationRoutesDeps & ConversationAccessRoutesDeps> = async (
  app,
  { conversations, markRead, clock, access, teams, audit, defaultFirstResponseMinutes },
) => {
  /** Each listed team's own first-response target (a page names a few teams at most). */
  async function teamsOf(items: readonly ConversationSummary[]) {
    const ids = [...new Set(items.map((c) => c.teamId).filter((id) => id !== null))]
    return new Map(await Promise.all(ids.map(async (id) => [id, (await teams.get(id)) ?? null] as const)))
  }
  app.get(
    '/v1/conversations',
    {
      schema: {
        summary: 'Conversations with messages, newest activity first',
        description: "Filters combine (e.g. `filter=waiting&assignee=op_…`). An operator sees their teams' conversations, the unrouted ones and those assigned to them (an admin, an operator with `sees_all_teams` and an API key see all). Pass `next_cursor` back as `cursor` for the next page; the order is stable while new messages arrive (they move a conversation to the top, not into later pages).",
        tags: ['conversations'],
        querystring: listQuery,
        response: { 200: pageSchema, 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const { filter, assignee, team, q, limit, cursor } = request.query
      const page = await conversations.list({
        filter,
        limit,
        cursor: cursor === undefined ? null : decodeConversationCursor(cursor),
        visibility: await access.visibility(request),
        // A cursor naming the last phone would hand a masked session the number, base64-encoded.
        cursorBy: access.masked(request) ? 'contact' : 'phone',
        ...(assignee !== undefined ? { assignee } : {}),
        ...(team !== undefined ? { team } : {}),
        ...(q !== undefined ? { search: q } : {}),
      })
      const now = clock.now()
      const routedTo = await teamsOf(page.items)
      return {
        data: page.items.map((c) => conversationJson(c, now, access.keyOf(request, c), slaTargets(c.teamId === null ? null : (routedTo.get(c.teamId) ?? null), defaultFirstResponseMinutes))),
        next_cursor: page.nextCursor,
      }
    },
  )

  app.post(
    '/v1/conversations/:phone/read',
    {
      schema: {
        summary: "Marks a conversation read: its unread count goes to 0 and the parent's messages show as read on WhatsApp",
        description: 'Idempotent. The read receipt names the newest inbound message (which marks every earlier one read); `read_receipt` says whether the platform took it (`none`: nothing inbound to mark).',
        tags: ['conversations'],
        params: phoneParams,
        response: {
          200: z.object({ phone: z.string(), unread_count: z.literal(0), read_receipt: z.enum(['sent', 'failed', 'none']) }),
          401: errorSchema,
          404: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request) => {
      const { phone } = await access.resolve(request, request.params.phone)
      const marked = await conversations.markRead(phone, clock.now())
      if (!marked) throw new ParleyError('not_found', `No contact ${phone}.`)
      const latest = marked.latestInbound
      if (!latest) return { phone, unread_count: 0 as const, read_receipt: 'none' as const }
      const outcome = await markRead(latest.senderId, latest.providerMessageId)
      if (outcome.kind === 'failed') request.log.warn({ code: outcome.code, title: outcome.title }, 'read receipt not sent')
      return { phone, unread_count: 0 as const, read_receipt: outcome.kind }
    },
  )

  app.put(
    '/v1/conversations/:phone/assignee',
    {
      schema: {
        summary: 'Assigns a conversation to an operator, or unassigns it (null)',
        tags: ['conversations'],
        params: phoneParams,
        body: z.object({ assignee_id: operatorId.nullable() }).strict(),
        response: { 200: z.object({ phone: z.string(), assignee_id: z.string().nullable() }), 400: errorSchema, 401: errorSchema, 404: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const { phone } = await access.resolve(request, request.params.phone)
      const assigneeId = request.body.assignee_id
      if (!(await conversations.assign(phone, assigneeId, clock.now()))) throw new ParleyError('not_found', `No contact ${phone}.`)
      return { phone, assignee_id: assigneeId }
    },
  )

  app.put(
    '/v1/conversations/:phone/team',
    {
      schema: {
        summary: 'Routes a conversation to a team, or unroutes it (null)',
        description: "Its team's members (and whoever sees all teams) see it; unrouted, every operator does. Emits `conversation.team_changed` on the live feed; audited.",
        tags: ['conversations'],
        params: phoneParams,
        body: z.object({ team_id: z.string().min(1).max(100).nullable() }).strict(),
        response: { 200: z.object({ phone: z.string(), team_id: z.string().nullable() }), 400: errorSchema, 401: errorSchema, 404: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const found = await access.resolve(request, request.params.phone)
      const teamId = request.body.team_id
      if (teamId !== null && !(await teams.get(teamId))) throw new ParleyError('team_not_found', `No team ${teamId}.`, { team_id: teamId })
      if (!(await conversations.setTeam(found.phone, teamId, clock.now()))) throw new ParleyError('not_found', `No contact ${request.params.phone}.`)
      if (request.actor && found.teamId !== teamId) {
        await audit.record({ actor: request.actor, action: 'conversation.team_changed', target: { kind: 'contact', id: found.contactId }, details: { team_id: teamId, previous_team_id: found.teamId } })
      }
      return { phone: found.phone, team_id: teamId }
    },
  )
}
