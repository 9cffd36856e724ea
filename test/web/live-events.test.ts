import { describe, expect, it } from 'vitest'
import { FEED_TYPES } from '../../src/core/events/feed.js'
import { LIVE_EVENTS } from '../../web/src/api/live-feed.ts'

// The web app cannot import the server's core, so it lists the feed's event types itself; an
// EventSource hears only the types it names, so a type missing here would never reach the inbox.
describe("the inbox's live events", () => {
  it('are exactly the types the server puts on the feed', () => {
    expect([...LIVE_EVENTS].sort()).toEqual([...FEED_TYPES].sort())
  })
})
