import { afterEach, beforeEach, expect, it } from 'vitest'
import { reportMessages } from '../../src/core/analytics/report-messages.js'
import { createMessageAnalytics } from '../../src/store/analytics-store.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'
import { EXPECTED, NOW, seedAnalytics, ZONE } from './analytics-fixtures.js'

describeEachDatabase('Message analytics contract', (dialect) => {
  let test: TestDatabase
  beforeEach(async () => {
    test = await openTestDatabase(dialect)
    await seedAnalytics(test.database)
  })
  afterEach(async () => test?.close())

  it('counts statuses per local day across the DST change, outcomes per template and event type, and waits', async () => {
    const report = await reportMessages(createMessageAnalytics(test.database), { days: 3, zone: ZONE }, NOW)
    expect(report.byDay).toEqual(EXPECTED.by_day)
    const snake = (rows: typeof report.byTemplate) =>
      rows.map(({ deliveryRate, readRate, replyRate, ...rest }) => ({ ...rest, delivery_rate: deliveryRate, read_rate: readRate, reply_rate: replyRate }))
    expect(snake(report.byTemplate)).toEqual(EXPECTED.by_template)
    expect(snake(report.byEventType)).toEqual(EXPECTED.by_event_type)
    expect(report.responseTimes.map((d) => [d.date, d.answered, d.unanswered, d.medianSeconds, d.p90Seconds])).toEqual(
      EXPECTED.response_times.map((d) => [d.date, d.answered, d.unanswered, d.median_seconds, d.p90_seconds]),
    )
    // Over the range: 600, 1800 and 3600 s answered; not the median of the days' medians (600 and 3600).
    expect(report.responseTimeTotal).toEqual({ answered: 3, unanswered: 1, medianSeconds: 1800, p90Seconds: 3600 })
  })

  it('counts the same messages in UTC days differently: the 23:30 UTC payment reminder is on the 25th there', async () => {
    const report = await reportMessages(createMessageAnalytics(test.database), { from: '2026-10-25', to: '2026-10-25', days: 1, zone: 'UTC' }, NOW)
    // Messages 4, 6, 7 and 8 (2 was on the 24th in UTC); 3 and 5 inbound.
    expect(report.byDay).toEqual([{ date: '2026-10-25', outbound: { ...EXPECTED.by_day[0]!.outbound, read: 1, delivered: 2 }, inbound: 2 }])
  })

  it('finds nothing in a range without messages', async () => {
    const report = await reportMessages(createMessageAnalytics(test.database), { from: '2026-09-01', to: '2026-09-07', days: 7, zone: ZONE }, NOW)
    expect(report.byDay.every((d) => d.inbound === 0 && Object.values(d.outbound).every((n) => n === 0))).toBe(true)
    expect(report.byTemplate).toEqual([])
    expect(report.responseTimes.every((d) => d.answered === 0 && d.medianSeconds === null)).toBe(true)
  })
})
