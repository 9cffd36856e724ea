import type { MessagingProvider } from '../../core/providers/provider.js'
import type { HttpClient } from '../http-client.js'
import { markRead } from '../meta-cloud/meta-read.js'
import { type CloudApiEndpoint, sendMessage } from '../meta-cloud/meta-send.js'
import { d360Headers, type ResolvedD360Account } from './360dialog-account.js'

/**
 * 360dialog's `POST /messages` (docs/platform.md §7.3): Meta's body and Meta's answer, with the
 * channel key instead of a Bearer token and no phone-number id in the path (the key is the number's).
 */
export function d360MessagesEndpoint(account: ResolvedD360Account): CloudApiEndpoint {
  return {
    url: `${account.baseUrl}/messages`,
    headers: { ...d360Headers(account), 'content-type': 'application/json' },
    timeoutMs: account.requestTimeoutMs,
    provider: '360dialog',
  }
}

/** Sends and read receipts through 360dialog, with Meta's bodies and Meta's classification of the answers. */
export function createD360Provider(account: ResolvedD360Account, http: HttpClient): MessagingProvider {
  const endpoint = d360MessagesEndpoint(account)
  return {
    name: '360dialog',
    send: (request) => sendMessage(endpoint, http, request),
    markRead: (providerMessageId) => markRead(endpoint, http, providerMessageId),
  }
}
