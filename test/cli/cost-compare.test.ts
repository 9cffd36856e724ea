import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../src/store/migrate.js'
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js'
import { schoolTraffic, seeded } from '../core/costs/school-traffic.js'
import { insertTraffic } from '../store/traffic-rows.js'
import { parleyOk, runParley } from '../support/cli.js'

/*
 * November 2026 of a school sending about 9,500 messages (test/store/cost-traffic.test.ts works the
 * break-even out: near 21,500 sent a month between Gupshup's example and 360dialog's licence),
 * stored in the data folder's SQLite file and compared by the command a person runs.
 */
describe('parley cost compare', () => {
  let dir: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cost-compare-'))
    const database = openSqlite({ file: join(dir, 'parley.db') })
    await migrateToLatest(database)
    await insertTraffic(database.db, schoolTraffic(seeded(7), 12_000, Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1)), (f) =>
      f.category === 'utility' && f.window === 'closed' ? { rule: 'lesson-reminder', event: `lesson-${f.id.slice(-4, -1)}` } : null,
    )
    await database.close()
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const env = { PARLEY_PROVIDER_FEE_MODEL: 'gupshup-example' }

  it('prints each model\'s month, the saving against the current one, and the break-evens', async () => {
    const { stdout } = await parleyOk(['cost', 'compare', '--days', '30', '--to', '2026-12-01', '--data', dir], env)
    expect(stdout).toMatch(/^Provider comparison: 2026-11-01 to 2026-12-01 \(30 days\)/)
    expect(stdout).toMatch(/^gupshup-example \(current\) \*\s+\$\d+\.\d\d\s+-/m)
    expect(stdout).toMatch(/^360dialog-regular-example \*\s+\$\d+\.\d\d\s+-\$\d+\.\d\d/m)
    const line = /^Break-even between gupshup-example and 360dialog-regular-example: ([\d,]+) messages a month \(gupshup-example cheaper below, 360dialog-regular-example cheaper above\)$/m.exec(stdout)
    expect(line, stdout).not.toBeNull()
    const volume = Number(line![1]!.replace(/,/g, ''))
    expect(volume).toBeGreaterThan(20_500)
    expect(volume).toBeLessThan(22_500)
    expect(stdout).toMatch(/^lesson-reminder\s+[\d,]+\s+[\d.]+\s+\$0\.00\d\d\s+\$\d+\.\d\d$/m)
    expect(stdout).toContain('The 2026-10-01 change (meta-pmp-2025-07 to meta-pmp-2026-10)')
  }, 60_000)

  it('answers JSON as the API does, and refuses a period it cannot replay', async () => {
    const json = JSON.parse((await parleyOk(['cost', 'compare', '--to', '2026-12-01', '--json', '--data', dir], env)).stdout)
    expect(json).toMatchObject({ from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', days: 30, currency: 'USD' })
    expect(json.models.find((m: { id: string }) => m.id === 'gupshup-example')).toMatchObject({ current: true, saving_vs_current_micros: 0 })
    expect(await runParley(['cost', 'compare', '--days', '400', '--data', dir], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('--days') })
    expect(await runParley(['cost', 'compare', '--from', '2026-12-01', '--to', '2026-11-01', '--data', dir], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('range_invalid') })
  }, 60_000)
})
