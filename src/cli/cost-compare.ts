import type { Command } from 'commander'
import type { ParleyConfig } from '../config.js'
import { compareCosts, comparePeriod, MAX_COMPARE_DAYS, type CostComparison } from '../core/costs/compare-costs.js'
import { toIso } from '../core/shared/time.js'
import { comparisonJson } from '../http/routes/cost-compare.js'
import { CliError } from './explain-failure.js'
import { withParley } from './open-parley.js'

const out = (line = ''): void => void process.stdout.write(`${line}\n`)

const count = (n: number) => n.toLocaleString('en-US')

/** Micro-units as money: cents for totals, more places for a price below a cent ($0.0068). */
export function money(micros: number, currency: string, places = 2): string {
  const sign = micros < 0 ? '-' : ''
  const amount = (Math.abs(micros) / 1_000_000).toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places })
  return currency === 'USD' ? `${sign}$${amount}` : `${sign}${amount} ${currency}`
}

const pad = (rows: string[][]): string[] => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd())
}

/** The comparison as a person reads it: a table of models, then the break-evens, the rules, and the 2026-10-01 change. */
export function comparisonText(c: CostComparison): string[] {
  const m = (micros: number) => money(micros, c.currency)
  const change = (micros: number) => `${micros > 0 ? '+' : ''}${m(micros)}`
  const lines = [
    `Provider comparison: ${toIso(c.from).slice(0, 10)} to ${toIso(c.to).slice(0, 10)} (${Math.round(c.days * 10) / 10} days), as a 30-day month of ${count(c.volume.sent)} messages sent and ${count(c.volume.received)} received on ${count(c.volume.numbers)} number(s)`,
    '',
    ...pad([
      ['model', 'monthly total', 'saving vs current', 'setup to switch'],
      ...c.models.map((x) => [`${x.model.id}${x.current ? ' (current)' : ''}${x.model.example ? ' *' : ''}`, m(x.total.micros), x.current ? '-' : m(x.savingVsCurrent.micros), x.setup.micros === 0 ? '-' : m(x.setup.micros)]),
    ]),
  ]
  if (c.models.some((x) => x.model.example)) lines.push('* an example modelled on a public price page: check the provider before relying on it')
  for (const s of c.skipped) lines.push(`Not compared: ${s.id}: ${s.reason}`)
  if (c.volume.unpriced > 0) lines.push(`Left out: ${count(c.volume.unpriced)} messages of days no rate card prices`)
  lines.push('')
  for (const b of c.breakEvens) {
    lines.push(
      b.volume === null
        ? `No break-even between ${b.a} and ${b.b} up to ${count(b.searchedUpTo)} messages a month: ${b.cheaperBelow === null ? 'they cost the same' : `${b.cheaperBelow} is cheaper throughout`}`
        : `Break-even between ${b.cheaperBelow} and ${b.cheaperAbove}: ${count(b.volume)} messages a month (${b.cheaperBelow} cheaper below, ${b.cheaperAbove} cheaper above)`,
    )
  }
  if (c.rules.length > 0) {
    lines.push('', ...pad([['rule (through the current model)', 'events a month', 'messages per event', 'per message', 'a month'], ...c.rules.map((r) => [r.rule, count(r.eventsPerMonth), r.messagesPerEvent === null ? '-' : String(r.messagesPerEvent), money(r.averageMessageCost.micros, c.currency, 4), m(r.monthly.micros)])]))
  }
  const metering = c.meteringChange
  if (metering !== null) {
    lines.push('', `The 2026-10-01 change (${metering.before} to ${metering.from}) on this month, through the current model: ${m(metering.total.before.micros)} before, ${m(metering.total.from.micros)} from it, ${change(metering.total.difference.micros)}`)
    for (const x of metering.categories) if (x.difference.micros !== 0) lines.push(`  ${x.category}: ${m(x.before.micros)} to ${m(x.from.micros)}, ${change(x.difference.micros)}`)
  }
  return lines
}

function instant(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const at = Date.parse(value)
  if (Number.isNaN(at)) throw new CliError(`parley cost compare: ${name}: not a date or instant: ${value}`, 2)
  return at
}

/** `parley cost compare`: the period's traffic replayed against every fee model Parley knows (GET /v1/costs/compare). */
export function registerCompareCommand(cost: Command, config: () => ParleyConfig): void {
  cost
    .command('compare')
    .description('what the last days\' traffic costs a month through each provider model, where they break even, and what each rule costs')
    .option('--days <n>', `days of traffic to replay, at most ${MAX_COMPARE_DAYS}`, '30')
    .option('--from <instant>', 'start of the period (ISO 8601), instead of --days before --to')
    .option('--to <instant>', 'end of the period, exclusive (default: now)')
    .option('--json', 'print JSON (as GET /v1/costs/compare)')
    .action(async (o: { days: string; from?: string; to?: string; json?: boolean }) => {
      const days = Number(o.days)
      if (!Number.isInteger(days) || days < 1 || days > MAX_COMPARE_DAYS) throw new CliError(`parley cost compare: --days: a whole number from 1 to ${MAX_COMPARE_DAYS}`, 2)
      const from = instant('--from', o.from)
      const to = instant('--to', o.to)
      const comparison = await withParley(config(), (parley) =>
        compareCosts(parley.costCompare, comparePeriod({ days, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }, parley.accept.clock.now())),
      ).catch((error: unknown) => {
        const code = (error as { code?: string }).code
        if (code === 'range_invalid' || code === 'range_too_long') throw new CliError(`parley cost compare: ${code}: ${(error as Error).message}`, 2)
        throw error
      })
      if (o.json) return out(JSON.stringify(comparisonJson(comparison), null, 2))
      for (const line of comparisonText(comparison)) out(line)
    })
}
