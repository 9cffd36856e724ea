import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import type { ParleyConfig } from '../config.js'
import { budgetReport, type BudgetReport } from '../core/costs/budget-standing.js'
import { setBudgets, type BudgetInput } from '../core/costs/set-budgets.js'
import { CliError } from './explain-failure.js'
import { withParley } from './open-parley.js'

const out = (line = ''): void => void process.stdout.write(`${line}\n`)

const units = (micros: number) => (micros / 1_000_000).toFixed(2)

function print(report: BudgetReport): void {
  if (!report.stored) return out('no budgets set')
  const { currency } = report.stored.document
  out(`budgets version ${report.stored.version}, ${report.month}, ${currency}`)
  for (const use of report.uses) {
    const stop = use.budget.hardStop ? '\thard stop (marketing)' : ''
    out(`${use.scope}\t${units(use.spentMicros)} of ${units(use.budget.amountMicros)} ${currency}\t${Math.round(use.usedRatio * 100)} %${stop}`)
  }
}

function inputOf(file: string): BudgetInput {
  try {
    return { format: 'yaml', text: readFileSync(file, 'utf8') }
  } catch (error) {
    throw new CliError(`parley cost budgets set: ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 2)
  }
}

/** `parley cost budgets list|set`: the monthly budgets, in the store every process reads (README "Budgets"). */
export function registerBudgetCommands(cost: Command, config: () => ParleyConfig): void {
  const budgets = cost.command('budgets').description('monthly budgets per category and per sender, with alerts and a hard stop for marketing')

  budgets
    .command('list')
    .description("the budgets and this month's spend against each")
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const report = await withParley(config(), (parley) => budgetReport(parley.budgets, parley.accept.clock.now()))
      if (o.json) return out(JSON.stringify({ month: report.month, version: report.stored?.version ?? 0, budgets: report.uses.map((u) => ({ scope: u.scope, amount_micros: u.budget.amountMicros, spent_micros: u.spentMicros, used_ratio: u.usedRatio, hard_stop: u.budget.hardStop })) }))
      print(report)
    })

  budgets
    .command('set')
    .description('replace the budgets with a file (.yaml or .json), in every running Parley')
    .argument('<file>', 'the budgets: currency, and a list of {scope: category, category, amount} or {scope: sender, sender, amount, hard_stop}')
    .action(async (file: string) => {
      const input = inputOf(file)
      const result = await withParley(config(), (parley) => setBudgets(parley.budgets, input, parley.accept.clock.now()))
      if (!result.ok) {
        const issues = result.issues.map((i) => `  ${i.path || '(file)'}: ${i.message}`).join('\n')
        throw new CliError(`parley cost budgets set: budget_invalid: ${file} has errors:\n${issues}`, 1)
      }
      print(result.report)
    })
}
