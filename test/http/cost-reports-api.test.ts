import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { manualClock, startHarness, TEST_API_KEY, type Harness } from '../support/harness.js'
import { NOW, seedCostReport } from '../store/cost-report-fixtures.js'

describeEachDatabase('cost report API', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false, clock: manualClock(NOW) })
    await seedCostReport(h.db.database)
  })
  afterAll(async () => h?.close())

  it('reports the days that end today in UTC by default, one row per day and currency, totals last', async () => {
    const res = await h.api('GET', '/v1/costs?days=4')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ group_by: 'day', zone: 'UTC', from: '2026-12-01T00:00:00.000Z', to: '2026-12-05T00:00:00.000Z' })
    expect(res.body.rows.map((r: any) => [r.key, r.currency, r.total_micros])).toEqual([
      ['2026-12-01', 'USD', 71_800],
      ['2026-12-02', 'USD', 1_700],
      ['2026-12-03', 'EUR', 110_000],
      ['2026-12-03', 'USD', 7_800],
      ['2026-12-03', null, 0],
      ['2026-12-04', 'USD', 500],
    ])
    expect(res.body.totals[1]).toEqual({
      key: null,
      label: null,
      currency: 'USD',
      messages: { outbound: 5, inbound: 3, failed: 1 },
      delivered: 4,
      read: 2,
      replied: 2,
      estimates: 1,
      free_allowance: 1,
      platform_micros: 76_100,
      provider_micros: 5_700,
      total_micros: 81_800,
      average_micros: 10_225,
      per_delivered_micros: 20_450,
      per_read_micros: 40_900,
      per_replied_micros: 40_900,
    })
  })

  it('groups by template in a zone', async () => {
    const res = await h.api('GET', `/v1/costs?from=2026-12-01&to=2026-12-04&zone=${encodeURIComponent('Asia/Kolkata')}&group_by=template`)
    // Message 10 (4:30 on 1 December in Kolkata) joins lesson_reminder.
    expect(res.body.rows[0]).toMatchObject({ key: 'lesson_reminder', currency: 'USD', total_micros: 23_400, replied: 2 })
  })

  it('answers CSV for format=csv and for Accept: text/csv', async () => {
    const expected = [
      'row,template,label,currency,outbound,inbound,failed,delivered,read,replied,estimates,free_allowance,platform_micros,provider_micros,total_micros,average_micros,per_delivered_micros,per_read_micros,per_replied_micros',
      'group,lesson_reminder,,USD,2,0,0,2,2,1,0,0,13600,2000,15600,7800,7800,7800,15600',
      'group,payment_due,,USD,2,0,1,1,0,1,0,0,62500,1200,63700,31850,63700,,63700',
      'group,promo,,EUR,1,0,0,0,0,0,1,0,110000,0,110000,110000,,,',
      'group,,,USD,1,3,0,1,0,0,1,1,0,2500,2500,625,2500,,',
      'group,,,,1,0,0,1,0,0,0,0,0,0,0,,,,',
      'total,,,EUR,1,0,0,0,0,0,1,0,110000,0,110000,110000,,,',
      'total,,,USD,5,3,1,4,2,2,1,1,76100,5700,81800,10225,20450,40900,40900',
      'total,,,,1,0,0,1,0,0,0,0,0,0,0,,,,',
      '',
    ].join('\r\n')
    const res = await h.api('GET', '/v1/costs?days=4&group_by=template&format=csv')
    expect(res.status).toBe(200)
    expect(res.body).toBe(expected)
    const raw = await fetch(`${h.url}/v1/costs?format=csv&group_by=rule`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } })
    expect(raw.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(raw.headers.get('content-disposition')).toBe('attachment; filename="parley-costs-rule.csv"')
    const accepted = await h.api('GET', '/v1/costs?days=4&group_by=template', undefined, { accept: 'text/csv' })
    expect(accepted.body).toBe(expected)
  })

  it('labels each sender with its business number', async () => {
    const res = await h.api('GET', '/v1/costs?days=4&group_by=sender')
    const number = h.config.senders.find((s) => s.id === 'default')!.number
    expect(number).toMatch(/^\+\d+$/)
    expect(res.body.rows.map((r: any) => [r.key, r.label])).toEqual([['default', number], ['second', null], ['sms', null]])
  })

  it('refuses bad input with stable codes', async () => {
    const code = async (query: string) => {
      const res = await h.api('GET', `/v1/costs?${query}`)
      expect(res.status).toBe(400)
      return res.body.error.code
    }
    expect(await code('from=2026-12-04&to=2026-12-01')).toBe('range_invalid')
    expect(await code('from=2025-01-01&to=2026-12-01')).toBe('range_too_long')
    expect(await code('days=0')).toBe('validation_failed')
    expect(await code('days=367')).toBe('validation_failed')
    expect(await code('group_by=colour')).toBe('validation_failed')
    expect(await code('zone=Mars%2FOlympus')).toBe('validation_failed')
    expect(await code('from=2026-02-30')).toBe('validation_failed')
    expect(await code('from=yesterday')).toBe('validation_failed')
    expect(await code('format=xlsx')).toBe('validation_failed')
  })

  it('needs messages:read, and is in /openapi.json', async () => {
    const created = await h.api('POST', '/v1/keys', { name: 'events only', scopes: ['events'] })
    const res = await fetch(`${h.url}/v1/costs`, { headers: { authorization: `Bearer ${created.body.secret}` } })
    expect(res.status).toBe(403)
    expect(((await res.json()) as any).error.details.required_scope).toBe('messages:read')
    const spec = (await h.api('GET', '/openapi.json')).body
    expect(spec.paths['/v1/costs'].get.security).toEqual([{ bearer: ['messages:read'] }, { session: [] }])
    expect(spec.components.schemas.CostReport).toBeDefined()
  })
})
