import { describe, expect, it } from 'vitest'
import { DEFAULT_RATE_CARDS } from '../../../src/core/costs/default-rate-cards.js'
import type { ContactState } from '../../../src/core/contacts/model.js'
import { SUPPRESS_REASONS, type SuppressReason } from '../../../src/core/notifications/model.js'
import { planNotification, type NotificationDecision, type PlanInput, type PlannedIntent, type RoutingContext } from '../../../src/core/notifications/plan-notification.js'
import type { PolicySettings } from '../../../src/core/notifications/policy.js'
import { contact, SETTINGS } from './fixtures.js'
import { local } from './local.js'

const T = (time: string) => local('Europe/Istanbul', time)
const usd = (micros: number) => ({ micros, currency: 'USD' })
const NIGHT = '2026-11-25T22:30'
const MORNING = '2026-11-26T08:00'
const ROUTING: RoutingContext = {
  freeFormAllowed: true,
  freeFormText: true,
  template: { languages: [{ language: 'tr', status: 'approved' }], preferredLanguages: ['tr'], fallback: {} },
  smsFallback: false,
  rateCards: DEFAULT_RATE_CARDS,
  freeFormUsedThisMonth: 0,
}
const CAPPED: PolicySettings = { ...SETTINGS, caps: { utility: { perDay: 1, perWeek: null }, marketing: { perDay: 1, perWeek: null } } }

interface Case {
  name: string
  now?: string
  contact?: Partial<ContactState>
  intent?: Partial<PlannedIntent>
  routing?: Partial<RoutingContext>
  settings?: PolicySettings
  history?: string[]
  expected: { kind: NotificationDecision['kind']; at?: number; route?: unknown; deferred?: unknown; reason?: SuppressReason; detail?: unknown }
}

function plan(c: Omit<Case, 'name' | 'expected'>): NotificationDecision {
  const now = T(c.now ?? NIGHT)
  const input: PlanInput = {
    now,
    contact: contact(c.contact),
    intent: { category: 'utility', desiredAt: now, expiresAt: null, ...c.intent },
    settings: c.settings ?? SETTINGS,
    history: (c.history ?? []).map(T),
    routing: { ...ROUTING, ...c.routing },
  }
  return planNotification(input)
}

const deferral = (costIfSentNow: unknown, costWhenDeferred: unknown, difference: unknown, choice = 'deferred', from = NIGHT, until = MORNING) => ({
  reason: 'quiet_hours',
  from: T(from),
  until: T(until),
  detail: expect.any(String),
  costIfSentNow,
  costWhenDeferred,
  difference,
  choice,
})

const cases: Case[] = [
  // Not deferred
  { name: 'daytime, window closed: template now', now: '2026-11-25T12:00', expected: { kind: 'send', at: T('2026-11-25T12:00'), route: { kind: 'template', language: 'tr', cost: usd(900), why: expect.any(String) } } },
  { name: 'daytime, window open: free-form now', now: '2026-11-25T12:00', contact: { lastInboundAt: T('2026-11-25T11:00') }, expected: { kind: 'send', route: { kind: 'free_form', cost: usd(0), why: expect.any(String) } } },
  { name: 'desired later today: scheduled', now: '2026-11-25T12:00', intent: { desiredAt: T('2026-11-25T17:00') }, expected: { kind: 'schedule', at: T('2026-11-25T17:00') } },
  { name: 'no deferral record without deferral', now: '2026-11-25T12:00', expected: { kind: 'send', deferred: undefined } },
  // Policy and routing suppressions pass through
  { name: 'opted out', contact: { optOut: { granted: true, source: 'whatsapp_keyword', at: T('2026-11-20T10:00') } }, expected: { kind: 'suppress', reason: 'opted_out' } },
  { name: 'nothing approved', now: '2026-11-25T12:00', routing: { template: { ...ROUTING.template!, languages: [{ language: 'tr', status: 'pending' }] } }, expected: { kind: 'suppress', reason: 'no_approved_template', detail: expect.stringMatching(/no template is approved in tr/) } },
  // Quiet hours: the window stays open until 08:00 → free either way
  { name: 'deferred, window open through the morning: free-form at 08:00, no difference', contact: { lastInboundAt: T('2026-11-25T20:00') }, expected: { kind: 'schedule', at: T(MORNING), route: { kind: 'free_form', cost: usd(0), why: expect.any(String) }, deferred: deferral(usd(0), usd(0), usd(0)) } },
  // Quiet hours: the window closes at 07:00 → the deferral turns free text into a paid template
  { name: 'deferred past the window: template at 08:00, +900 micros', contact: { lastInboundAt: T('2026-11-25T07:00') }, expected: { kind: 'schedule', at: T(MORNING), route: { kind: 'template', language: 'tr', cost: usd(900), why: expect.any(String) }, deferred: deferral(usd(0), usd(900), usd(900)) } },
  { name: 'deferred past the window, allowance used up: both cost the utility rate', contact: { lastInboundAt: T('2026-11-25T07:00') }, routing: { freeFormUsedThisMonth: 1000 }, expected: { kind: 'schedule', deferred: deferral(usd(900), usd(900), usd(0)) } },
  { name: 'deferred past the window, Germany', contact: { lastInboundAt: T('2026-11-25T07:00'), market: 'DE' }, expected: { kind: 'schedule', deferred: deferral(usd(0), usd(55_000), usd(55_000)) } },
  { name: 'sendNowIfWindowOpen: sends the free text now and records the choice', contact: { lastInboundAt: T('2026-11-25T07:00') }, intent: { sendNowIfWindowOpen: true }, expected: { kind: 'send', at: T(NIGHT), route: { kind: 'free_form', cost: usd(0), why: expect.any(String) }, deferred: deferral(usd(0), usd(900), usd(900), 'sent_now_window_open') } },
  { name: 'sendNowIfWindowOpen with a desired time in quiet hours: scheduled then', now: '2026-11-25T20:00', contact: { lastInboundAt: T('2026-11-25T07:00') }, intent: { sendNowIfWindowOpen: true, desiredAt: T(NIGHT) }, expected: { kind: 'schedule', at: T(NIGHT), deferred: deferral(usd(0), usd(900), usd(900), 'sent_now_window_open') } },
  { name: 'sendNowIfWindowOpen, templates-only rule: template now', contact: { lastInboundAt: T('2026-11-25T07:00') }, intent: { sendNowIfWindowOpen: true }, routing: { freeFormAllowed: false }, expected: { kind: 'send', at: T(NIGHT), route: { kind: 'template', language: 'tr', cost: usd(900), why: expect.any(String) }, deferred: deferral(usd(900), usd(900), usd(0), 'sent_now_window_open') } },
  { name: 'sendNowIfWindowOpen, window closed: deferred as usual', intent: { sendNowIfWindowOpen: true }, expected: { kind: 'schedule', at: T(MORNING), deferred: deferral(usd(900), usd(900), usd(0)) } },
  { name: 'sendNowIfWindowOpen, window inside the safety margin: deferred', contact: { lastInboundAt: T('2026-11-24T22:35') }, intent: { sendNowIfWindowOpen: true }, routing: { windowSafetyMargin: 10 * 60_000 }, expected: { kind: 'schedule', at: T(MORNING) } },
  { name: 'sendNowIfWindowOpen, today capped: deferred to tomorrow instead', contact: { lastInboundAt: T('2026-11-25T07:00') }, intent: { sendNowIfWindowOpen: true }, settings: CAPPED, history: ['2026-11-25T09:00'], expected: { kind: 'schedule', at: T(MORNING), deferred: deferral(usd(0), usd(900), usd(900)) } },
  // The deferral makes it useless
  { name: 'lesson at 07:30: quiet_hours_expired', contact: { lastInboundAt: T('2026-11-25T07:00') }, intent: { expiresAt: T('2026-11-26T07:30') }, expected: { kind: 'suppress', reason: 'quiet_hours_expired' } },
  { name: 'lesson at 07:30, sendNowIfWindowOpen: sent now', contact: { lastInboundAt: T('2026-11-25T07:00') }, intent: { expiresAt: T('2026-11-26T07:30'), sendNowIfWindowOpen: true }, expected: { kind: 'send', at: T(NIGHT), route: { kind: 'free_form', cost: usd(0), why: expect.any(String) }, deferred: deferral(usd(0), null, null, 'sent_now_window_open') } },
  // The deferral makes it unroutable
  { name: 'free-form only rule, window closes before 08:00: no_route', contact: { lastInboundAt: T('2026-11-25T07:00') }, routing: { template: null }, expected: { kind: 'suppress', reason: 'no_route', detail: expect.stringMatching(/deferred .*; then window closed/) } },
  { name: 'free-form only rule, sendNowIfWindowOpen: sent now', contact: { lastInboundAt: T('2026-11-25T07:00') }, routing: { template: null }, intent: { sendNowIfWindowOpen: true }, expected: { kind: 'send', deferred: deferral(usd(0), null, null, 'sent_now_window_open') } },
  // SMS has no price here
  { name: 'not on WhatsApp, SMS: deferred, costs unknown', contact: { onWhatsApp: false }, routing: { smsFallback: true }, expected: { kind: 'schedule', at: T(MORNING), route: { kind: 'sms', cost: null, why: expect.any(String) }, deferred: deferral(null, null, null) } },
  // The rate card changes overnight on 1 Oct 2026: free service becomes metered
  { name: 'deferred across 1 Oct 2026, allowance used: 0 → 900', now: '2026-09-30T22:30', contact: { lastInboundAt: T('2026-09-30T20:00') }, routing: { freeFormUsedThisMonth: 1000 }, expected: { kind: 'schedule', at: T('2026-10-01T08:00'), route: { kind: 'free_form', cost: usd(900), why: expect.any(String) }, deferred: deferral(usd(0), usd(900), usd(900), 'deferred', '2026-09-30T22:30', '2026-10-01T08:00') } },
  { name: 'deferred across 1 Oct 2026, templates only: in-window utility 0 → 900', now: '2026-09-30T22:30', contact: { lastInboundAt: T('2026-09-30T20:00') }, routing: { freeFormAllowed: false }, expected: { kind: 'schedule', deferred: deferral(usd(0), usd(900), usd(900), 'deferred', '2026-09-30T22:30', '2026-10-01T08:00') } },
]

describe('planNotification', () => {
  it.each(cases)('$name', ({ expected, ...c }) => {
    const decision = plan(c)
    expect(decision).toMatchObject(Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== undefined)))
    if ('deferred' in expected && expected.deferred === undefined) expect(decision).not.toHaveProperty('deferred')
  })

  it('produces every suppress reason but `cancelled` (the event side cancels, not the decision)', () => {
    const reasons: Array<[SuppressReason, Omit<Case, 'name' | 'expected'>]> = [
      ['opted_out', { contact: { optOut: { granted: true, source: 'whatsapp_keyword', at: 0 } } }],
      ['no_marketing_consent', { contact: { marketingConsent: null }, intent: { category: 'marketing' } }],
      ['quiet_hours_expired', { intent: { expiresAt: T('2026-11-26T07:30') } }],
      ['expired', { intent: { expiresAt: T(NIGHT) } }],
      ['frequency_cap', { settings: CAPPED, history: ['2026-11-26T09:00'] }],
      ['not_on_whatsapp', { contact: { onWhatsApp: false } }],
      ['no_approved_template', { routing: { template: { ...ROUTING.template!, languages: [] } } }],
      ['no_route', { routing: { template: null } }],
    ]
    for (const [reason, c] of reasons) expect(plan(c), reason).toMatchObject({ kind: 'suppress', reason })
    // Cancellations and budget hard stops are decided outside the plan (by events, and by the spend of the month).
    expect(SUPPRESS_REASONS.filter((r) => !reasons.some(([covered]) => covered === r))).toEqual(['cancelled', 'budget_exhausted'])
  })
})
