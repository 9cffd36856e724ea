import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parleyOk, runParley } from '../support/cli.js'

const CARD = [
  '# id: school-card-2027-01',
  '# model: per_message',
  '# currency: USD',
  '# effective_from: 2027-01-01',
  '# source: Meta rate card CSV, downloaded by hand',
  '# retrieved: 2026-12-20',
  '# free_allowance: {per_number_per_month: 1000, categories: [service]}',
  'market,category,tier_from,price',
  'BR,marketing,0,0.0625',
  'BR,utility,0,0.0068',
  'BR,authentication,0,0.0068',
  'BR,service,0,0.0068',
  'other,template,0,0.0604',
  'other,service,0,0.0077',
  '',
].join('\n')

describe('parley cost rates', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cost-rates-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('imports a CSV card, lists it beside the shipped ones, replaces it by id, and refuses a broken one with rate_card_invalid, keeping the card in force', async () => {
    const data = join(dir, 'data')
    const file = join(dir, 'card.csv')
    writeFileSync(file, CARD)
    expect((await parleyOk(['cost', 'rates', 'import', file, '--data', data])).stdout).toMatch(/^imported school-card-2027-01\tfrom 2027-01-01\tUSD/)
    const listed = (await parleyOk(['cost', 'rates', 'list', '--data', data])).stdout
    expect(listed).toContain('school-card-2027-01')
    expect(listed).toMatch(/shipped/)
    expect(JSON.parse((await parleyOk(['cost', 'rates', 'import', file, '--json', '--data', data])).stdout)).toEqual({ id: 'school-card-2027-01', replaced: true })

    const broken = join(dir, 'broken.csv')
    writeFileSync(broken, CARD.replace('BR,utility,0,0.0068', 'BR,utility,0,cheap'))
    const refused = await runParley(['cost', 'rates', 'import', broken, '--data', data])
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('rate_card_invalid') })
    expect((await parleyOk(['cost', 'rates', 'list', '--data', data])).stdout.match(/school-card-2027-01/g)).toHaveLength(1)
  }, 60_000)
})
