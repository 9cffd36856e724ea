import { describe, expect, it } from 'vitest'
import { canTransition, isFinal, OUTBOUND_STATUSES, predecessorsOf, type MessageStatus } from '../../src/core/messages/status.js'

// Every pair, spelled out: a change to the rule must change this table.
const ALLOWED: Record<string, MessageStatus[]> = {
  scheduled: ['queued', 'cancelled'],
  queued: ['sending', 'accepted', 'sent', 'delivered', 'read', 'failed', 'cancelled'],
  sending: ['queued', 'accepted', 'sent', 'delivered', 'read', 'failed'],
  accepted: ['sent', 'delivered', 'read', 'failed'],
  sent: ['delivered', 'read', 'failed'],
  delivered: ['read'],
  read: [],
  failed: [],
  cancelled: [],
  received: [],
}

describe('message status machine', () => {
  const all: MessageStatus[] = [...OUTBOUND_STATUSES, 'received']
  for (const from of all) {
    for (const to of all) {
      const expected = ALLOWED[from]!.includes(to)
      it(`${from} → ${to}: ${expected ? 'moves' : 'stays'}`, () => {
        expect(canTransition(from, to)).toBe(expected)
      })
    }
  }

  it('derives the compare-and-set guard from the same rule', () => {
    expect(predecessorsOf('failed')).toEqual(['queued', 'sending', 'accepted', 'sent'])
    expect(predecessorsOf('delivered')).toEqual(['queued', 'sending', 'accepted', 'sent'])
    expect(predecessorsOf('read')).toEqual(['queued', 'sending', 'accepted', 'sent', 'delivered'])
    expect(predecessorsOf('queued')).toEqual(['scheduled', 'sending'])
    expect(predecessorsOf('cancelled')).toEqual(['scheduled', 'queued'])
  })

  it('knows the final statuses', () => {
    expect(all.filter(isFinal)).toEqual(['read', 'failed', 'cancelled', 'received'])
  })
})
