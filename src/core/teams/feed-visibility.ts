import type { FeedEntry } from '../events/feed.js'
import { canSee, type Visibility } from './visibility.js'

type Routing = ReadonlyMap<string, { teamId: string | null; assigneeId: string | null }>

/** The contact (id or phone) a feed entry is about, or null when it names none (a status change carries only ids). */
export function feedSubject(entry: FeedEntry): string | null {
  const data = entry.data
  switch (data.type) {
    case 'message.inbound':
    case 'contact.updated':
    case 'conversation.assigned':
    case 'conversation.team_changed':
    case 'conversation.resolved':
    case 'conversation.reopened':
    case 'note.created':
      return data.contactId
    case 'conversation.typing':
      return data.phone
    case 'message.created':
      return data.to
    default:
      return null
  }
}

/**
 * Whether a live-feed entry may go to a stream of this visibility. A team change is shown to both
 * the team it left and the one it joined (so the first drops it from their list), an assignment
 * to the operator it was taken from too. An entry about no known contact carries no conversation.
 */
export function feedEntryVisible(visibility: Visibility, entry: FeedEntry, routing: Routing): boolean {
  if (visibility.kind === 'all') return true
  const subject = feedSubject(entry)
  if (subject === null) return true
  const route = routing.get(subject)
  if (!route) return true
  const data = entry.data
  if (canSee(visibility, route)) return true
  if (data.type === 'conversation.team_changed') return canSee(visibility, { teamId: data.previousTeamId, assigneeId: route.assigneeId })
  if (data.type === 'conversation.assigned') return data.previousAssigneeId === visibility.operatorId
  return false
}
