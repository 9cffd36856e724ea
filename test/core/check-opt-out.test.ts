import { describe, expect, it } from 'vitest'
import { checkOptOut, type SendOverride, type SendSubject } from '../../src/core/messages/check-opt-out.js'
import type { RecipientState } from '../../src/core/contacts/model.js'

const HOUR = 3_600_000
const NOW = Date.parse('2026-11-25T10:00:00Z')
const optedOut = (lastInboundAt: number | null): RecipientState => ({ language: 'en', optOut: { at: NOW - 2 * HOUR, source: 'whatsapp_keyword' }, lastInboundAt })
const text: SendSubject = { kind: 'text' }
const utility: SendSubject = { kind: 'template', category: 'UTILITY' }
const marketing: SendSubject = { kind: 'template', category: 'MARKETING' }

describe('checkOptOut', () => {
  it('lets anything through to a contact who has not opted out, or is unknown', () => {
    expect(checkOptOut(undefined, marketing, null, NOW)).toBeNull()
    expect(checkOptOut({ language: null, optOut: null, lastInboundAt: null }, text, null, NOW)).toBeNull()
  })

  it.each<[string, RecipientState, SendSubject, SendOverride | null, string | null]>([
    ['no override', optedOut(NOW - 2 * HOUR), text, null, 'opted_out'],
    ['a transactional template', optedOut(null), utility, 'transactional', null],
    ['transactional free-form text', optedOut(null), text, 'transactional', 'not_transactional'],
    ['a marketing template, transactional', optedOut(null), marketing, 'transactional', 'marketing'],
    ['a marketing template, requested', optedOut(NOW - HOUR), marketing, 'requested_by_contact', 'marketing'],
    ['a requested reply after they wrote again', optedOut(NOW - HOUR), text, 'requested_by_contact', null],
    ['a requested reply when their last message was the opt-out', optedOut(NOW - 2 * HOUR), text, 'requested_by_contact', 'not_requested'],
    ['a requested reply after the window closed', { ...optedOut(NOW - 25 * HOUR), optOut: { at: NOW - 30 * HOUR, source: 'api' } }, text, 'requested_by_contact', 'not_requested'],
  ])('%s', (_name, recipient, subject, override, reason) => {
    const error = checkOptOut(recipient, subject, override, NOW)
    if (reason === null) expect(error).toBeNull()
    else expect(error).toMatchObject({ code: 'contact_opted_out', details: { reason, override } })
  })
})
