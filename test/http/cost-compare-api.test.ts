import { afterAll, beforeAll, expect, it } from 'vitest'
import { schoolTraffic, seeded } from '../core/costs/school-traffic.js'
import { insertTraffic } from '../store/traffic-rows.js'
import { describeEachDatabase } from '../support/databases.js'
import { startHarness, type Harness } from '../support/harness.js'

/*
 * GET /v1/costs/compare over a generated November 2026 of the school sending about 40,000 a month
 * (test/store/cost-traffic.test.ts works the break-even out: near 21,500 sent a month), through
 * Gupshup's pay-as-you-go example as the current model: 360dialog's $25 licence saves money here.
 */
const FROM = '2026-11-01T00:00:00.000Z'
const TO = '2026-12-01T00:00:00.000Z'

describeEachDatabase('GET /v1/costs/compare', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { PARLEY_PROVIDER_FEE_MODEL: 'gupshup-example' }, worker: false })
    await insertTraffic(h.db.database.db, schoolTraffic(seeded(3), 50_000, Date.parse(FROM), Date.parse(TO)))
  }, 120_000)
  afterAll(async () => h?.close())

  it('compares every model over the period, the licence cheaper above the break-even', async () => {
    const got = await h.api('GET', `/v1/costs/compare?from=${FROM}&to=${TO}`)
    expect(got.status).toBe(200)
    expect(got.body).toMatchObject({ from: FROM, to: TO, days: 30, currency: 'USD', skipped: [] })
    expect(got.body.volume.sent).toBeGreaterThan(35_000)
    const model = (id: string) => got.body.models.find((m: { id: string }) => m.id === id)
    expect(model('gupshup-example')).toMatchObject({ current: true, saving_vs_current_micros: 0 })
    expect(model('360dialog-regular-example').saving_vs_current_micros).toBeGreaterThan(0)
    expect(model('360dialog-regular-example').total_micros).toBe(model('gupshup-example').total_micros - model('360dialog-regular-example').saving_vs_current_micros)
    const pair = got.body.break_evens.find((b: { a: string; b: string }) => b.a === 'gupshup-example' && b.b === '360dialog-regular-example')
    expect(pair).toMatchObject({ cheaper_below: 'gupshup-example', cheaper_above: '360dialog-regular-example' })
    expect(pair.volume).toBeGreaterThan(20_500)
    expect(pair.volume).toBeLessThan(22_500)
    expect(got.body.metering_change).toMatchObject({ before: 'meta-pmp-2025-07', from: 'meta-pmp-2026-10' })
    expect(got.body.metering_change.total.difference_micros).toBeGreaterThan(0)
  })

  it('refuses a period it cannot replay with a stable code', async () => {
    expect(await h.api('GET', `/v1/costs/compare?from=${TO}&to=${FROM}`)).toMatchObject({ status: 400, body: { error: { code: 'range_invalid' } } })
    expect(await h.api('GET', `/v1/costs/compare?from=2026-01-01T00:00:00Z&to=${TO}`)).toMatchObject({ status: 400, body: { error: { code: 'range_too_long' } } })
    expect(await h.api('GET', '/v1/costs/compare?days=0')).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } })
    expect(await h.api('GET', '/v1/costs/compare?from=yesterday')).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } })
  })
})
