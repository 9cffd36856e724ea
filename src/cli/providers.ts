import type { Command } from 'commander'
import { checkProviders, type AccountReport } from '../check-providers.js'
import type { ParleyConfig } from '../config.js'
import { messageablePhones } from '../store/contact-phones.js'
import { withParley } from './open-parley.js'

const out = (line = ''): void => void process.stdout.write(`${line}\n`)

/** Registers `parley providers …`: what the configured accounts still need, and doing what can be done from here. */
export function registerProviderCommands(program: Command, config: () => ParleyConfig): void {
  const providers = program.command('providers').description('the provider accounts of parley.yaml (or the PARLEY_META_* sender)')

  providers
    .command('check')
    .description('check every account: credentials, webhook address, templates, what the provider needs done by hand (Gupshup opt-ins…)')
    .option('--fix', 'do what can be done from here: submit missing templates, register webhook URLs, opt contacts in')
    .option('--json', 'print JSON')
    .action(async (o: { fix?: boolean; json?: boolean }) => {
      const configured = config()
      const reports = await withParley(configured, async (parley) => {
        const deps = { accounts: parley.accounts, templates: parley.templates, contactPhones: () => messageablePhones(parley.database), publicUrl: configured.http.publicUrl }
        const found = await checkProviders(deps)
        if (!o.fix) return found
        for (const report of found) for (const finding of report.findings) if (finding.fix) out(`${report.account}: ${finding.item}: ${await finding.fix()}`)
        return checkProviders(deps)
      })
      if (o.json) out(JSON.stringify(reports.map((r) => ({ ...r, findings: r.findings.map(({ fix, ...f }) => ({ ...f, fixable: fix !== undefined })) }))))
      else printReports(reports)
      // Ready means nothing left to do: a todo is as much "not ready" as a failure, for a script.
      process.exitCode = reports.some((r) => r.findings.some((f) => f.state !== 'ok')) ? 1 : 0
    })
}

function printReports(reports: readonly AccountReport[]): void {
  for (const report of reports) {
    const senders = report.senders.map((s) => `${s.id} ${s.number || '(by id)'} ${s.channel}`).join(', ')
    out(`account ${report.account} — ${report.provider}${report.sandbox ? ' (sandbox)' : ''}; senders: ${senders || 'none'}`)
    for (const f of report.findings) out(`  ${f.state.padEnd(6)} ${f.item.padEnd(16)} ${f.detail}${f.fix ? ' [--fix]' : ''}`)
  }
}
