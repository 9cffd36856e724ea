import type { ApiClient } from '../../api/client.ts'
import type { Note } from '../../api/types.ts'
import { useResource } from '../../api/use-resource.ts'

/** The conversation's notes, reloaded with everything else at each live event (`version`). */
export function useNotes(api: ApiClient, phone: string, version: number): Note[] {
  const { data } = useResource(() => api.listNotes(phone), [api, phone, version])
  // A note that cannot load leaves the messages readable: notes are extra, not the conversation.
  return data?.data ?? []
}
