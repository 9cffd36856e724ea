import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { manualClock, startHarness, type Harness } from '../support/harness.js'
import { EXPECTED, NOW, seedAnalytics, ZONE } from '../store/analytics-fixtures.js'

describeEachDatabase('analytics API', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false, clock: manualClock(NOW), env: { PARLEY_DEFAULT_TIMEZONE: ZONE } })
    await seedAnalytics(h.db.database)
  })
  afterAll(async () => h?.close())

  it('reports the days that end today in the business time zone, with rates, waits and no spend yet', async () => {
    const res = await h.api('GET', '/v1/analytics/messages?days=3')
    expect(res.status).toBe(200)
    expect(res.body).toEqual(EXPECTED)
  })

  it('takes an explicit range and zone', async () => {
    const res = await h.api('GET', `/v1/analytics/messages?from=2026-10-25&to=2026-10-27&zone=${encodeURIComponent(ZONE)}`)
    expect(res.body).toEqual(EXPECTED)
    const utc = await h.api('GET', '/v1/analytics/messages?from=2026-10-24&to=2026-10-24&zone=UTC')
    expect(utc.body.by_day).toEqual([{ date: '2026-10-24', outbound: { ...EXPECTED.by_day[1]!.outbound, delivered: 0, failed: 0, read: 2 }, inbound: 0 }])
  })

  it('refuses a range that ends before it starts or is longer than 92 days, and bad dates and zones', async () => {
    const code = async (query: string) => {
      const res = await h.api('GET', `/v1/analytics/messages?${query}`)
      expect(res.status).toBe(400)
      return res.body.error.code
    }
    expect(await code('from=2026-10-27&to=2026-10-25')).toBe('range_invalid')
    expect(await code('from=2026-07-01&to=2026-10-01')).toBe('range_too_long')
    expect((await h.api('GET', '/v1/analytics/messages?from=2026-07-01&to=2026-09-30')).status).toBe(200)
    expect(await code('days=93')).toBe('validation_failed')
    expect(await code('from=2026-02-30')).toBe('validation_failed')
    expect(await code('zone=Mars%2FOlympus')).toBe('validation_failed')
  })

  it('needs messages:read, and is in /openapi.json', async () => {
    const created = await h.api('POST', '/v1/keys', { name: 'events only', scopes: ['events'] })
    const res = await fetch(`${h.url}/v1/analytics/messages`, { headers: { authorization: `Bearer ${created.body.secret}` } })
    expect(res.status).toBe(403)
    expect(((await res.json()) as any).error.details.required_scope).toBe('messages:read')
    const spec = (await h.api('GET', '/openapi.json')).body
    expect(spec.paths['/v1/analytics/messages'].get.security).toEqual([{ bearer: ['messages:read'] }, { session: [] }])
  })
})
