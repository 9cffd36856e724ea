import { useCallback, useState } from 'react'
import type { LiveEventType } from '../../api/live-feed.ts'

/** A note that mentioned the signed-in operator, as the live feed announced it. */
export interface Mention {
  phone: string
  noteId: string
}

/**
 * Watches the live feed for notes that mention `me` (`note.created` carries the mentioned ids),
 * so the inbox can say so until the conversation is opened or the notice dismissed.
 */
export function useMentions(me: string) {
  const [mentions, setMentions] = useState<Mention[]>([])
  const onEvent = useCallback(
    (type: LiveEventType, data: unknown) => {
      if (type !== 'note.created') return
      const note = data as { noteId?: string; phone?: string; mentions?: unknown; authorId?: string }
      if (!Array.isArray(note.mentions) || !note.mentions.includes(me) || typeof note.phone !== 'string') return
      const mention = { phone: note.phone, noteId: String(note.noteId) }
      setMentions((previous) => [...previous.filter((m) => m.phone !== mention.phone), mention])
    },
    [me],
  )
  const clear = useCallback((phone: string) => setMentions((previous) => previous.filter((m) => m.phone !== phone)), [])
  return { mentions, onEvent, clear }
}
