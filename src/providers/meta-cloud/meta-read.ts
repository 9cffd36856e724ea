import type { ReadOutcome } from '../../core/providers/provider.js'
import type { HttpClient } from '../http-client.js'
import { readMetaError } from './meta-errors.js'
import type { CloudApiEndpoint } from './meta-send.js'

/** Marks the user's message (and every earlier one) read: the blue ticks on their phone (docs/platform.md §1.9). */
export async function markRead(endpoint: CloudApiEndpoint, http: HttpClient, providerMessageId: string): Promise<ReadOutcome> {
  const result = await http.request({
    method: 'POST',
    url: endpoint.url,
    headers: { ...endpoint.headers },
    body: JSON.stringify({ messaging_product: 'whatsapp', status: 'read', message_id: providerMessageId }),
    timeoutMs: endpoint.timeoutMs,
  })
  if (result.kind !== 'response') return { kind: 'failed', code: result.kind, title: result.message }
  if (result.status >= 200 && result.status < 300) return { kind: 'sent' }
  let error: ReturnType<typeof readMetaError>
  try {
    error = readMetaError((JSON.parse(result.body) as { error?: unknown }).error)
  } catch {
    error = undefined
  }
  return { kind: 'failed', code: error ? String(error.code) : `http_${result.status}`, title: error?.message ?? `HTTP ${result.status}` }
}
