import type { ApiClient } from '../../api/client.ts'
import type { Conversation } from '../../api/types.ts'

/**
 * A resolved conversation by its key (the phone; a masked session's search cannot find one by it), for one opened while the list shows the open ones (its
 * header must say "resolved", which the contact alone does not tell). Null when it is not resolved.
 */
export async function findResolved(api: Pick<ApiClient, 'listConversations'>, key: string): Promise<Conversation | null> {
  const page = await api.listConversations({ filter: 'resolved', q: key, limit: 5 })
  return page.data.find((c) => c.key === key) ?? null
}
