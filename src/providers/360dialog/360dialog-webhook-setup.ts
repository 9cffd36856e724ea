import type { HttpClient } from '../http-client.js'
import { callManagement } from '../meta-cloud/meta-graph.js'
import type { AccountCheckContext, SetupFinding } from '../provider-kind.js'
import { d360Management, type ResolvedD360Account } from './360dialog-account.js'

const PATH = '/v1/configs/webhook'

/**
 * 360dialog is told where to post by API (`POST /v1/configs/webhook {"url"}`, docs/platform.md §7.3),
 * so `parley providers check` can see where it posts now and, on `--fix`, point it at Parley.
 * Without Parley's public address there is nothing to register (the general webhook finding says so).
 */
export async function checkD360Webhook(account: ResolvedD360Account, http: HttpClient, context: AccountCheckContext): Promise<SetupFinding[]> {
  const wanted = context.webhookUrl
  if (wanted === null) return []
  const access = d360Management(account)
  const current = await callManagement(access, http, 'GET', PATH)
  const now = current.ok ? (current.json as { url?: unknown } | undefined)?.url : undefined
  if (now === wanted) return [{ item: 'webhook registration', state: 'ok', detail: '360dialog posts to the account’s webhook URL' }]
  return [
    {
      item: 'webhook registration',
      state: 'todo',
      detail: `${typeof now === 'string' && now !== '' ? `360dialog posts to ${now}` : '360dialog has no webhook URL Parley could read'}: --fix registers the account's (${PATH})`,
      fix: async () => {
        const set = await callManagement(access, http, 'POST', PATH, { url: wanted })
        return set.ok ? 'registered the webhook URL with 360dialog' : `not registered: ${set.failure.error.title} (${set.failure.error.code})`
      },
    },
  ]
}
