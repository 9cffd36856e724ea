import { hostname } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import type { ParleyConfig } from './config.js'
import type { AcceptDeps } from './core/messages/accept-messages.js'
import type { WebhookInbox } from './core/messages/ports.js'
import type { Clock, Ids, Random } from './core/ports.js'
import { createDispatcher, type Dispatcher } from './dispatch/dispatcher.js'
import { createWebhookProcessor, type WebhookProcessor } from './dispatch/webhook-processor.js'
import { createWorker, type Worker } from './dispatch/worker.js'
import { createReceiverHeartbeat, type ReceiverHeartbeat } from './dispatch/receiver-heartbeat.js'
import { buildApp } from './http/app.js'
import { createHttpClient, type HttpClient } from './providers/http-client.js'
import { NO_WHATSAPP_ACCOUNT, buildAccounts, type BuiltAccounts } from './build-accounts.js'
import { offsetFileClock, systemClock } from './runtime/clock.js'
import { createIds } from './runtime/ids.js'
import type { Logger } from './runtime/logger.js'
import { createMetrics, type Metrics } from './runtime/metrics.js'
import { createApiKeyStore } from './store/api-keys.js'
import type { ApiKeyStore } from './core/keys/ports.js'
import type { Database } from './store/dialect.js'
import { createStores, type Stores } from './store/stores.js'
import { createMessageAnalytics } from './store/analytics-store.js'
import { createCostReports } from './store/cost-reports.js'
import { senderNumbers, type CostReportStore } from './core/costs/cost-report.js'
import { createNoteStore } from './store/notes-store.js'
import { createContactActivity } from './store/contact-activity.js'
import { migrateToLatest } from './store/migrate.js'
import { openDatabase } from './store/open-database.js'
import { createRateBucketStore } from './store/rate-buckets.js'
import { createWebhookReceiptStore } from './store/webhook-receipts.js'
import { createCostTraffic } from './store/cost-traffic.js'
import { currentFeeModel, type CompareCostsDeps } from './core/costs/compare-costs.js'
import { createTemplateStore } from './store/template-store.js'
import { createOutgoingWebhookStore } from './store/outgoing-webhook-store.js'
import { createOutgoingDelivery, type OutgoingDelivery } from './dispatch/outgoing-webhooks.js'
import { createOutgoingPoster } from './providers/outgoing-http.js'
import { guardSubscriptions } from './core/outgoing/target-policy.js'
import { createRulesSource, type RulesSource } from './runtime/rules-source.js'
import type { HandleEventDeps } from './core/notifications/handle-event.js'
import { createKeyedLock } from './runtime/keyed-lock.js'
import type { HandleInboundDeps } from './core/notifications/handle-inbound.js'
import type { CostBasis } from './core/costs/message-cost.js'
import { feeModelFor } from './core/costs/account-fee-models.js'
import { feeModelsInUse } from './core/costs/fee-models-in-use.js'
import { loadRateCardFiles, shippedCostDir } from './runtime/cost-files.js'
import { createRateCardSource, type RateCardSource } from './runtime/rate-card-source.js'
import { createRateCardStore } from './store/rate-card-store.js'
import type { TemplateDeps } from './core/templates/deps.js'
import { syncTemplates, type SyncResult } from './core/templates/sync-templates.js'
import { createTemplateSyncLoop } from './dispatch/template-sync-loop.js'
import { createTemplateSyncRecord } from './store/template-sync-record.js'
import type { EventBus } from './core/events/ports.js'
import { outgoingPayloadsOf } from './core/outgoing/outgoing-payloads.js'
import { applyProviderEvents } from './core/provider-events/apply-provider-events.js'
import { fallBackToSms } from './core/notifications/fall-back-to-sms.js'
import { createEventBus } from './runtime/event-bus.js'
import { createChangeRecorder } from './store/change-recorder.js'
import { createRulesDocumentStore } from './store/rules-document-store.js'
import { createReceiverHeartbeats } from './store/receiver-heartbeats.js'
import { readDatabaseTime } from './store/database-time.js'
import { feedHead, pruneFeed, readFeedAfter } from './store/feed-store.js'
import { FEED_TYPES } from './core/events/feed.js'
import { DAY, MINUTE } from './core/shared/time.js'
import { createDatabaseClock } from './runtime/database-clock.js'
import type { DomainEventType } from './core/events/domain-event.js'
import type { AuditLog, OperatorSessions, OperatorStore, PasswordHasher } from './core/operators/ports.js'
import { createLoginThrottle } from './core/operators/login-throttle.js'
import { createOperatorStore } from './store/operators.js'
import { createOperatorSessions } from './store/operator-sessions.js'
import { createAuditLog } from './store/audit-log.js'
import { createOperatorPresence, pruneOperatorPresence } from './store/operator-presence.js'
import { createTeamStore } from './store/teams.js'
import type { TeamStore } from './core/teams/ports.js'
import { createPasswordHasher } from './runtime/passwords.js'
import { createCostBudgetStore } from './store/cost-budget-store.js'
import type { BudgetStore } from './core/costs/budget.js'
import type { BudgetGate } from './core/costs/budget-gate.js'
import { budgetReport, budgetStanding } from './core/costs/budget-standing.js'

export const VERSION = '0.1.0'

/** How often a live stream says it is alive, and how long its operator stays online without hearing from it. */
const STREAM_HEARTBEAT = 15_000
const PRESENCE_TTL = 3 * STREAM_HEARTBEAT

export interface ParleyOptions {
  /**
   * What this process does: serve the API and webhooks, run the dispatcher, both, or neither (a CLI
   * command that calls the use cases directly, with the same wiring as the server).
   */
  roles: { api: boolean; worker: boolean }
  /**
   * Whether this process applies the webhooks stored (statuses, inbound messages, template
   * decisions); by default the API's process does. `parley start` with two processes leaves it to
   * its worker process, so that each core has half the work (README "How a message travels").
   */
  applyWebhooks?: boolean
  /** Told when the API stored a webhook that another process applies (`parley start` wakes its worker process). */
  onWebhookStored?: () => void
  logger: Logger
  /** An open database to use instead of the configured one (tests pass theirs). */
  database?: Database
  clock?: Clock
  ids?: Ids
  random?: Random
}

/** A running Parley: what was built, for the CLI, tests and benchmarks to reach into. */
export interface Parley {
  config: ParleyConfig
  database: Database
  /** Every committed change, as domain events (see `core/events/domain-event.ts`). */
  bus: EventBus
  /** Each store port, built once; the use cases, routes and workers get the ones they use. */
  stores: Stores
  apiKeys: ApiKeyStore
  /** The people who use the inbox, their sessions and password hashing (the CLI's `operators` commands use them). */
  operators: { store: OperatorStore; sessions: OperatorSessions; passwords: PasswordHasher }
  /** Teams of operators: who sees which conversations, and the response targets each promises. */
  teams: TeamStore
  /** Who did what: login, logout, sends by operators; other features record theirs (e.g. `conversation.opened`) here. */
  audit: AuditLog
  metrics: Metrics
  /** The configured provider accounts and their senders, built (`parley providers check` looks at them). */
  accounts: BuiltAccounts
  /** What accepting messages works with (the API's and `parley send`'s use case). */
  accept: AcceptDeps
  templates: TemplateDeps
  /** Pulls templates and statuses from the provider now (also done at start, periodically, and soon again after a failure). */
  syncTemplates(): Promise<SyncResult>
  dispatcher: Dispatcher
  processor: WebhookProcessor
  /** Deliveries of webhooks to the business's systems. */
  outgoing: OutgoingDelivery
  /** The notification rules in force (a file, hot-reloaded, or set through the API). */
  rules: RulesSource
  /** The platform's rate cards in force: the shipped files and the imported cards (`parley cost rates import`). */
  rateCards: RateCardSource
  /** Spend reports over the stored messages (GET /v1/costs, `parley cost report`). */
  costReports: CostReportStore
  /** `parley cost compare` and GET /v1/costs/compare: the period's traffic against every fee model. */
  costCompare: CompareCostsDeps
  /** The monthly budgets and their spend (`parley cost budgets`). */
  budgets: BudgetStore
  /** What event handling works with (tests and the CLI call the use cases with it). */
  events: HandleEventDeps
  /** Present when the process has the API role. */
  app: FastifyInstance | null
  /** Present when the process has the worker role. */
  worker: Worker | null
  /** Present when the process has the API role: its mark as a webhook receiver, renewed while it listens. */
  heartbeat: ReceiverHeartbeat | null
  /** Another process (the worker process) put changes on the live feed: open streams look now, not at their next poll. */
  feedChangedElsewhere(): void
  close(): Promise<void>
}

/**
 * The composition root: the one place that picks the database engine and the providers and wires
 * them into the use cases. Starts nothing listening; `listen` does that.
 */
export async function createParley(config: ParleyConfig, options: ParleyOptions): Promise<Parley> {
  const ids = options.ids ?? createIds()
  const applyWebhooks = options.applyWebhooks ?? options.roles.api
  const random = options.random ?? Math.random
  const logger = options.logger
  const database = options.database ?? (await openDatabase(config, (error) => logger.warn({ err: error }, 'database connection lost; reconnecting')))
  await migrateToLatest(database)
  // Processes on several machines share a PostgreSQL database: they read its clock, not their own.
  const databaseClock =
    !options.clock && !config.clockOffsetFile && database.capabilities.sharedAcrossMachines ? await createDatabaseClock(() => readDatabaseTime(database), () => Date.now()) : null
  const clock = options.clock ?? databaseClock ?? (config.clockOffsetFile ? offsetFileClock(config.clockOffsetFile) : systemClock)

  const onError = (error: unknown) => logger.error({ err: error }, 'background work failed')
  // This process, as the holder of what it leases from the database's queues.
  const owner = `${hostname()}:${process.pid}:${ids.next('wrk')}`
  const bus = createEventBus((error, event) => logger.error({ err: error, event: event.type }, 'event handler failed'))
  // Budgets name business numbers; the spend each message adds is kept under its sender's (README "Budgets").
  const businessNumbers = senderNumbers(config.senders)
  const senderNumber = (senderId: string) => businessNumbers.get(senderId) ?? null
  const changes = createChangeRecorder(bus, { senderNumber, alerted: new Set() })
  // The shipped cards are read once; imported ones are kept in the database and read again by every process.
  const rateCards = await createRateCardSource({
    shipped: loadRateCardFiles(shippedCostDir('cards')),
    store: createRateCardStore(database),
    clock,
    logger,
    refreshMs: config.costs.ratesRefreshMs,
  })
  // Every price (send answers, stored estimates and finals, event decisions) reads the cards in force through `costs`,
  // and the fee model of the account that carries the message.
  const costs: CostBasis = { rateCards: () => rateCards.current(), feeModel: (carrier) => feeModelFor(carrier.account, config.costs) }
  const costReports = createCostReports(database)
  const costCompare: CompareCostsDeps = { traffic: createCostTraffic(database), rateCards: costs.rateCards, models: config.costs.feeModels, current: () => currentFeeModel(config.costs, config.senders[0]?.account ?? ''), pause: () => new Promise((resolve) => setImmediate(resolve)) }
  const stores = createStores(database, ids, changes, { autoAssign: config.inbox.autoAssign, presenceTtl: PRESENCE_TTL }, costs)
  const { outbox, ledger, contacts } = stores
  const receipts = createWebhookReceiptStore(database)
  const apiKeys = createApiKeyStore(database)
  const operators = { store: createOperatorStore(database, ids), sessions: createOperatorSessions(database), passwords: createPasswordHasher() }
  const audit = createAuditLog(database, clock)
  const presence = createOperatorPresence(database)
  const teams = createTeamStore(database, ids)
  // The dispatcher (created below) reads the senders' rates from the database at each scrape.
  const budgets = createCostBudgetStore(database)
  const budgetGate: BudgetGate = { standing: (now) => budgetStanding(budgets, now), senderNumber }
  const metrics = createMetrics({
    queueDepth: () => outbox.queueDepth(),
    senderRates: () => dispatcher.rates(clock.now()),
    staleCount: () => outbox.staleCount(),
    budgetUsage: async () => (await budgetReport(budgets, clock.now())).uses.map((u) => ({ scope: u.scope, ratio: u.usedRatio })),
  })
  const http: HttpClient = createHttpClient({ connectionsPerOrigin: 64, defaultTimeoutMs: config.providerTimeoutMs })

  // Parley's own address, for the webhook URLs some providers are told on every send (Twilio):
  // the configured public one, else where it listens, once it does.
  let listenOrigin: string | null = null
  const built = buildAccounts(config.accounts, config.senders, {
    http,
    sandboxUrl: config.sandbox.url ?? `http://${config.sandbox.host}:${config.sandbox.port}`,
    origin: () => config.http.publicUrl ?? listenOrigin,
    requestTimeoutMs: config.providerTimeoutMs,
  })
  const { senders, receivers } = built
  const defaultSender = senders[0]
  if (!defaultSender) throw new Error('at least one sender must be configured')
  // Every sender id in `info` is one of `senders`: the lookups below cannot miss.
  const senderRef = (senderId: string) => built.info.get(senderId) ?? built.info.get(defaultSender.id)!

  const syncRecord = createTemplateSyncRecord(database)
  const templates: TemplateDeps = { templates: createTemplateStore(database, changes), manager: built.templates, account: built.templatesAccount, syncRecord, clock, ids }
  // Only a serving process watches the rules file; a CLI command must not fail on, or hold open, a file it does not use.
  const rules = options.roles.api
    ? await createRulesSource(config.notifications.rulesFile, logger, { store: createRulesDocumentStore(database), clock })
    : await createRulesSource(null, logger, null)
  const events: HandleEventDeps = {
    eventLog: stores.eventLog,
    contacts,
    contactLocks: createKeyedLock(),
    sendHistory: stores.sendHistory,
    templates: templates.templates,
    rules: () => rules.current(),
    clock,
    ids,
    senders: [...built.info.values()],
    policy: config.notifications.policy,
    rateCards: costs.rateCards,
    costs,
    languages: config.templates,
    budgets: budgetGate,
  }
  // Subscriptions are checked when made, and every delivery's resolved address when it connects.
  const outgoingStore = guardSubscriptions(createOutgoingWebhookStore(database), config.outgoing)
  const outgoingPoster = createOutgoingPoster({ allowPrivate: config.outgoing.allowPrivate, timeoutMs: 10_000 })
  const outgoing = createOutgoingDelivery({
    store: outgoingStore,
    post: outgoingPoster.post,
    clock,
    random,
    retry: config.outgoing.retry,
    intervalMs: config.outgoing.intervalMs,
    owner,
    onError,
  })
  const inboundDeps: HandleInboundDeps = {
    contacts,
    feedback: stores.feedback,
    outbox,
    clock,
    ids,
    keywords: config.notifications.keywords,
    providerConfirmsKeywords: (sender) => senders.find((s) => s.id === sender.id)?.provider.confirmsKeywords === true,
  }
  const dispatcher = createDispatcher({ outbox, limiter: createRateBucketStore(database), clock, random, owner, senders, config: config.dispatch, observer: metrics })
  const processor = createWebhookProcessor({
    inbox: receipts,
    receivers,
    senderFor: (receiverKey, businessNumberId) => senderRef(built.senderFor(receiverKey, businessNumberId)),
    apply: (batch, now) =>
      applyProviderEvents({ ledger, templates: templates.templates, inbound: inboundDeps, smsFallback: (failed) => fallBackToSms({ ...events, fallbacks: stores.smsFallbacks }, failed) }, batch, now),
    clock,
    owner,
    observer: metrics,
    onError,
  })
  // What the API stores, the processor applies soon after (here or in the process that applies
  // webhooks); a crash in between is caught by the drain timer.
  const webhookStored = applyWebhooks ? () => processor.notify() : (options.onWebhookStored ?? (() => {}))
  const inbox: WebhookInbox = {
    ...receipts,
    async add(provider, body, now) {
      await receipts.add(provider, body, now)
      webhookStored()
    },
  }

  const worker = options.roles.worker
    ? createWorker(dispatcher, senders, clock, {
        maxInFlight: config.dispatch.maxInFlight,
        batchSize: config.dispatch.batchSize,
        pollIntervalMs: config.dispatch.pollIntervalMs,
        reconcileIntervalMs: Math.max(200, Math.min(10_000, Math.floor(config.dispatch.reconcileGraceMs / 4))),
        onError,
      })
    : null

  let templatesLoaded = false
  const accept: AcceptDeps = {
    outbox,
    messages: stores.messages,
    contacts,
    templates: templates.templates,
    templatesLoaded: async () => (templatesLoaded ||= (await syncRecord.lastSyncedAt()) !== null),
    languages: config.templates,
    ids,
    clock,
    senders: built.info,
    defaultSenderId: defaultSender.id,
    costs,
    freeFormUsed: (senderId, from, upTo) => stores.sendHistory.countFreeForm(senderId, from, upTo),
    budgets: budgetGate,
  }
  // What reacts to committed changes in this process. Deliveries to the business's systems were
  // written with the change; the delivery loop is only told there may be work.
  bus.subscribe('message.created', () => {
    metrics.messagesAccepted(1)
    worker?.wake()
  })
  bus.subscribe('message.status_changed', (event) => void (event.status === 'stale' && metrics.messageStale()))
  // Each budget threshold is recorded once, by the transaction that reached it; its webhook was queued with it.
  bus.subscribe('cost.budget_threshold', (event) => {
    logger.warn({ month: event.month, scope: event.scope, threshold: event.threshold, spentMicros: event.spentMicros, amountMicros: event.amountMicros, currency: event.currency }, 'cost budget threshold reached')
    metrics.budgetAlerted(event.threshold)
    outgoing.notify()
  })
  const outgoingTypes: DomainEventType[] = ['message.status_changed', 'message.inbound', 'contact.updated', 'feedback.recorded']
  for (const type of outgoingTypes) bus.subscribe(type, (event) => void (outgoingPayloadsOf(event).length > 0 && outgoing.notify()))

  // Open streams, to be told of feed changes other processes made (feedChangedElsewhere).
  const feedListeners = new Set<() => void>()
  const app = options.roles.api
    ? await buildApp({
        accept,
        messages: stores.messages,
        contacts,
        eventLog: stores.eventLog,
        feedback: stores.feedback,
        inbox,
        apiKeys,
        keyPolicy: config.apiKeys,
        receivers,
        publicUrl: config.http.publicUrl,
        metrics,
        logger,
        version: VERSION,
        // src/main.ts and its bundle, dist/parley.mjs, both sit one folder below the checkout.
        webRoot: fileURLToPath(new URL('../web/dist', import.meta.url)),
        checkDatabase: async () => {
          await outbox.queueDepth()
        },
        templates,
        compose: { ...config.compose, languages: config.templates },
        outgoing: { store: outgoingStore, notify: () => outgoing.notify(), subscriptionsChanged: () => outgoing.subscriptionsChanged() },
        events,
        rules,
        rateCards,
        feeModels: feeModelsInUse(config.costs, config.accounts.map((a) => a.id)),
        costCompare,
        budgets,
        operators: {
          login: {
            operators: operators.store,
            sessions: operators.sessions,
            passwords: operators.passwords,
            audit,
            throttle: createLoginThrottle(config.operators.login),
            clock,
            sessionTtlMs: config.operators.sessionTtlMs,
          },
          cookieSecure: config.operators.cookieSecure,
        },
        teams: { store: teams, maskPhonesFor: config.operators.maskPhonesFor },
        analytics: { analytics: createMessageAnalytics(database), clock, defaultZone: config.notifications.policy.defaultTimezone },
        costReports: { reports: costReports, clock, senderNumbers: senderNumbers(config.senders) },
        inboxApi: {
          notes: {
            notes: createNoteStore(database, changes),
            operators: async () => (await operators.store.list()).filter((o) => o.disabledAt === null),
            audit,
            clock,
            ids,
          },
          activity: createContactActivity(database),
          conversations: stores.conversations,
          clock,
          defaultFirstResponseMinutes: config.inbox.slaFirstResponseMinutes,
          workflow: { conversations: stores.conversations, clock },
          markRead: built.markRead,
          stream: {
            feed: { after: (seq, limit) => readFeedAfter(database, seq, limit), head: () => feedHead(database) },
            onLocalChange: (listener) => {
              const unsubscribes = [...FEED_TYPES].map((type) => bus.subscribe(type, listener))
              feedListeners.add(listener)
              return () => {
                unsubscribes.forEach((unsubscribe) => unsubscribe())
                feedListeners.delete(listener)
              }
            },
            pollMs: 500,
            heartbeatMs: STREAM_HEARTBEAT,
            maxStreams: 200,
            presence: {
              beat: (connectionId, operatorId) => presence.beat(connectionId, operatorId, clock.now()),
              leave: (connectionId) => presence.leave(connectionId),
            },
          },
        },
      })
    : null
  // While it listens, a serving process vouches that Parley can receive the provider's webhooks:
  // the reconciler counts an in-doubt message's grace period from when that began (after an outage).
  const heartbeat = app ? createReceiverHeartbeat({ heartbeats: createReceiverHeartbeats(database), owner, clock, onError }) : null
  if (app && heartbeat) app.addHook('onListen', async () => heartbeat.start())
  app?.addHook('onListen', async () => {
    const address = app.server.address()
    if (address && typeof address === 'object') listenOrigin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
  })

  // Receipts a crash left unprocessed, and any the processor failed on, are picked up here.
  const drainTimer = applyWebhooks ? setInterval(() => processor.notify(), 5000) : undefined
  // The live feed is for reconnecting clients, not history: a day of it is kept, a minute of typing signals.
  // Presence rows of streams a dead process left open go too.
  const prune = async () => {
    await pruneFeed(database, clock.now() - DAY, clock.now() - MINUTE)
    await pruneOperatorPresence(database, clock.now() - PRESENCE_TTL)
  }
  const feedPruneTimer = options.roles.api ? setInterval(() => void prune().catch(onError), 10 * MINUTE) : undefined
  feedPruneTimer?.unref()
  // Webhooks carry template decisions as they happen; the periodic sync catches what they missed.
  // Sends use the templates as last synced, so a failed sync only delays news, and is retried soon.
  const syncLoop = createTemplateSyncLoop({
    sync: () => syncTemplates(templates),
    intervalMs: config.templates.syncIntervalMs,
    firstRetryMs: config.templates.syncRetryMs,
    random,
    onFailure: ({ error, thrown, attempt, retryInMs }) =>
      logger.warn({ ...(error ? { code: error.code, title: error.title } : { err: thrown }), attempt, retryInMs }, 'template sync failed'),
  })
  if (options.roles.api) {
    // An SMS-only setup has no templates to keep in sync.
    if (built.templatesAccount !== NO_WHATSAPP_ACCOUNT) syncLoop.start()
  }
  if (applyWebhooks) processor.notify()
  // Deliveries are a leased queue: each process that records changes also posts them, at once.
  if (options.roles.api || applyWebhooks) outgoing.start()
  worker?.start()

  return {
    config,
    database,
    bus,
    stores,
    apiKeys,
    operators,
    teams,
    audit,
    metrics,
    accounts: built,
    accept,
    templates,
    syncTemplates: () => syncLoop.syncNow(),
    dispatcher,
    processor,
    outgoing,
    rules,
    rateCards,
    costReports,
    costCompare,
    budgets,
    events,
    app,
    worker,
    heartbeat,
    feedChangedElsewhere: () => feedListeners.forEach((listener) => listener()),
    async close() {
      // Everything stops taking work at once. Calls in flight get the shutdown budget but its last
      // second, which is left for recording their outcomes and closing; then they are given up on.
      const cutAfterMs = Math.max(0, config.shutdownTimeoutMs - 1000)
      const cut = setTimeout(() => {
        dispatcher.abort()
        void outgoingPoster.destroy()
      }, cutAfterMs)
      // Then the heartbeat: from here on, webhooks may go unanswered.
      await heartbeat?.stop().catch(onError)
      clearInterval(drainTimer)
      clearInterval(feedPruneTimer)
      syncLoop.stop()
      const closeApp = async (api: FastifyInstance) => {
        // Connections still open after a few seconds are cut, so a shutdown cannot hang on a client
        // (or a provider's webhook delivery) holding one open.
        const force = setTimeout(() => api.server.closeAllConnections(), Math.min(3000, cutAfterMs))
        await api.close()
        clearTimeout(force)
      }
      await Promise.all([app && closeApp(app), worker?.stop()])
      await processor.idle()
      await bus.idle()
      await outgoing.stop()
      clearTimeout(cut)
      await outgoingPoster.close()
      rules.close()
      rateCards.close()
      // Nothing that must finish is left on it (a template sync is simply tried again at the next start).
      await http.destroy()
      databaseClock?.close()
      if (!options.database) await database.close()
    },
  }
}
