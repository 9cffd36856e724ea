import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../src/store/migrate.js'
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js'
import { seedCostReport } from '../store/cost-report-fixtures.js'
import { parleyOk, runParley } from '../support/cli.js'

describe('parley cost report', () => {
  let dir: string
  const range = ['--from', '2026-12-01', '--to', '2026-12-04']
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cost-report-'))
    const database = openSqlite({ file: join(dir, 'parley.db') })
    await migrateToLatest(database)
    await seedCostReport(database)
    await database.close()
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('prints an aligned table with money in its currency, the totals under a rule', async () => {
    const { stdout } = await parleyOk(['cost', 'report', ...range, '--group-by', 'template', '--data', dir])
    expect(stdout).toBe(TABLE)
  }, 60_000)

  it('prints CSV and JSON, and refuses bad options with their code', async () => {
    const csv = (await parleyOk(['cost', 'report', ...range, '--group-by', 'country', '--csv', '--data', dir])).stdout
    expect(csv.split('\r\n')[1]).toBe('group,BR,,USD,4,2,0,4,2,1,1,1,76100,5000,81100,13517,20275,40550,81100')
    const json = JSON.parse((await parleyOk(['cost', 'report', ...range, '--zone', 'Asia/Kolkata', '--json', '--data', dir])).stdout)
    expect(json.rows[0]).toMatchObject({ key: '2026-12-01', currency: 'USD', total_micros: 16_100 })
    expect(await runParley(['cost', 'report', '--group-by', 'colour', '--data', dir])).toMatchObject({ code: 2, stderr: expect.stringContaining('validation_failed: --group-by') })
    expect(await runParley(['cost', 'report', '--from', '2026-12-04', '--to', '2026-12-01', '--data', dir])).toMatchObject({ code: 2, stderr: expect.stringContaining('range_invalid') })
  }, 60_000)
})

// Hand-checked: lesson_reminder 2 × $0.0078 = $0.0156, one reply; payment_due $0.0625 + $0.0012 over 2.
const TABLE = `template         currency  out  in  failed  total  estimates  free  per message  per delivered  per read  per replied
lesson_reminder  USD         2   0       0  $0.02          0     0      $0.0078        $0.0078   $0.0078      $0.0156
payment_due      USD         2   0       1  $0.06          0     0      $0.0319        $0.0637         -      $0.0637
promo            EUR         1   0       0  €0.11          1     0        €0.11              -         -            -
(none)           USD         1   3       0  $0.00          1     1      $0.0006        $0.0025         -            -
(none)           unpriced    1   0       0      -          0     0            -              -         -            -
---------------  --------  ---  --  ------  -----  ---------  ----  -----------  -------------  --------  -----------
total            EUR         1   0       0  €0.11          1     0        €0.11              -         -            -
total            USD         5   3       1  $0.08          1     1      $0.0102        $0.0205   $0.0409      $0.0409
total            unpriced    1   0       0      -          0     0            -              -         -            -
`
