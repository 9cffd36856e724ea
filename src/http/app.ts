import fastifyCookie from '@fastify/cookie'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { AcceptDeps } from '../core/messages/accept-messages.js'
import type { MessageQueries, WebhookInbox } from '../core/messages/ports.js'
import type { Contacts } from '../core/contacts/ports.js'
import type { EventLog, Feedback } from '../core/notifications/ports.js'
import type { WebhookReceiver } from '../core/providers/provider.js'
import type { Metrics } from '../runtime/metrics.js'
import { authenticate, bearerAuth, requireScope, SESSION_COOKIE } from './auth.js'
import type { LoginDeps } from '../core/operators/login.js'
import { sessionRoutes } from './routes/session.js'
import { operatorRoutes } from './routes/operators.js'
import { auditRoutes } from './routes/audit.js'
import type { ApiKeyStore } from '../core/keys/ports.js'
import type { KeyRateLimit } from '../core/keys/model.js'
import { keyRateLimit } from './key-rate-limit.js'
import { enforceRouteScopes } from './route-scopes.js'
import { keyRoutes } from './routes/keys.js'
import { clientErrorHandler, frameworkErrors, installErrorHandling } from './errors.js'
import { refuseNul } from './refuse-nul.js'
import { contactRoutes } from './routes/contacts.js'
import { conversationRoutes, type ConversationRoutesDeps } from './routes/conversations.js'
import { streamRoutes, type StreamRoutesDeps } from './routes/stream.js'
import { conversationWorkflowRoutes, type ConversationWorkflowRoutesDeps } from './routes/conversation-workflow.js'
import { teamRoutes } from './routes/teams.js'
import { createConversationAccess } from './conversation-access.js'
import { createOpeningAudit } from './conversation-opens.js'
import { maskPhonesDeep } from '../core/contacts/mask-phone.js'
import type { TeamStore } from '../core/teams/ports.js'
import type { Role } from '../core/operators/model.js'
import { analyticsRoutes, type AnalyticsRoutesDeps } from './routes/analytics.js'
import { messageRoutes } from './routes/messages.js'
import { costDiscrepancyRoutes } from './routes/cost-discrepancies.js'
import { costReportRoutes, type CostReportRoutesDeps } from './routes/cost-reports.js'
import { systemRoutes } from './routes/system.js'
import { webhookRoutes } from './routes/webhooks.js'
import { composeRoutes, type ComposeRoutesDeps } from './routes/compose.js'
import { noteRoutes, type NoteRoutesDeps } from './routes/notes.js'
import { contactActivityRoutes, type ContactActivityRoutesDeps } from './routes/contact-activity.js'
import { templateRoutes } from './routes/templates.js'
import type { TemplateDeps } from '../core/templates/deps.js'
import type { OutgoingWebhookStore } from '../core/outgoing/ports.js'
import { outgoingWebhookRoutes } from './routes/outgoing-webhooks.js'
import { eventRoutes } from './routes/events.js'
import { rulesRoutes } from './routes/rules.js'
import { webAppRoutes } from './web-app.js'
import type { HandleEventDeps } from '../core/notifications/handle-event.js'
import type { RulesSource } from '../runtime/rules-source.js'
import type { RateCardSource } from '../runtime/rate-card-source.js'
import { costRoutes } from './routes/costs.js'
import { costModelRoutes } from './routes/cost-models.js'
import type { FeeModelInUse } from '../core/costs/fee-models-in-use.js'
import { costCompareRoutes } from './routes/cost-compare.js'
import type { CompareCostsDeps } from '../core/costs/compare-costs.js'
import { costBudgetRoutes } from './routes/cost-budgets.js'
import type { BudgetStore } from '../core/costs/budget.js'

export interface AppDeps {
  accept: AcceptDeps
  messages: MessageQueries
  contacts: Contacts
  eventLog: EventLog
  feedback: Feedback
  inbox: WebhookInbox
  apiKeys: ApiKeyStore
  /** Each key's request limit unless it has its own; whether /metrics needs an admin key. */
  keyPolicy: { rateLimit: KeyRateLimit; metricsRequireKey: boolean }
  receivers: ReadonlyMap<string, WebhookReceiver>
  /** PARLEY_PUBLIC_URL, the origin providers post webhooks to (signatures cover it); null: each request's own. */
  publicUrl: string | null
  metrics: Metrics
  logger: FastifyBaseLogger
  checkDatabase(): Promise<void>
  templates: TemplateDeps
  /** The composer's payment link and canned replies. */
  compose: Pick<ComposeRoutesDeps, 'paymentLink' | 'cannedReplies' | 'languages'>
  outgoing: { store: OutgoingWebhookStore; notify(): void; subscriptionsChanged(): void }
  events: HandleEventDeps
  rules: RulesSource
  /** The rate cards in force, and importing one. */
  rateCards: RateCardSource
  /** The provider fee models known at start, each with the accounts it prices. */
  feeModels: readonly FeeModelInUse[]
  /** The replay of a period's traffic against every fee model (GET /v1/costs/compare). */
  costCompare: CompareCostsDeps
  /** The monthly budgets and their spend (README "Budgets"). */
  budgets: BudgetStore
  /** Operators' logins and sessions, and the audit log they and their sends are written to. */
  operators: { login: LoginDeps; cookieSecure: boolean }
  /** The operator inbox's conversation list and live feed. */
  inboxApi: ConversationRoutesDeps & {
    stream: StreamRoutesDeps
    workflow: Omit<ConversationWorkflowRoutesDeps, 'audit' | 'access'>
    notes: NoteRoutesDeps
    activity: ContactActivityRoutesDeps['activity']
  }
  /** Teams of operators, and the roles that see phone numbers masked (PARLEY_MASK_PHONES_FOR). */
  teams: { store: TeamStore; maskPhonesFor: readonly Role[] }
  /** The dashboard's report. */
  analytics: AnalyticsRoutesDeps
  /** Spend reports (GET /v1/costs). */
  costReports: CostReportRoutesDeps
  version: string
  /** The built operator inbox (web/dist), served at `/`. */
  webRoot: string
}

let requestCounter = 0

/**
 * The longest path parameter the router passes on (decoded characters). Fastify's default, 100,
 * was below ids the API accepts at creation (event ids up to 200, template names up to 512), so
 * such a resource could be created but never read back. The route schemas keep each id's own limit.
 */
export const MAX_PATH_PARAM_LENGTH = 512

/** The HTTP edge: validation, auth, routing and error mapping; no business rules. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    // Per-request lines are off: they cost throughput, and metrics cover latency per route.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    frameworkErrors,
    clientErrorHandler,
    genReqId: () => `req_${process.pid.toString(36)}_${(requestCounter++).toString(36)}`,
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  installErrorHandling(app)
  app.addHook('preValidation', refuseNul)

  app.addHook('onResponse', async (request, reply) => {
    deps.metrics.httpRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000)
  })

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Parley API',
        version: deps.version,
        description: 'Send WhatsApp messages through the official Business APIs, with a durable outbox and status history.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer <key>' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'An operator\'s login session (POST /v1/session); changes also need the x-csrf-token header' },
        },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    // Puts the schemas named with `.meta({ id })` into components.schemas, where the $refs point.
    transformObject: jsonSchemaTransformObject,
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' })
  await app.register(fastifyCookie)
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  await app.register(systemRoutes, {
    registry: deps.metrics.registry,
    checkDatabase: deps.checkDatabase,
    metricsGuard: deps.keyPolicy.metricsRequireKey ? [bearerAuth(deps.apiKeys), requireScope('admin')] : [],
  })
  await app.register(webhookRoutes, {
    receivers: deps.receivers,
    publicUrl: deps.publicUrl,
    inbox: deps.inbox,
    clock: deps.accept.clock,
    observe: deps.metrics.webhookReceived,
  })
  await app.register(webAppRoutes, { root: deps.webRoot })
  await app.register(async (api) => {
    const { sessions, clock, sessionTtlMs } = deps.operators.login
    enforceRouteScopes(api, [authenticate(deps.apiKeys, { sessions, clock, ttlMs: sessionTtlMs }), keyRateLimit(deps.keyPolicy.rateLimit, deps.accept.clock)])
    // The API reads JSON only; Fastify's default text/plain parser would hand a string to the body
    // schema and answer a puzzling 400. Without it a text body is a 415 that says what to send.
    api.removeContentTypeParser('text/plain')
    const access = createConversationAccess({ conversations: deps.inboxApi.conversations, teams: deps.teams.store, maskPhonesFor: deps.teams.maskPhonesFor })
    const audit = deps.operators.login.audit
    // Every answer to a role that must not read numbers has them masked here, whatever the route:
    // one place, so that a route added later cannot forget it (the live feed masks its own writes).
    api.addHook('preSerialization', async (request, _reply, payload) => (access.masked(request) ? maskPhonesDeep(payload) : payload))
    await api.register(sessionRoutes, deps.operators)
    await api.register(operatorRoutes, { operators: deps.operators.login.operators, passwords: deps.operators.login.passwords, teams: deps.teams.store, audit, clock: deps.accept.clock })
    await api.register(teamRoutes, { teams: deps.teams.store, audit, clock: deps.accept.clock })
    await api.register(auditRoutes, { audit })
    await api.register(messageRoutes, {
      accept: deps.accept,
      messages: deps.messages,
      audit,
      access,
      handled: (operatorId, to) => deps.inboxApi.conversations.noteHandler(to, operatorId),
    })
    await api.register(contactRoutes, { contacts: deps.contacts, messages: deps.messages, clock: deps.accept.clock, access, opened: createOpeningAudit(audit, deps.accept.clock) })
    await api.register(conversationRoutes, { ...deps.inboxApi, access, teams: deps.teams.store, audit })
    await api.register(conversationWorkflowRoutes, { ...deps.inboxApi.workflow, audit, access })
    await api.register(streamRoutes, { ...deps.inboxApi.stream, view: access.feedView })
    await api.register(analyticsRoutes, deps.analytics)
    await api.register(costDiscrepancyRoutes, { messages: deps.messages })
    await api.register(costReportRoutes, deps.costReports)
    await api.register(noteRoutes, deps.inboxApi.notes)
    await api.register(contactActivityRoutes, { activity: deps.inboxApi.activity })
    await api.register(eventRoutes, { handle: deps.events, eventLog: deps.eventLog, feedback: deps.feedback, contacts: deps.contacts, messages: deps.messages })
    await api.register(rulesRoutes, { rules: deps.rules })
    await api.register(costRoutes, { rateCards: deps.rateCards })
    await api.register(costModelRoutes, { feeModels: deps.feeModels })
    await api.register(costCompareRoutes, { compare: deps.costCompare, clock: deps.accept.clock })
    await api.register(costBudgetRoutes, { budgets: deps.budgets, clock: deps.accept.clock })
    await api.register(templateRoutes, { deps: deps.templates })
    await api.register(composeRoutes, { ...deps.compose, contacts: deps.contacts, templates: deps.templates.templates, access, sending: deps.accept })
    await api.register(keyRoutes, { keys: deps.apiKeys, clock: deps.accept.clock })
    await api.register(outgoingWebhookRoutes, { store: deps.outgoing.store, notify: deps.outgoing.notify, subscriptionsChanged: deps.outgoing.subscriptionsChanged, clock: deps.accept.clock, ids: deps.accept.ids })
  })
  return app
}
