import { describe, expect, it } from 'vitest'
import { maskPhone, maskPhonesDeep } from '../../../src/core/contacts/mask-phone.js'
import type { FeedEntry } from '../../../src/core/events/feed.js'
import { feedEntryVisible } from '../../../src/core/teams/feed-visibility.js'
import { canSee, visibilityOf } from '../../../src/core/teams/visibility.js'

describe('masking phone numbers', () => {
  it('keeps the country code, two digits and the last three', () => {
    expect(maskPhone('+447911123001')).toBe('+44 79** ***001')
    expect(maskPhone('+905321110003')).toBe('+90 53** ***003')
    expect(maskPhone('+14155550123')).toBe('+1 41** ***123')
    expect(maskPhone('447911123001')).toBe('+44 79** ***001')
  })

  it('masks every number in a JSON value: fields, texts, platform user ids, and withholds provider message ids', () => {
    const masked = maskPhonesDeep({
      phone: '+447911123001',
      wa_id: '447911123001',
      provider_message_id: 'wamid.HBgMNDQ3OTExMTIzMDAx',
      text: 'ring +447911123001 or +905321110003.',
      nested: [{ to: '+905321110003', count: 3, ok: true, none: null }],
    })
    expect(masked).toEqual({
      phone: '+44 79** ***001',
      wa_id: '+44 79** ***001',
      provider_message_id: 'hidden',
      text: 'ring +44 79** ***001 or +90 53** ***003.',
      nested: [{ to: '+90 53** ***003', count: 3, ok: true, none: null }],
    })
  })
})

describe('who sees which conversation', () => {
  const ann = visibilityOf({ kind: 'operator', id: 'op_ann', role: 'operator', seesAllTeams: false }, ['team_a'])

  it('lets keys, admins and operators given every team see all', () => {
    expect(visibilityOf({ kind: 'key' }, [])).toEqual({ kind: 'all' })
    expect(visibilityOf({ kind: 'operator', id: 'op_x', role: 'admin', seesAllTeams: false }, [])).toEqual({ kind: 'all' })
    expect(visibilityOf({ kind: 'operator', id: 'op_x', role: 'viewer', seesAllTeams: true }, [])).toEqual({ kind: 'all' })
  })

  it("shows an operator their teams', the unrouted and their own conversations only", () => {
    expect(canSee(ann, { teamId: 'team_a', assigneeId: null })).toBe(true)
    expect(canSee(ann, { teamId: null, assigneeId: 'op_bob' })).toBe(true)
    expect(canSee(ann, { teamId: 'team_b', assigneeId: 'op_ann' })).toBe(true)
    expect(canSee(ann, { teamId: 'team_b', assigneeId: null })).toBe(false)
  })

  it('sends a team change to the team it left too, and drops entries about other teams', () => {
    const entry = (data: FeedEntry['data']): FeedEntry => ({ seq: 1, type: data.type, data })
    const routing = new Map([['ct_b', { teamId: 'team_b', assigneeId: null }]])
    const moved = entry({ type: 'conversation.team_changed', contactId: 'ct_b', phone: '+905321110002' as never, teamId: 'team_b', previousTeamId: 'team_a', at: 1 })
    expect(feedEntryVisible(ann, moved, routing)).toBe(true)
    const updated = entry({ type: 'contact.updated', contactId: 'ct_b', phone: '+905321110002' as never, change: 'profile', cause: null, at: 1 })
    expect(feedEntryVisible(ann, updated, routing)).toBe(false)
    expect(feedEntryVisible({ kind: 'all' }, updated, routing)).toBe(true)
  })
})
