import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parleyOk, runParley } from '../support/cli.js'

const BUDGETS = `currency: USD
budgets:
  - scope: category
    category: marketing
    amount: 50
    hard_stop: true
  - scope: sender
    sender: "+5511987650000"
    amount: 120.5
`

describe('parley cost budgets', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cost-budgets-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('sets budgets from a YAML file, lists them with the month spent, and refuses a broken file with budget_invalid, keeping the budgets in force', async () => {
    const data = join(dir, 'data')
    expect((await parleyOk(['cost', 'budgets', 'list', '--data', data])).stdout).toBe('no budgets set\n')
    const file = join(dir, 'budgets.yaml')
    writeFileSync(file, BUDGETS)
    const set = (await parleyOk(['cost', 'budgets', 'set', file, '--data', data])).stdout
    expect(set).toMatch(/^budgets version 1, \d{4}-\d{2}, USD\n/)
    expect(set).toContain('category:marketing\t0.00 of 50.00 USD\t0 %\thard stop (marketing)\n')
    expect(set).toContain('sender:+5511987650000\t0.00 of 120.50 USD\t0 %\n')

    const broken = join(dir, 'broken.json')
    writeFileSync(broken, JSON.stringify({ currency: 'USD', budgets: [{ scope: 'category', category: 'utility', amount: 5, hard_stop: true }] }))
    const refused = await runParley(['cost', 'budgets', 'set', broken, '--data', data])
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('budget_invalid') })
    expect(refused.stderr).toContain('budgets.0.hard_stop: a hard stop applies to marketing only')

    const listed = JSON.parse((await parleyOk(['cost', 'budgets', 'list', '--json', '--data', data])).stdout) as { version: number; budgets: Array<{ scope: string }> }
    expect(listed.version).toBe(1)
    expect(listed.budgets.map((b) => b.scope)).toEqual(['category:marketing', 'sender:+5511987650000'])
  }, 60_000)
})
