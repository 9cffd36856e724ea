import type { Message, Note } from '../../api/types.ts'

export type TimelineItem = { kind: 'message'; at: number; message: Message } | { kind: 'note'; at: number; note: Note }

/** Messages and notes in one list, oldest first: a note sits where it was written among the messages. */
export function interleave(messages: readonly Message[], notes: readonly Note[]): TimelineItem[] {
  const items: TimelineItem[] = [
    ...messages.map((message): TimelineItem => ({ kind: 'message', at: Date.parse(message.created_at), message })),
    ...notes.map((note): TimelineItem => ({ kind: 'note', at: Date.parse(note.created_at), note })),
  ]
  // Stable: messages keep their order among themselves, and so do notes.
  return items.sort((a, b) => a.at - b.at)
}
