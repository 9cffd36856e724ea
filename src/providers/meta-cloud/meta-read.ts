import type { ReadOutcome } from '../../core/providers/provider.js'
import type { HttpClient } from '../http-client.js'
import type { ResolvedMetaCloudConfig } from './meta-config.js'
import { readMetaError } from './meta-errors.js'

/** Marks the user's message (and every earlier one) read: the blue ticks on their phone (docs/platform.md §1.9). */
export async function markRead(config: ResolvedMetaCloudConfig, http: HttpClient, providerMessageId: string): Promise<ReadOutcome> {
  const result = await http.request({
    method: 'POST',
    url: `${config.baseUrl}/${config.apiVersion}/${config.phoneNumberId}/messages`,
    headers: { authorization: `Bearer ${config.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ messaging_product: 'whatsapp', status: 'read', message_id: providerMessageId }),
    timeoutMs: config.requestTimeoutMs,
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
