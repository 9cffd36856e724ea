import { describe, expect, it } from 'vitest'
import { AWAITING_WORD, canLeaveStale, canTransition, isFinal, OUTBOUND_STATUSES, predecessorsOf, staleExitsTo, type MessageStatus } from '../../src/core/messages/status.js'

// Every pair, spelled out: a change to the rule must change this table.
const ALLOWED: Record<string, MessageStatus[]> = {
  scheduled: ['queued', 'cancelled'],
  queued: ['sending', 'accepted', 'sent', 'delivered', 'read', 'failed', 'cancelled'],
  sending: ['queued', 'accepted', 'sent', 'delivered', 'read', 'failed', 'stale'],
  accepted: ['sent', 'delivered', 'read', 'failed', 'stale'],
  sent: ['delivered', 'read', 'failed', 'stale'],
  delivered: ['read'],
  read: [],
  failed: [],
  cancelled: [],
  // Where a stale message goes depends on what was last heard of it: see STALE_EXITS.
  stale: [],
  received: [],
}

// A stale message moves on only by the provider's word, ranked as the status it was last heard in.
const STALE_EXITS: Record<string, MessageStatus[]> = {
  sending: ['sent', 'delivered', 'read', 'failed'],
  accepted: ['sent', 'delivered', 'read', 'failed'],
  sent: ['delivered', 'read', 'failed'],
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

  for (const lastHeard of AWAITING_WORD) {
    for (const to of all) {
      const expected = STALE_EXITS[lastHeard]!.includes(to)
      it(`stale (last heard ${lastHeard}) → ${to}: ${expected ? 'moves' : 'stays'}`, () => {
        expect(canLeaveStale(lastHeard, to)).toBe(expected)
      })
    }
  }

  it('lets only a message still waiting for a word go stale: delivered is settled, read receipts may be off', () => {
    expect(all.filter((from) => canTransition(from, 'stale'))).toEqual(['sending', 'accepted', 'sent'])
    expect(predecessorsOf('stale')).toEqual([...AWAITING_WORD])
  })

  it('never lets a stale message back into the queue: it is not sent again', () => {
    expect(predecessorsOf('queued')).not.toContain('stale')
    expect(predecessorsOf('sending')).not.toContain('stale')
    expect(predecessorsOf('accepted')).not.toContain('stale')
    expect(staleExitsTo('queued')).toEqual([])
    expect(staleExitsTo('accepted')).toEqual([])
    expect(staleExitsTo('sent')).toEqual(['sending', 'accepted'])
    expect(staleExitsTo('read')).toEqual(['sending', 'accepted', 'sent'])
  })

  it('derives the compare-and-set guard from the same rule', () => {
    expect(predecessorsOf('failed')).toEqual(['queued', 'sending', 'accepted', 'sent'])
    expect(predecessorsOf('delivered')).toEqual(['queued', 'sending', 'accepted', 'sent'])
    expect(predecessorsOf('read')).toEqual(['queued', 'sending', 'accepted', 'sent', 'delivered'])
    expect(predecessorsOf('queued')).toEqual(['scheduled', 'sending'])
    expect(predecessorsOf('cancelled')).toEqual(['scheduled', 'queued'])
  })

  it('knows the final statuses', () => {
    // Stale is not final: a late webhook still moves the message on.
    expect(all.filter(isFinal)).toEqual(['read', 'failed', 'cancelled', 'received'])
  })
})
