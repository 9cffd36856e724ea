import type { BuiltAccounts } from './build-accounts.js'
import type { TemplateDeps } from './core/templates/deps.js'
import type { TemplateRecord } from './core/templates/ports.js'
import { syncTemplates } from './core/templates/sync-templates.js'
import type { AccountCheckContext, SetupFinding } from './providers/provider-kind.js'
import { providerKind } from './providers/registry.js'

/** The findings for one configured account. */
export interface AccountReport {
  account: string
  provider: string
  sandbox: boolean
  senders: Array<{ id: string; number: string; channel: string }>
  findings: SetupFinding[]
}

export interface CheckProvidersDeps {
  accounts: BuiltAccounts
  templates: TemplateDeps
  contactPhones(): Promise<readonly string[]>
  /** PARLEY_PUBLIC_URL: only an address the provider can reach is worth giving it. */
  publicUrl: string | null
}

/**
 * What `parley providers check` reports, per account: whether the provider takes its credentials,
 * where its webhooks must point, which of the business's approved templates it lacks, a provider
 * switch whose templates are not re-submitted yet, and what only the provider's adapter can check.
 */
export async function checkProviders(deps: CheckProvidersDeps): Promise<AccountReport[]> {
  const reports: AccountReport[] = []
  const library = (await deps.templates.templates.all()).filter((t) => t.origin === 'own' && t.status === 'approved')
  const lastAccount = await deps.templates.syncRecord.lastAccount()
  for (const [id, built] of deps.accounts.accounts) {
    const kind = providerKind(built.config.provider)
    const webhookUrl = deps.accounts.webhookUrl(id)
    const findings: SetupFinding[] = []
    const templates = built.adapter.templates
    let listed: Array<{ name: string; language: string; status: string }> | null = null
    if (templates) {
      const answer = await templates.list()
      if (answer.kind === 'ok') {
        listed = answer.value.map((t) => ({ name: t.definition.name, language: t.definition.language, status: t.status }))
        findings.push({ item: 'credentials', state: 'ok', detail: `the provider answers: ${listed.length} template(s) on the account` })
      } else {
        findings.push({ item: 'credentials', state: 'failed', detail: `the provider refused or failed: ${answer.error.title} (${answer.error.code})` })
      }
    }
    findings.push(webhookFinding(built.config.sandbox, kind.webhookSetup, deps.publicUrl === null ? null : webhookUrl))
    if (templates && listed) {
      if (id === deps.templates.account && lastAccount !== null && lastAccount !== id) {
        findings.push({
          item: 'provider switch',
          state: 'todo',
          detail: `templates were last synced with account ${lastAccount}; the next sync (at start, or --fix) submits to ${id} the business's templates it lacks`,
          fix: async () => {
            const synced = await syncTemplates(deps.templates)
            if (synced.kind === 'failed') return `sync failed: ${synced.error.title} (${synced.error.code})`
            return `synced: ${synced.summary.resubmitted} template(s) submitted to ${id}, ${synced.summary.notResubmitted} left as drafts`
          },
        })
      } else {
        findings.push(missingTemplates(library, listed, (t) => templates.submit(t.definition)))
      }
    }
    if (built.adapter.check) {
      const context: AccountCheckContext = { webhookUrl, contactPhones: deps.contactPhones }
      findings.push(...(await built.adapter.check(context)))
    }
    reports.push({
      account: id,
      provider: built.config.provider,
      sandbox: built.config.sandbox,
      senders: built.senders.map((s) => ({ id: s.id, number: s.number, channel: s.channel })),
      findings,
    })
  }
  return reports
}

function webhookFinding(sandbox: boolean, setup: string, url: string | null): SetupFinding {
  if (sandbox) return { item: 'webhook', state: 'ok', detail: `the sandbox posts to ${url ?? "Parley's address"} itself` }
  if (url === null) return { item: 'webhook', state: 'failed', detail: 'PARLEY_PUBLIC_URL is not set: the provider cannot reach Parley, and no webhook URL can be given to it' }
  return { item: 'webhook', state: 'todo', detail: setup.replaceAll('{url}', url) }
}

function missingTemplates(
  library: readonly TemplateRecord[],
  listed: ReadonlyArray<{ name: string; language: string; status: string }>,
  submit: (template: TemplateRecord) => Promise<{ kind: string; error?: { title: string } }>,
): SetupFinding {
  const approvedHere = new Set(listed.filter((t) => t.status === 'approved').map((t) => `${t.name}\u0000${t.language}`))
  const knownHere = new Set(listed.map((t) => `${t.name}\u0000${t.language}`))
  const missing = library.filter((t) => !approvedHere.has(`${t.definition.name}\u0000${t.definition.language}`))
  if (missing.length === 0) return { item: 'templates', state: 'ok', detail: `all ${library.length} approved template(s) of the business are approved here` }
  const names = missing.map((t) => `${t.definition.name} (${t.definition.language})`).join(', ')
  const absent = missing.filter((t) => !knownHere.has(`${t.definition.name}\u0000${t.definition.language}`))
  return {
    item: 'templates',
    state: 'todo',
    detail: `${missing.length} approved template(s) of the business are not approved on this account: ${names}${absent.length ? `; --fix submits the ${absent.length} it does not have` : ''}`,
    ...(absent.length
      ? {
          fix: async () => {
            const results = await Promise.all(absent.map(async (t) => ({ t, outcome: await submit(t) })))
            return results.map(({ t, outcome }) => `${t.definition.name} (${t.definition.language}): ${outcome.kind}${outcome.error ? ` — ${outcome.error.title}` : ''}`).join('; ')
          },
        }
      : {}),
  }
}
