import type { Command } from 'commander'
import type { ParleyConfig } from '../config.js'
import { feeModelInUseValue, feeModelsInUse, type FeeModelInUseValue } from '../core/costs/fee-models-in-use.js'

const out = (line = ''): void => void process.stdout.write(`${line}\n`)

function line(m: FeeModelInUseValue): string {
  const origin = m.file !== null ? `yours (${m.file})` : m.example ? 'example' : 'parley'
  const uses = [m.default ? 'default' : '', m.accounts.length > 0 ? `accounts: ${m.accounts.join(', ')}` : ''].filter(Boolean).join('; ') || 'unused'
  return [m.id, m.name, m.currency, origin, uses, `${m.source} (read ${m.retrieved})`].join('\t')
}

/** `parley cost models`: the provider fee models Parley knows and which accounts each prices; read from the configuration, no database. */
export function registerCostModelCommands(cost: Command, config: () => ParleyConfig): void {
  cost
    .command('models')
    .description('the provider fee models (shipped and yours) and the accounts each prices; the default prices accounts that name none')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      const { costs, accounts } = config()
      const models = feeModelsInUse(costs, accounts.map((a) => a.id)).map(feeModelInUseValue)
      if (o.json) return out(JSON.stringify({ default: costs.providerFeeModel.id, models }))
      for (const m of models) out(line(m))
    })
}
