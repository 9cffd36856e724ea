import { expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { useStores } from '../support/stores.js'
import { DAD, ids, MOM, recording, T0 } from './notification-fixtures.js'

describeEachDatabase('Contacts contract', (dialect) => {
  const stores = useStores(dialect, ids)

  it('upserts contacts, links a student to two guardians and a billing contact, and reads their state', async () => {
    const { contacts, eventLog, database } = stores()
    const upserted = await contacts.upsert([{ phone: MOM, name: 'Ayşe', language: 'tr', timezone: 'Europe/Istanbul', externalId: 'parent-1' }, { phone: DAD }], T0)
    const mom = upserted.get(MOM)!
    const dad = upserted.get(DAD)!
    await contacts.upsert([{ phone: DAD, language: 'en' }], T0 + 1)
    const subject = (links: Array<{ contactId: string; role: 'guardian' | 'billing' }>) => ({ externalId: 'student-42', links })
    await eventLog.recordEvent(recording('evt_1', { subject: subject([{ contactId: mom, role: 'guardian' }, { contactId: dad, role: 'guardian' }, { contactId: mom, role: 'billing' }]) }), T0)
    await eventLog.recordEvent(recording('evt_2', { subject: subject([{ contactId: dad, role: 'guardian' }]) }), T0)
    const subjects = await database.db.selectFrom('events').select('subject_id').orderBy('id').execute()
    expect(subjects[0]!.subject_id).not.toBeNull()
    expect(subjects[1]!.subject_id).toBe(subjects[0]!.subject_id)
    expect((await contacts.linkedTo('student-42', ['guardian'])).sort()).toEqual([mom, dad].sort())
    expect(await contacts.linkedTo('student-42', ['billing'])).toEqual([mom])
    expect(await contacts.linkedTo('student-7', ['guardian'])).toEqual([])
    await contacts.setOptOut(dad, { granted: true, source: 'whatsapp_keyword', at: T0 + 5 }, T0 + 5)
    await contacts.setMarketingConsent(mom, { granted: true, source: 'signup_form', at: T0 + 6 }, T0 + 6)
    await contacts.setOnWhatsApp(dad, false, T0 + 7)
    const states = await contacts.byIds([mom, dad])
    expect(states.get(mom)).toMatchObject({ phone: MOM, timezone: 'Europe/Istanbul', language: 'tr', optOut: null, marketingConsent: { granted: true, source: 'signup_form' }, onWhatsApp: null })
    expect(states.get(dad)).toMatchObject({ language: 'en', optOut: { source: 'whatsapp_keyword', at: T0 + 5 }, onWhatsApp: false })
    expect((await contacts.byPhones([MOM, DAD])).get(DAD)?.id).toBe(dad)
  })

  it('saves a profile with tags, attributes and consent, replacing tags and attributes and clearing the language with null', async () => {
    const { contacts } = stores()
    const saved = await contacts.save(
      { phone: MOM, name: 'Ayşe', language: 'tr', tags: ['parent', 'vip', 'parent'], attributes: { plan: 'gold', lessons: 12, trial: false }, marketingConsent: { granted: true, source: 'signup_form', at: T0 } },
      T0,
    )
    expect(saved).toMatchObject({ phone: MOM, name: 'Ayşe', language: 'tr', tags: ['parent', 'vip'], attributes: { plan: 'gold', lessons: 12, trial: false }, marketingConsent: { granted: true, source: 'signup_form', at: T0 } })
    const again = await contacts.save({ phone: MOM, language: null, tags: ['alumni'], attributes: { plan: 'silver' } }, T0 + 1)
    expect(again).toMatchObject({ name: 'Ayşe', language: null, tags: ['alumni'], attributes: { plan: 'silver' }, marketingConsent: { granted: true } })
    expect((await contacts.byPhones([MOM])).get(MOM)).toEqual(again)
  })

  it('saves all of an update or none of it', async () => {
    const { contacts } = stores()
    await contacts.save({ phone: MOM, externalId: 'parent-1' }, T0)
    // DAD is new; the external id is taken, so the whole save fails and DAD is not created either.
    await expect(contacts.save({ phone: DAD, name: 'Mehmet', tags: ['parent'], externalId: 'parent-1' }, T0)).rejects.toThrow()
    expect(await contacts.byPhones([DAD])).toEqual(new Map())
  })
})
