import { describe, expect, it } from 'vitest'
import { DEFAULT_RATE_CARDS } from '../../../src/core/costs/default-rate-cards.js'
import { applyKeyword } from '../../../src/core/notifications/apply-keyword.js'
import { confirmationText } from '../../../src/core/notifications/keyword-confirmations.js'
import { matchKeyword } from '../../../src/core/notifications/keywords.js'
import type { ContactState } from '../../../src/core/contacts/model.js'
import { planNotification, type PlannedIntent, type RoutingContext } from '../../../src/core/notifications/plan-notification.js'
import { contact, SETTINGS } from './fixtures.js'
import { local, show } from './local.js'

/**
 * Issue 5 at the level of pure decisions: a Turkish-speaking parent in Istanbul. An event at 22:30
 * local is deferred to 08:00; after the parent replies the next notification goes as free-form
 * text; STOP (DUR) suppresses the next marketing message as `opted_out`.
 */
const IST = 'Europe/Istanbul'
const T = (time: string) => local(IST, time)
const ROUTING: RoutingContext = {
  freeFormAllowed: true,
  freeFormText: true,
  template: {
    languages: [{ language: 'tr', status: 'approved' }, { language: 'en', status: 'approved' }],
    preferredLanguages: ['tr'],
    fallback: { tr: ['en'] },
  },
  smsFallback: false,
  rateCards: DEFAULT_RATE_CARDS,
  freeFormUsedThisMonth: 12,
}
const intent = (at: number, category: PlannedIntent['category'] = 'utility'): PlannedIntent => ({ category, desiredAt: at, expiresAt: null })
const decide = (parent: ContactState, now: number, category: PlannedIntent['category'] = 'utility') =>
  planNotification({ now, contact: parent, intent: intent(now, category), settings: SETTINGS, history: [], routing: ROUTING })

describe('issue 5: a Turkish-speaking parent in Europe/Istanbul', () => {
  const parent = contact({ timezone: IST, language: 'tr', market: 'TR' })
  // Each step starts from the state the previous one left: the parent has replied at 08:15.
  const replied = { ...parent, lastInboundAt: T('2026-11-26T08:15') }

  it('"lesson scheduled" at 22:30 local is deferred to 08:00 local, as a Turkish template', () => {
    const decision = decide(parent, T('2026-11-25T22:30'))
    expect(decision.kind).toBe('schedule')
    if (decision.kind === 'suppress') return
    expect(show(decision.at, IST)).toBe('2026-11-26T08:00+03:00')
    expect(decision.route).toMatchObject({ kind: 'template', language: 'tr', cost: { micros: 900, currency: 'USD' } })
    expect(decision.deferred).toMatchObject({ reason: 'quiet_hours', from: T('2026-11-25T22:30'), choice: 'deferred', difference: { micros: 0 } })
  })

  it('after the parent replies, the next notification goes as free-form text', () => {
    const decision = decide(replied, T('2026-11-26T10:00'))
    expect(decision).toMatchObject({ kind: 'send', at: T('2026-11-26T10:00'), route: { kind: 'free_form', cost: { micros: 0, currency: 'USD' } } })
  })

  it('a marketing message still goes while opted in', () => {
    expect(decide(replied, T('2026-11-26T11:00'), 'marketing')).toMatchObject({ kind: 'send' })
  })

  it.each(['STOP', 'DUR', 'dur.'])('%s opts the parent out with one Turkish confirmation; the next marketing message is suppressed as opted_out', (text) => {
    const at = T('2026-11-26T12:00')
    const keyword = matchKeyword(text)
    expect(keyword?.action).toBe('opt_out')
    const effect = applyKeyword(replied, keyword!.action, at)
    expect(effect.kind).toBe('change')
    if (effect.kind !== 'change') return
    expect(confirmationText(effect.confirm, [replied.language, keyword!.language]).text).toMatch(/BAŞLA/)
    const optedOut = { ...replied, optOut: effect.optOut, lastInboundAt: at }
    expect(applyKeyword(optedOut, 'opt_out', at + 60_000)).toEqual({ kind: 'unchanged' }) // no second confirmation

    const next = decide(optedOut, T('2026-11-26T13:00'), 'marketing')
    expect(next).toMatchObject({ kind: 'suppress', reason: 'opted_out' })
    if (next.kind === 'suppress') expect(next.detail).toMatch(/whatsapp_keyword/)
  })

  it('BAŞLA opts back in', () => {
    const at = T('2026-11-26T12:00')
    const out = applyKeyword(replied, 'opt_out', at)
    if (out.kind !== 'change') throw new Error('expected a change')
    const back = applyKeyword({ optOut: out.optOut }, matchKeyword('Başla')!.action, at + 60_000)
    expect(back).toEqual({ kind: 'change', confirm: 'opt_in', optOut: null })
    if (back.kind !== 'change') return
    expect(decide({ ...replied, optOut: back.optOut }, T('2026-11-26T13:00'), 'marketing')).toMatchObject({ kind: 'send' })
  })
})
