import { describe, expect, it } from 'vitest'
import type { ContactState } from '../../../src/core/contacts/model.js'
import type { SuppressReason } from '../../../src/core/notifications/model.js'
import { decidePolicy, type NotificationIntent, type PolicySettings } from '../../../src/core/notifications/policy.js'
import { MINUTE } from '../../../src/core/shared/time.js'
import { contact, SETTINGS } from './fixtures.js'
import { local } from './local.js'

const IST = 'Europe/Istanbul'
const T = (time: string) => local(IST, time)
const OUT = { granted: true, source: 'whatsapp_keyword', at: T('2026-11-20T10:00') }
const WITHDRAWN = { granted: false, source: 'platform_131050', at: T('2026-11-20T10:00') }
const CAPPED: PolicySettings = { ...SETTINGS, caps: { utility: { perDay: 2, perWeek: 4 }, marketing: { perDay: 1, perWeek: 2 } } }

type Expected =
  | { allow: string; from?: string } // local times in Istanbul; `from` present when deferred
  | { suppress: SuppressReason; detail?: RegExp }

interface Case {
  name: string
  contact?: Partial<ContactState>
  intent: Partial<NotificationIntent>
  settings?: PolicySettings
  history?: string[]
  now?: string
  expected: Expected
}

const DAY = '2026-11-25T12:00'
const NIGHT = '2026-11-25T22:30'

const cases: Case[] = [
  // 1. opt-out comes first
  { name: 'opted out: utility suppressed', contact: { optOut: OUT }, intent: {}, expected: { suppress: 'opted_out', detail: /via whatsapp_keyword at 2026-11-20T07:00:00.000Z/ } },
  { name: 'opted out wins over missing marketing consent', contact: { optOut: OUT, marketingConsent: null }, intent: { category: 'marketing' }, expected: { suppress: 'opted_out' } },
  { name: 'opted out wins over a cap and expiry', contact: { optOut: OUT }, intent: { expiresAt: T(DAY) }, settings: CAPPED, history: [DAY, DAY], expected: { suppress: 'opted_out' } },
  { name: 'opted back in (record cleared): allowed', contact: { optOut: null }, intent: {}, expected: { allow: DAY } },
  // 2. marketing needs an explicit opt-in
  { name: 'marketing without opt-in', contact: { marketingConsent: null }, intent: { category: 'marketing' }, expected: { suppress: 'no_marketing_consent', detail: /explicit opt-in/ } },
  { name: 'marketing after withdrawal (131050)', contact: { marketingConsent: WITHDRAWN }, intent: { category: 'marketing' }, expected: { suppress: 'no_marketing_consent', detail: /withdrawn via platform_131050/ } },
  { name: 'marketing consent wins over a cap', contact: { marketingConsent: null }, intent: { category: 'marketing' }, settings: CAPPED, history: [DAY], expected: { suppress: 'no_marketing_consent' } },
  { name: 'marketing with opt-in', intent: { category: 'marketing' }, expected: { allow: DAY } },
  { name: 'utility needs no marketing opt-in', contact: { marketingConsent: null }, intent: {}, expected: { allow: DAY } },
  { name: 'an open window does not replace the marketing opt-in', contact: { marketingConsent: null, lastInboundAt: T('2026-11-25T11:00') }, intent: { category: 'marketing' }, expected: { suppress: 'no_marketing_consent' } },
  // 3. frequency caps, at the boundary
  { name: 'day cap: one below', settings: CAPPED, history: ['2026-11-25T09:00'], intent: {}, expected: { allow: DAY } },
  { name: 'day cap: reached', settings: CAPPED, history: ['2026-11-25T00:00', '2026-11-25T23:59'], intent: {}, expected: { suppress: 'frequency_cap', detail: /2 utility message\(s\) already in the local day .*cap is 2 per day/ } },
  { name: 'day cap: yesterday does not count', settings: CAPPED, history: ['2026-11-24T23:59', '2026-11-25T09:00'], intent: {}, expected: { allow: DAY } },
  { name: 'week cap: one below', settings: CAPPED, history: ['2026-11-23T09:00', '2026-11-24T09:00', '2026-11-29T23:59'], intent: {}, expected: { allow: DAY } },
  { name: 'week cap: reached', settings: CAPPED, history: ['2026-11-23T00:00', '2026-11-23T09:00', '2026-11-24T09:00', '2026-11-29T23:59'], intent: {}, expected: { suppress: 'frequency_cap', detail: /ISO week .*cap is 4 per week/ } },
  { name: 'week cap: last Sunday does not count', settings: CAPPED, history: ['2026-11-22T23:59', '2026-11-23T09:00', '2026-11-24T09:00', '2026-11-29T23:59'], intent: {}, expected: { allow: DAY } },
  { name: 'caps per category: marketing', settings: CAPPED, history: ['2026-11-25T09:00'], intent: { category: 'marketing' }, expected: { suppress: 'frequency_cap', detail: /cap is 1 per day/ } },
  { name: 'scheduled sends count too', settings: CAPPED, history: ['2026-11-25T18:00', '2026-11-25T19:00'], intent: {}, expected: { suppress: 'frequency_cap' } },
  { name: 'a deferred send counts against the day it goes: today full, tomorrow free', settings: CAPPED, history: ['2026-11-25T09:00', '2026-11-25T10:00'], intent: { desiredAt: T(NIGHT) }, now: NIGHT, expected: { allow: '2026-11-26T08:00', from: NIGHT } },
  { name: 'a deferred send counts against the day it goes: tomorrow full', settings: CAPPED, history: ['2026-11-26T09:00', '2026-11-26T10:00'], intent: { desiredAt: T(NIGHT) }, now: NIGHT, expected: { suppress: 'frequency_cap' } },
  { name: 'cap wins over expiry after deferral', settings: CAPPED, history: ['2026-11-26T09:00', '2026-11-26T10:00'], intent: { desiredAt: T(NIGHT), expiresAt: T('2026-11-26T07:00') }, now: NIGHT, expected: { suppress: 'frequency_cap' } },
  // 4. quiet hours
  { name: 'quiet hours: 22:30 deferred to 08:00', intent: { desiredAt: T(NIGHT) }, now: NIGHT, expected: { allow: '2026-11-26T08:00', from: NIGHT } },
  { name: 'quiet hours: 21:00 is quiet', intent: { desiredAt: T('2026-11-25T21:00') }, now: '2026-11-25T21:00', expected: { allow: '2026-11-26T08:00', from: '2026-11-25T21:00' } },
  { name: 'quiet hours: 20:59 is not', intent: { desiredAt: T('2026-11-25T20:59') }, now: '2026-11-25T20:59', expected: { allow: '2026-11-25T20:59' } },
  { name: 'quiet hours: 07:59 deferred to 08:00', intent: { desiredAt: T('2026-11-26T07:59') }, now: '2026-11-26T07:59', expected: { allow: '2026-11-26T08:00', from: '2026-11-26T07:59' } },
  { name: 'quiet hours: 08:00 is not', intent: { desiredAt: T('2026-11-26T08:00') }, now: '2026-11-26T08:00', expected: { allow: '2026-11-26T08:00' } },
  { name: 'quiet hours ignored by the rule', intent: { desiredAt: T(NIGHT), ignoreQuietHours: true }, now: NIGHT, expected: { allow: NIGHT } },
  { name: 'custom quiet hours', settings: { ...SETTINGS, quietHours: { start: '23:00', end: '07:00' } }, intent: { desiredAt: T(NIGHT) }, now: NIGHT, expected: { allow: NIGHT } },
  { name: 'quiet hours in the contact zone: 22:30 in Istanbul is 20:30 in Berlin', contact: { timezone: 'Europe/Berlin' }, intent: { desiredAt: T(NIGHT) }, now: NIGHT, expected: { allow: NIGHT } },
  { name: 'unknown zone: the default (Berlin) decides', contact: { timezone: null }, intent: { desiredAt: T('2026-11-25T23:30') }, now: '2026-11-25T23:30', expected: { allow: '2026-11-26T10:00', from: '2026-11-25T23:30' } },
  { name: 'invalid zone: the default decides', contact: { timezone: 'Mars/Olympus' }, intent: { desiredAt: T('2026-11-25T23:30') }, now: '2026-11-25T23:30', expected: { allow: '2026-11-26T10:00', from: '2026-11-25T23:30' } },
  // timing
  { name: 'desired in the past: now', intent: { desiredAt: T('2026-11-25T09:00') }, now: DAY, expected: { allow: DAY } },
  { name: 'desired later in the day: then', intent: { desiredAt: T('2026-11-25T17:00') }, now: DAY, expected: { allow: '2026-11-25T17:00' } },
  { name: 'desired late in the past, now in quiet hours: deferred from now', intent: { desiredAt: T('2026-11-25T20:00') }, now: NIGHT, expected: { allow: '2026-11-26T08:00', from: NIGHT } },
  // 5. expiry
  { name: 'expires later: allowed', intent: { expiresAt: T('2026-11-25T12:01') }, expected: { allow: DAY } },
  { name: 'expires at the send instant: expired', intent: { expiresAt: T(DAY) }, expected: { suppress: 'expired', detail: /useless from 2026-11-25 12:00 \+03:00/ } },
  { name: 'already expired', intent: { desiredAt: T('2026-11-25T09:00'), expiresAt: T('2026-11-25T10:00') }, expected: { suppress: 'expired' } },
  { name: 'deferral outlives it: lesson at 07:30', intent: { desiredAt: T(NIGHT), expiresAt: T('2026-11-26T07:30') }, now: NIGHT, expected: { suppress: 'quiet_hours_expired', detail: /deferred from 2026-11-25 22:30 \+03:00 .* to 2026-11-26 08:00 .*useless from 2026-11-26 07:30/ } },
  { name: 'deferral outlives it: lesson at 08:00 exactly', intent: { desiredAt: T(NIGHT), expiresAt: T('2026-11-26T08:00') }, now: NIGHT, expected: { suppress: 'quiet_hours_expired' } },
  { name: 'deferral in time: lesson at 08:01', intent: { desiredAt: T(NIGHT), expiresAt: T('2026-11-26T08:01') }, now: NIGHT, expected: { allow: '2026-11-26T08:00', from: NIGHT } },
  { name: 'expired before any deferral: expired, not quiet_hours_expired', intent: { desiredAt: T(NIGHT), expiresAt: T('2026-11-25T22:00') }, now: NIGHT, expected: { suppress: 'expired' } },
  { name: 'quiet hours ignored, expiry still applies', intent: { desiredAt: T(NIGHT), expiresAt: T(NIGHT), ignoreQuietHours: true }, now: NIGHT, expected: { suppress: 'expired' } },
]

describe('decidePolicy', () => {
  it.each(cases)('$name', (c) => {
    const now = T(c.now ?? DAY)
    const intent: NotificationIntent = { category: 'utility', desiredAt: now, expiresAt: null, ...c.intent }
    const decision = decidePolicy(contact(c.contact), intent, c.settings ?? SETTINGS, (c.history ?? []).map(T), now)
    const expected = c.expected
    if ('allow' in expected) {
      expect(decision).toMatchObject({ kind: 'allow', at: T(expected.allow) })
      if (decision.kind !== 'allow') return
      if (expected.from === undefined) expect(decision.deferred).toBeNull()
      else expect(decision.deferred).toMatchObject({ reason: 'quiet_hours', from: T(expected.from), until: T(expected.allow) })
    } else {
      expect(decision).toMatchObject({ kind: 'suppress', reason: expected.suppress })
      if (decision.kind === 'suppress' && expected.detail) expect(decision.detail).toMatch(expected.detail)
    }
  })

  it('gives a quiet-hours expiry its deferral, for the record', () => {
    const decision = decidePolicy(contact(), { category: 'utility', desiredAt: T(NIGHT), expiresAt: T('2026-11-26T07:30') }, SETTINGS, [], T(NIGHT))
    expect(decision).toMatchObject({ kind: 'suppress', deferred: { from: T(NIGHT), until: T('2026-11-26T08:00') } })
  })

  it('judges quiet hours to the millisecond', () => {
    const at = T('2026-11-25T21:00') - 1
    expect(decidePolicy(contact(), { category: 'utility', desiredAt: at, expiresAt: null }, SETTINGS, [], at)).toEqual({ kind: 'allow', at, deferred: null })
    expect(decidePolicy(contact(), { category: 'utility', desiredAt: at + MINUTE, expiresAt: null }, SETTINGS, [], at)).toMatchObject({ deferred: { from: at + MINUTE } })
  })
})
