import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { ApplyResult } from '../core/messages/ports.js'
import type { SendOutcome, ThrottleScope } from '../core/providers/provider.js'

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

/** What the gauges read at each scrape. Parley's metrics live on a registry of their own (so that several apps in one test process don't collide). */
export interface MetricSources {
  queueDepth: () => Promise<{ queued: number; sending: number }>
  senderRates: () => Promise<Array<{ senderId: string; ratePerSecond: number }>>
  staleCount: () => Promise<number>
  /** Each budget's share used this month (README "Budgets"); absent: no budget gauge. */
  budgetUsage?: () => Promise<Array<{ scope: string; ratio: number }>>
}

/** Parley's Prometheus metrics; the gauges read the database through these sources at each scrape. */
export function createMetrics({ queueDepth, senderRates, staleCount, budgetUsage }: MetricSources) {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'parley_process_' })

  new Gauge({
    name: 'parley_queue_depth',
    help: 'Outbound messages not finished yet, by status (queued includes those waiting for a retry).',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const depth = await queueDepth()
      this.set({ status: 'queued' }, depth.queued)
      this.set({ status: 'sending' }, depth.sending)
    },
  })
  new Gauge({
    name: 'parley_messages_stale',
    help: 'Outbound messages stale now: no final status within PARLEY_STALE_AFTER_MS of their last word (listed by GET /v1/messages?status=stale).',
    registers: [registry],
    async collect() {
      this.set(await staleCount())
    },
  })
  const stale = new Counter({ name: 'parley_messages_stale_total', help: 'Outbound messages this process marked stale.', registers: [registry] })
  new Gauge({
    name: 'parley_sender_rate_per_second',
    help: 'Effective sending rate per sender number, shared by all workers: the configured rate unless throughput refusals (130429) cut it.',
    labelNames: ['sender'],
    registers: [registry],
    async collect() {
      for (const { senderId, ratePerSecond } of await senderRates()) this.set({ sender: senderId }, ratePerSecond)
    },
  })
  const throttles = new Counter({
    name: 'parley_sender_throttles_total',
    help: 'Sends the provider refused for sending too fast, by sender and scope (sender: the number\'s throughput; recipient: the pair rate limit).',
    labelNames: ['sender', 'scope'],
    registers: [registry],
  })
  const accepted = new Counter({ name: 'parley_messages_accepted_total', help: 'Outbound messages accepted: through the API, by event rules, as keyword confirmations.', registers: [registry] })
  const sends = new Counter({ name: 'parley_sends_total', help: 'Provider send calls by outcome.', labelNames: ['outcome'], registers: [registry] })
  const sendSeconds = new Histogram({
    name: 'parley_send_duration_seconds',
    help: 'Duration of provider send calls.',
    labelNames: ['outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  const acceptToProvider = new Histogram({
    name: 'parley_accept_to_provider_seconds',
    help: 'From API acceptance to the provider accepting the message.',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  const webhooks = new Counter({ name: 'parley_webhooks_total', help: 'Webhook requests by provider and outcome.', labelNames: ['provider', 'outcome'], registers: [registry] })
  const webhookEvents = new Counter({
    name: 'parley_webhook_events_total',
    help: 'Events applied from webhooks, by kind and result (applied, duplicate, unmatched).',
    labelNames: ['kind', 'result'],
    registers: [registry],
  })
  new Gauge({
    name: 'parley_cost_budget_used_ratio',
    help: 'Share of each monthly budget spent this month (1 = all of it), by scope (category:marketing, sender:+55…).',
    labelNames: ['scope'],
    registers: [registry],
    async collect() {
      this.reset()
      for (const { scope, ratio } of budgetUsage ? await budgetUsage() : []) this.set({ scope }, ratio)
    },
  })
  const budgetAlerts = new Counter({
    name: 'parley_cost_budget_alerts_total',
    help: 'Budget thresholds (80, 100 percent) this process saw reached first, each once per month and budget across processes.',
    labelNames: ['threshold'],
    registers: [registry],
  })
  const httpSeconds = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'API request latency.',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })

  return {
    registry,
    messagesAccepted: (n: number) => accepted.inc(n),
    messageStale: () => stale.inc(),
    sendFinished(outcome: SendOutcome['kind'], seconds: number) {
      sends.inc({ outcome })
      sendSeconds.observe({ outcome }, seconds)
    },
    messageAccepted: (seconds: number) => acceptToProvider.observe(seconds),
    sendsThrottled: (senderId: string, scope: ThrottleScope, count: number) => throttles.inc({ sender: senderId, scope }, count),
    webhookReceived: (provider: string, outcome: 'accepted' | 'bad_signature' | 'malformed' | 'handshake_ok' | 'handshake_refused') =>
      webhooks.inc({ provider, outcome }),
    eventsApplied(kind: 'status' | 'inbound' | 'template', results: ApplyResult[]) {
      for (const result of results) webhookEvents.inc({ kind, result })
    },
    budgetAlerted: (threshold: number) => budgetAlerts.inc({ threshold: String(threshold) }),
    httpRequest: (method: string, route: string, status: number, seconds: number) => httpSeconds.observe({ method, route, status: String(status) }, seconds),
  }
}

export type Metrics = ReturnType<typeof createMetrics>
