import { afterEach, beforeEach, expect, it } from 'vitest'
import type { E164 } from '../../src/core/contacts/phone.js'
import type { TemplateDefinition } from '../../src/core/templates/model.js'
import type { TemplateQuery, TemplateRecord, TemplateStore } from '../../src/core/templates/ports.js'
import { createIds } from '../../src/runtime/ids.js'
import { createStores, type Stores } from '../../src/store/stores.js'
import { createTemplateStore } from '../../src/store/template-store.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

const ids = createIds()
const T0 = 1_800_000_000_000

function definition(name: string, language: string, body: string, category: TemplateDefinition['category'] = 'UTILITY'): TemplateDefinition {
  return { name, language, category, parameterFormat: 'positional', header: null, body: { text: body, examples: {} }, footer: null, buttons: [] }
}

function record(d: TemplateDefinition, overrides: Partial<TemplateRecord> = {}): TemplateRecord {
  return {
    id: ids.next('tpl'),
    definition: d,
    status: 'approved',
    providerStatus: 'APPROVED',
    providerTemplateId: null,
    origin: 'own',
    tags: [],
    folder: null,
    quality: null,
    rejectionReason: null,
    lint: [],
    createdAt: T0,
    updatedAt: T0,
    statusAt: T0,
    ...overrides,
  }
}

const query = (q: Partial<TemplateQuery> = {}): TemplateQuery => ({ origin: 'own', sort: 'name', order: 'asc', limit: 50, offset: 0, ...q })

describeEachDatabase('template store', (dialect) => {
  let t: TestDatabase
  let templates: TemplateStore
  let stores: Stores
  beforeEach(async () => {
    t = await openTestDatabase(dialect)
    templates = createTemplateStore(t.database)
    stores = createStores(t.database, ids)
  })
  afterEach(async () => t.close())

  it('saves, updates and reads back a template with its history', async () => {
    const r = record(definition('lesson_reminder', 'en', 'Lesson at {{1}}.'), { tags: ['lessons'], folder: 'lessons' })
    await templates.save(r, [{ kind: 'saved', status: 'approved', reason: null, detail: null, source: 'cli', at: T0 }], T0)
    await templates.save({ ...r, status: 'paused', rejectionReason: 'LOW_QUALITY', updatedAt: T0 + 1 }, [{ kind: 'status', status: 'paused', reason: 'LOW_QUALITY', detail: { quality: 'RED' }, source: 'webhook', at: T0 + 1 }], T0 + 2)
    expect(await templates.get('lesson_reminder', 'en')).toEqual({ ...r, status: 'paused', rejectionReason: 'LOW_QUALITY', updatedAt: T0 + 1 })
    expect((await templates.events(r.id)).map((e) => [e.kind, e.status, e.reason, e.detail])).toEqual([
      ['saved', 'approved', null, null],
      ['status', 'paused', 'LOW_QUALITY', { quality: 'RED' }],
    ])
    expect(await templates.get('lesson_reminder', 'ru')).toBeNull()
  })

  it('finds by provider id and by family', async () => {
    await templates.save(record(definition('trial_feedback', 'en', 'How was it?'), { providerTemplateId: '777' }), [], T0)
    await templates.save(record(definition('trial_feedback', 'tr', 'Nasıldı?')), [], T0)
    expect((await templates.getByProviderId('777'))?.definition.language).toBe('en')
    expect((await templates.family('trial_feedback')).map((r) => r.definition.language)).toEqual(['en', 'tr'])
  })

  it('filters by status, language, category, tag, origin, folder and text, and hides provider samples by default', async () => {
    await templates.save(record(definition('lesson_reminder', 'en', 'Your lesson starts at {{1}}.'), { tags: ['lessons', 'reminders'], folder: 'lessons/reminders' }), [], T0)
    await templates.save(record(definition('lesson_reminder', 'tr', 'Dersiniz {{1}} saatinde.'), { status: 'rejected', tags: ['lessons'], folder: 'lessons/reminders' }), [], T0)
    await templates.save(record(definition('promo_summer', 'en', '50% off summer camp!', 'MARKETING'), { tags: ['promo'] }), [], T0)
    await templates.save(record(definition('hello_world', 'en_US', 'Hello World'), { origin: 'provider' }), [], T0)
    const names = async (q: Partial<TemplateQuery>) => (await templates.list(query(q))).items.map((i) => `${i.template.definition.name}/${i.template.definition.language}`)
    expect(await names({})).toEqual(['lesson_reminder/en', 'lesson_reminder/tr', 'promo_summer/en'])
    expect(await names({ origin: 'all' })).toContain('hello_world/en_US')
    expect(await names({ origin: 'provider' })).toEqual(['hello_world/en_US'])
    expect(await names({ statuses: ['rejected'] })).toEqual(['lesson_reminder/tr'])
    expect(await names({ language: 'en' })).toEqual(['lesson_reminder/en', 'promo_summer/en'])
    expect(await names({ category: 'MARKETING' })).toEqual(['promo_summer/en'])
    expect(await names({ tag: 'reminders' })).toEqual(['lesson_reminder/en'])
    expect(await names({ tag: 'remind' })).toEqual([])
    expect(await names({ folder: 'lessons' })).toEqual(['lesson_reminder/en', 'lesson_reminder/tr'])
    expect(await names({ search: 'SAATİNDE'.toLocaleLowerCase('tr') })).toEqual(['lesson_reminder/tr'])
    expect(await names({ search: '50%' })).toEqual(['promo_summer/en'])
    expect(await names({ search: '%' })).toEqual(['promo_summer/en'])
    expect((await templates.list(query({ limit: 1, offset: 1 }))).total).toBe(3)
    expect(await names({ limit: 1, offset: 1 })).toEqual(['lesson_reminder/tr'])
  })

  it('counts usage from the messages and sorts by it and by last sent', async () => {
    await templates.save(record(definition('a_template', 'en', 'A')), [], T0)
    await templates.save(record(definition('b_template', 'en', 'B')), [], T0)
    await templates.save(record(definition('c_template', 'en', 'C')), [], T0)
    const send = async (name: string, count: number, at: number) => {
      const batch = Array.from({ length: count }, (_, i) => ({
        id: ids.next('msg'),
        to: `+49151123456${String(i).padStart(2, '0')}` as E164,
        market: 'DE',
        senderId: 'default',
        provider: 'meta',
        account: 'meta',
        channel: 'whatsapp' as const,
        content: { kind: 'template' as const, name, language: 'en', params: [] },
        preview: name,
        segments: null,
        metadata: null,
        dueAt: at,
      }))
      await stores.outbox.enqueue(batch, at)
      for (const m of batch) {
        const [claimed] = await stores.outbox.claimDue('default', at, 1, 60_000, 'w')
        await stores.outbox.recordOutcomes([{ message: claimed!, outcome: { kind: 'accepted', providerMessageId: `wamid.${m.id}` } }], 'w', at)
        await stores.ledger.applyStatuses([{ kind: 'status', providerMessageId: `wamid.${m.id}`, messageId: m.id, status: 'read', at }], at)
      }
      return batch
    }
    const bs = await send('b_template', 3, T0 + 10)
    await send('a_template', 1, T0 + 20)
    await stores.ledger.recordInbound([{ kind: 'inbound', providerMessageId: 'wamid.reply', fromId: '4915112345600', at: T0 + 30, content: { kind: 'text', text: 'ok' }, replyTo: `wamid.${bs[0]!.id}` }], { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }, T0 + 30)
    expect(await templates.usage('b_template', 'en')).toEqual({ sent: 3, delivered: 3, read: 3, replied: 1, lastSentAt: T0 + 10 })
    expect(await templates.usage('c_template', 'en')).toEqual({ sent: 0, delivered: 0, read: 0, replied: 0, lastSentAt: null })
    const order = async (q: Partial<TemplateQuery>) => (await templates.list(query(q))).items.map((i) => i.template.definition.name)
    expect(await order({ sort: 'usage', order: 'desc' })).toEqual(['b_template', 'a_template', 'c_template'])
    expect(await order({ sort: 'last_sent', order: 'desc' })).toEqual(['a_template', 'b_template', 'c_template'])
    expect(await order({ sort: 'last_sent', order: 'asc' })).toEqual(['b_template', 'a_template', 'c_template'])
  })
})
