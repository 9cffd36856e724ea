import { expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { useStores } from '../support/stores.js'
import { DAD, ids, message, MOM, recording, T0 } from './notification-fixtures.js'

describeEachDatabase('EventLog contract', (dialect) => {
  const stores = useStores(dialect, ids)

  it('takes an event id once, with its decisions and messages in the same transaction', async () => {
    const { eventLog, database } = stores()
    const m = message(MOM, 'evt_1')
    const decision = { ruleId: 'confirm', contactId: null, outcome: 'queued' as const, reason: null, detail: { route: 'template' }, messageId: m.id }
    expect(await eventLog.recordEvent(recording('evt_1', { decisions: [decision], messages: [m] }), T0)).toEqual({ kind: 'recorded', decisions: [decision] })
    expect(await eventLog.recordEvent(recording('evt_1', { decisions: [decision], messages: [message(MOM, 'evt_1')] }), T0)).toEqual({ kind: 'duplicate' })
    expect(await eventLog.decisions('evt_1')).toEqual([{ ...decision, createdAt: T0 }])
    expect((await eventLog.getEvent('evt_1'))?.body).toEqual({ id: 'evt_1', data: { lesson: { id: 'l-1' } } })
    expect(await eventLog.getEvent('evt_unknown')).toBeNull()
    const rows = await database.db.selectFrom('messages').select(['id', 'event_id', 'rule_id', 'category']).execute()
    expect(rows).toEqual([{ id: m.id, event_id: 'evt_1', rule_id: 'confirm', category: 'utility' }])
  })

  it('records contacts, cancellations (as the first decisions) and messages with the event; a new contact’s id gives way to the stored one', async () => {
    const { eventLog, contacts, messages } = stores()
    const reminder = message(MOM, 'evt_0', 'utility', T0 + 3_600_000, ['lesson.cancelled:l-1'])
    await eventLog.recordEvent(recording('evt_0', { messages: [reminder] }), T0)
    const mom = (await contacts.byPhones([MOM])).get(MOM)!.id
    const decision = { ruleId: 'notify', contactId: 'ct_proposed', outcome: 'suppressed' as const, reason: 'opted_out', detail: null, messageId: null }
    const result = await eventLog.recordEvent(
      recording('evt_1', {
        event: { ...recording('evt_1').event, contactId: 'ct_proposed' },
        contacts: [{ id: 'ct_proposed', phone: MOM, name: 'Ayşe' }, { id: 'ct_dad', phone: DAD }],
        cancel: { keys: ['lesson.cancelled:l-1'], reason: { code: 'cancelled_by_event', title: 'lesson cancelled' } },
        decisions: [decision],
      }),
      T0 + 1,
    )
    const cancelled = { ruleId: '(cancel)', contactId: null, outcome: 'cancelled', reason: 'cancelled', detail: { keys: ['lesson.cancelled:l-1'] }, messageId: reminder.id }
    expect(result).toEqual({ kind: 'recorded', decisions: [cancelled, { ...decision, contactId: mom }] })
    expect((await eventLog.decisions('evt_1')).map((d) => d.contactId)).toEqual([null, mom])
    expect((await eventLog.getEvent('evt_1'))?.contactId).toBe(mom)
    expect(await messages.get(reminder.id)).toMatchObject({ status: 'cancelled', error: { code: 'cancelled_by_event' } })
    const stored = await contacts.byPhones([MOM, DAD])
    expect(stored.get(MOM)).toMatchObject({ id: mom, name: 'Ayşe' })
    expect(stored.get(DAD)?.id).toBe('ct_dad')
  })

  it('leaves nothing behind when recording fails: no contact update, no cancellation, no event', async () => {
    const { eventLog, contacts, messages } = stores()
    const reminder = message(MOM, 'evt_0', 'utility', T0 + 3_600_000, ['lesson.cancelled:l-1'])
    await eventLog.recordEvent(recording('evt_0', { contacts: [{ id: 'ct_mom', phone: MOM, name: 'Ayşe' }], messages: [reminder] }), T0)
    // The new message reuses an existing message's id: its insert violates the primary key, after
    // the contacts were updated and the reminder cancelled in the same transaction.
    const clash = { ...message(MOM, 'evt_1'), id: reminder.id }
    const failing = recording('evt_1', {
      contacts: [{ id: 'ct_mom', phone: MOM, name: 'Someone else', timezone: 'Europe/Berlin' }, { id: 'ct_dad', phone: DAD }],
      cancel: { keys: ['lesson.cancelled:l-1'], reason: { code: 'cancelled_by_event', title: 'lesson cancelled' } },
      messages: [clash],
    })
    await expect(eventLog.recordEvent(failing, T0 + 1)).rejects.toThrow()
    expect((await contacts.byPhones([MOM])).get(MOM)).toMatchObject({ name: 'Ayşe', timezone: null })
    expect(await contacts.byPhones([DAD])).toEqual(new Map())
    expect(await messages.get(reminder.id)).toMatchObject({ status: 'scheduled', error: null })
    expect(await eventLog.getEvent('evt_1')).toBeNull()
    expect(await eventLog.decisions('evt_1')).toEqual([])
  })
})
