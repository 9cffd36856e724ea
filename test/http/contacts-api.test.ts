import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { startHarness, type Harness } from '../support/harness.js'

const phone = encodeURIComponent('+905321234567')

describeEachDatabase('contacts API', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false })
  })
  afterAll(async () => h?.close())

  it('stores a profile with tags and attributes and returns it on GET', async () => {
    expect((await h.api('GET', `/v1/contacts/${phone}`)).body.error.code).toBe('not_found')
    const put = await h.api('PUT', `/v1/contacts/${phone}`, {
      name: 'Ayşe',
      language: 'tr',
      timezone: 'Europe/Istanbul',
      tags: ['parent', 'vip'],
      attributes: { plan: 'gold', lessons: 12, trial: false },
      marketing_consent: { granted: true, source: 'signup_form' },
    })
    expect(put.status).toBe(200)
    const got = await h.api('GET', `/v1/contacts/${phone}`)
    expect(got.status).toBe(200)
    expect(got.body).toMatchObject({ phone: '+905321234567', name: 'Ayşe', language: 'tr', timezone: 'Europe/Istanbul', opted_out: false, tags: ['parent', 'vip'], attributes: { plan: 'gold', lessons: 12, trial: false }, marketing_consent: { granted: true, source: 'signup_form' } })
    expect(got.body).toEqual(put.body)
    expect((await h.api('PUT', `/v1/contacts/${phone}`, { tags: [] })).body).toMatchObject({ tags: [], attributes: { plan: 'gold' }, name: 'Ayşe' })
  })

  it('refuses tags and attributes beyond the bounds with validation_failed, changing nothing', async () => {
    const before = (await h.api('PUT', `/v1/contacts/${phone}`, { tags: ['kept'] })).body
    const tooMany = Array.from({ length: 51 }, (_, i) => `t${i}`)
    const attributes101 = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i]))
    for (const body of [
      { tags: tooMany },
      { tags: ['x'.repeat(65)] },
      { attributes: attributes101 },
      { attributes: { ['k'.repeat(65)]: 1 } },
      { attributes: { note: 'x'.repeat(1001) } },
      { attributes: { nested: { a: 1 } } },
    ]) {
      const res = await h.api('PUT', `/v1/contacts/${phone}`, body)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('validation_failed')
    }
    expect((await h.api('GET', `/v1/contacts/${phone}`)).body).toEqual(before)
  })
})
