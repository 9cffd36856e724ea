import { toIso, type Instant } from '../shared/time.js'
import type { AwaitingStatus } from './status.js'

/** What a stale message's history entry and the business's webhook say about why it went stale. */
export function staleReason(lastHeard: AwaitingStatus, lastHeardAt: Instant): { code: 'no_final_status'; title: string } {
  return {
    code: 'no_final_status',
    title: `No final status: last heard "${lastHeard}" at ${toIso(lastHeardAt)}, nothing since. Not sent again; a late status still applies.`,
  }
}
