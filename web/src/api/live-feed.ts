import { useEffect, useState } from 'react'
import { parseJson } from './parse-json.ts'

/** The events Parley's live feed (GET /v1/stream) sends. */
export const LIVE_EVENTS = [
  'message.created',
  'message.status_changed',
  'message.inbound',
  'contact.updated',
  'conversation.assigned',
  'conversation.resolved',
  'conversation.reopened',
  'conversation.typing',
  'conversation.team_changed',
  'note.created',
] as const
export type LiveEventType = (typeof LIVE_EVENTS)[number]

export type FeedState = 'connecting' | 'live' | 'reconnecting'

/**
 * Listens to the live feed while mounted. EventSource reconnects by itself and resumes with
 * Last-Event-ID (the feed's sequence number), so no event is missed across a dropped connection.
 */
export function useLiveFeed(url: string, onEvent: (type: LiveEventType, data: unknown) => void): FeedState {
  const [state, setState] = useState<FeedState>('connecting')
  useEffect(() => {
    if (typeof EventSource === 'undefined') return
    const source = new EventSource(url, { withCredentials: true })
    source.onopen = () => setState('live')
    source.onerror = () => setState('reconnecting')
    const listeners = LIVE_EVENTS.map((type) => {
      const listener = (event: MessageEvent<string>) => onEvent(type, parseJson(event.data))
      source.addEventListener(type, listener)
      return listener
    })
    return () => {
      LIVE_EVENTS.forEach((type, index) => source.removeEventListener(type, listeners[index]!))
      source.close()
    }
  }, [url, onEvent])
  return state
}
