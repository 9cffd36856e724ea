import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import type { ParleyConfig } from '../config.js'
import type { RateCardEntry } from '../core/costs/cards-in-force.js'
import { toIso } from '../core/shared/time.js'
import type { RateCardInput } from '../runtime/rate-card-source.js'
import { registerCostReportCommand } from './cost-report.js'
import { registerCompareCommand } from './cost-compare.js'
import { CliError } from './explain-failure.js'
import { withParley } from './open-parley.js'
import { registerCostModelCommands } from './cost-models.js'
import { registerBudgetCommands } from './cost-budgets.js'

const out = (line = ''): void => void process.stdout.write(`${line}\n`)

const dayOf = (at: number) => toIso(at).slice(0, 10)

function line(entry: RateCardEntry): string {
  const { card, origin } = entry
  const until = card.effectiveUntil === undefined ? '' : ` until ${dayOf(card.effectiveUntil)}`
  const from = origin.kind === 'imported' ? `imported ${toIso(origin.importedAt)}` : 'shipped'
  return [card.id, `from ${dayOf(card.effectiveFrom)}${until}`, card.currency, from, `${card.source} (read ${card.retrieved})`].join('\t')
}

/** A card file by its name: `.csv` as CSV, `.json` as JSON, anything else as YAML (what the API's content types say). */
function inputOf(file: string): RateCardInput {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new CliError(`parley cost rates import: ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 2)
  }
  if (/\.csv$/i.test(file)) return { format: 'csv', text }
  if (/\.json$/i.test(file)) {
    try {
      return { format: 'value', value: JSON.parse(text) }
    } catch (error) {
      throw new CliError(`parley cost rates import: rate_card_invalid: ${file}: ${(error as Error).message}`, 1)
    }
  }
  return { format: 'yaml', text }
}

/** Registers `parley cost …`: what messages cost, one subcommand family per file (`cost rates` here). */
export function registerCostCommands(program: Command, config: () => ParleyConfig): void {
  const cost = program.command('cost').description('what messages cost: rate cards, fee models, reports, budgets')
  registerRateCommands(cost, config)
  registerCostModelCommands(cost, config)
  registerCostReportCommand(cost, config)
  registerCompareCommand(cost, config)
  registerBudgetCommands(cost, config)
}

/** `parley cost rates import|list`: the platform's rate cards, in the store every process reads. */
function registerRateCommands(cost: Command, config: () => ParleyConfig): void {
  const rates = cost.command('rates').description('the rate cards Parley prices with')

  rates
    .command('import')
    .description('import a rate card (.yaml, .csv or .json); one with the id of a card in force replaces it, in every running Parley')
    .argument('<file>', 'the card: YAML as in src/core/costs/cards/, or CSV with "# key: value" lines and market,category,tier_from,price rows')
    .option('--json', 'print JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      const input = inputOf(file)
      const result = await withParley(config(), (parley) => parley.rateCards.import(input))
      if (!result.ok) {
        const issues = result.issues.map((i) => `  ${i.path || '(file)'}: ${i.message}`).join('\n')
        throw new CliError(`parley cost rates import: rate_card_invalid: ${file} has errors:\n${issues}`, 1)
      }
      if (o.json) return out(JSON.stringify({ id: result.entry.card.id, replaced: result.replaced }))
      out(`${result.replaced ? 'replaced' : 'imported'} ${line(result.entry)}`)
    })

  rates
    .command('list')
    .description('the rate cards in force, by effective date, with their source')
    .action(async () => {
      const entries = await withParley(config(), async (parley) => parley.rateCards.entries())
      for (const entry of entries) out(line(entry))
    })
}
