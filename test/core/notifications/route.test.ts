import { describe, expect, it } from 'vitest'
import { DEFAULT_RATE_CARDS } from '../../../src/core/costs/default-rate-cards.js'
import { routeMessage, type RouteDecision, type RouteInput } from '../../../src/core/notifications/route.js'
import { HOUR, MINUTE } from '../../../src/core/shared/time.js'
import type { TemplateStatus } from '../../../src/core/templates/status.js'

const OLD = Date.UTC(2026, 8, 15, 9) // service free, utility in window free
const NEW = Date.UTC(2026, 10, 25, 9) // metered from 1 Oct 2026
const family = (...entries: Array<[string, TemplateStatus]>) => ({
  languages: entries.map(([language, status]) => ({ language, status })),
  preferredLanguages: ['tr'],
  fallback: { tr: ['en'] },
})
const APPROVED_TR = family(['tr', 'approved'], ['en', 'approved'])

function input(at: number, overrides: Partial<RouteInput> = {}): RouteInput {
  return {
    at,
    contact: { lastInboundAt: null, onWhatsApp: true },
    category: 'utility',
    market: 'TR',
    freeFormAllowed: true,
    freeFormText: true,
    template: APPROVED_TR,
    smsFallback: false,
    rateCards: DEFAULT_RATE_CARDS,
    freeFormUsedThisMonth: 0,
    ...overrides,
  }
}
const inWindow = (at: number, ago = HOUR) => ({ lastInboundAt: at - ago, onWhatsApp: true })
const usd = (micros: number) => ({ micros, currency: 'USD' })

type WithoutWhy<T> = T extends unknown ? Omit<T, 'why'> : never
type Expected = WithoutWhy<RouteDecision> & { why?: RegExp }

const cases: Array<[string, RouteInput, Expected]> = [
  // Not on WhatsApp
  ['not on WhatsApp, SMS configured', input(NEW, { contact: { lastInboundAt: null, onWhatsApp: false }, smsFallback: true }), { kind: 'sms', cost: null }],
  ['not on WhatsApp, no SMS', input(NEW, { contact: { lastInboundAt: null, onWhatsApp: false } }), { kind: 'suppress', reason: 'not_on_whatsapp', why: /no SMS fallback/ }],
  ['not on WhatsApp beats an open window', input(NEW, { contact: { lastInboundAt: NEW - HOUR, onWhatsApp: false }, smsFallback: true }), { kind: 'sms', cost: null }],
  ['unknown whether on WhatsApp: tries WhatsApp', input(NEW, { contact: { lastInboundAt: null, onWhatsApp: null }, smsFallback: true }), { kind: 'template', language: 'tr', cost: usd(900) }],
  // No WhatsApp sender at all (an SMS-only setup): SMS or nothing, whatever the contact
  ['no WhatsApp sender, SMS fallback', input(NEW, { contact: { lastInboundAt: NEW - HOUR, onWhatsApp: null }, smsFallback: true, whatsappSender: false }), { kind: 'sms', cost: null, why: /no WhatsApp sender/ }],
  ['no WhatsApp sender, no fallback', input(NEW, { contact: { lastInboundAt: null, onWhatsApp: null }, whatsappSender: false }), { kind: 'suppress', reason: 'not_on_whatsapp', why: /no WhatsApp sender .*no SMS fallback/ }],
  // Free-form inside the window, priced by the card in force
  ['window open, before Oct 2026: free-form free', input(OLD, { contact: inWindow(OLD), freeFormUsedThisMonth: 50_000 }), { kind: 'free_form', cost: usd(0), why: /window open .*free-form/ }],
  ['window open, Oct 2026, within the allowance', input(NEW, { contact: inWindow(NEW), freeFormUsedThisMonth: 999 }), { kind: 'free_form', cost: usd(0) }],
  ['window open, Oct 2026, allowance used up', input(NEW, { contact: inWindow(NEW), freeFormUsedThisMonth: 1000 }), { kind: 'free_form', cost: usd(900) }],
  ['window open, allowance used up, Germany', input(NEW, { contact: inWindow(NEW), freeFormUsedThisMonth: 1000, market: 'DE' }), { kind: 'free_form', cost: usd(55_000) }],
  ['window open, unknown market prices as other', input(NEW, { contact: inWindow(NEW), freeFormUsedThisMonth: 1000, market: null }), { kind: 'free_form', cost: usd(7_700) }],
  ['marketing in the window goes free-form when the rule allows', input(NEW, { contact: inWindow(NEW), category: 'marketing' }), { kind: 'free_form', cost: usd(0) }],
  // Window edges
  ['window: last millisecond', input(NEW, { contact: inWindow(NEW, 24 * HOUR - 1) }), { kind: 'free_form', cost: usd(0) }],
  ['window: closed at 24 h', input(NEW, { contact: inWindow(NEW, 24 * HOUR) }), { kind: 'template', language: 'tr', cost: usd(900), why: /window closed/ }],
  ['window: inside the safety margin → template, priced in-window (old card: free)', input(OLD, { contact: inWindow(OLD, 24 * HOUR - 5 * MINUTE), windowSafetyMargin: 10 * MINUTE }), { kind: 'template', language: 'tr', cost: usd(0) }],
  ['window: just outside the safety margin → free-form', input(OLD, { contact: inWindow(OLD, 24 * HOUR - 11 * MINUTE), windowSafetyMargin: 10 * MINUTE }), { kind: 'free_form', cost: usd(0) }],
  ['never wrote to us', input(NEW), { kind: 'template', language: 'tr', cost: usd(900), why: /no message from the contact/ }],
  // Templates in the window when free-form is not possible
  ['window open, rule templates only, before Oct 2026: utility free', input(OLD, { contact: inWindow(OLD), freeFormAllowed: false }), { kind: 'template', language: 'tr', cost: usd(0), why: /templates only/ }],
  ['window open, rule templates only, Oct 2026: utility charged', input(NEW, { contact: inWindow(NEW), freeFormAllowed: false }), { kind: 'template', language: 'tr', cost: usd(900) }],
  ['window open, no free-form text', input(NEW, { contact: inWindow(NEW), freeFormText: false }), { kind: 'template', language: 'tr', cost: usd(900), why: /no free-form text/ }],
  ['window open, marketing template', input(OLD, { contact: inWindow(OLD), category: 'marketing', freeFormAllowed: false }), { kind: 'template', language: 'tr', cost: usd(10_900) }],
  // Outside the window
  ['window closed, utility, before Oct 2026', input(OLD), { kind: 'template', language: 'tr', cost: usd(900) }],
  ['window closed, marketing', input(NEW, { category: 'marketing' }), { kind: 'template', language: 'tr', cost: usd(10_900) }],
  ['window closed, marketing, Brazil', input(NEW, { category: 'marketing', market: 'BR' }), { kind: 'template', language: 'tr', cost: usd(62_500) }],
  // US marketing templates are not delivered (131049)
  ['US marketing template', input(NEW, { category: 'marketing', market: 'US' }), { kind: 'suppress', reason: 'no_route', why: /131049/ }],
  ['US marketing free-form in the window', input(NEW, { category: 'marketing', market: 'us', contact: inWindow(NEW) }), { kind: 'free_form', cost: usd(0) }],
  ['US utility template', input(NEW, { market: 'US' }), { kind: 'template', language: 'tr', cost: usd(3_400) }],
  ['Canada marketing template', input(NEW, { category: 'marketing', market: 'CA' }), { kind: 'template', language: 'tr', cost: usd(25_000) }],
  ['US marketing template before April 2025', input(Date.UTC(2025, 2, 31), { category: 'marketing', market: 'US', rateCards: [{ ...DEFAULT_RATE_CARDS[0]!, effectiveFrom: 0 }] }), { kind: 'template', language: 'tr', cost: usd(25_000) }],
  // No template
  ['window closed, no template', input(NEW, { template: null }), { kind: 'suppress', reason: 'no_route', why: /no template/ }],
  ['window open, no text, no template', input(NEW, { contact: inWindow(NEW), freeFormText: false, template: null }), { kind: 'suppress', reason: 'no_route' }],
  ['window open, free-form, no template needed', input(NEW, { contact: inWindow(NEW), template: null }), { kind: 'free_form', cost: usd(0) }],
  // Language choice
  ['only English approved: fallback tr → en', input(NEW, { template: family(['tr', 'pending'], ['en', 'approved']) }), { kind: 'template', language: 'en', cost: usd(900) }],
  ['regional variant', input(NEW, { template: { ...family(['pt', 'approved']), preferredLanguages: ['pt_BR'] } }), { kind: 'template', language: 'pt', cost: usd(900) }],
  ['nothing approved', input(NEW, { template: family(['tr', 'paused'], ['en', 'rejected']) }), { kind: 'suppress', reason: 'no_approved_template', why: /tr/ }],
  ['approved only outside the chain', input(NEW, { template: family(['de', 'approved']) }), { kind: 'suppress', reason: 'no_approved_template' }],
]

describe('routeMessage', () => {
  it.each(cases)('%s', (_name, routeInput, expected) => {
    const decision = routeMessage(routeInput)
    const { why, ...rest } = expected
    expect(decision).toEqual({ ...rest, why: expect.any(String) })
    if (why) expect(decision.why).toMatch(why)
  })
})
