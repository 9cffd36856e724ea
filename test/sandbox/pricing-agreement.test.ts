import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEFAULT_RATE_CARDS } from '../../src/core/costs/default-rate-cards.js'
import type { WindowState } from '../../src/core/costs/message-fact.js'
import { PlatformMeter } from '../../src/core/costs/price-platform.js'
import type { RateCategory } from '../../src/core/costs/rate-card.js'
import type { Sandbox } from '../../src/sandbox/index.js'
import { callMessages, startFast, startReceiver, statusesOf, template, text, type Receiver } from './support.js'

/*
 * The sandbox's `pricing` objects (written from docs/platform.md §6.1) and Parley's shipped cards
 * (src/core/costs/cards) are written independently; here they must agree on billable, category and
 * type for each category and window state, on both sides of 1 Oct 2026. The sandbox stands on each
 * date through its `now` option; the messages go over HTTP and the pricing is read from its webhooks.
 */

let offset = 0
let receiver: Receiver
let sb: Sandbox
beforeAll(async () => {
  receiver = await startReceiver()
  sb = await startFast(receiver, { now: () => Date.now() + offset })
})
afterAll(async () => {
  await sb?.close()
  await receiver?.close()
})

type Case = { name: string; category: RateCategory; window: WindowState; send: (to: string) => Record<string, unknown> }
const CASES: Case[] = [
  { name: 'marketing outside the window', category: 'marketing', window: 'closed', send: (to) => template(to, 'promo_summer') },
  { name: 'marketing inside the window', category: 'marketing', window: 'open', send: (to) => template(to, 'promo_summer') },
  { name: 'utility outside the window', category: 'utility', window: 'closed', send: (to) => template(to) },
  { name: 'utility inside the window', category: 'utility', window: 'open', send: (to) => template(to) },
  { name: 'free-form inside the window', category: 'service', window: 'open', send: (to) => text(to, 'Hello!') },
]

/** What Parley's cards say of the first such message of the month: charged or free, as the platform's `pricing` would say it. */
function parleySays(c: Case, at: number) {
  const charge = new PlatformMeter(DEFAULT_RATE_CARDS).charge({ id: 'm', direction: 'outbound', at, number: 'n', market: 'DE', category: c.category, window: c.window, outcome: 'delivered' })
  const billable = charge.reason === 'charged'
  return { billable, category: c.category, type: billable ? 'regular' : 'free_customer_service' }
}

let user = 4915112350001 // numbers ending 0000 are "not on WhatsApp" in the sandbox
for (const at of [Date.UTC(2026, 8, 30, 12), Date.UTC(2026, 9, 1, 12)]) {
  for (const c of CASES) {
    it(`agree on ${c.name} on ${new Date(at).toISOString().slice(0, 10)}`, async () => {
      const to = `+${user++}`
      // The parent wrote two days before (the window long closed) or just now (open).
      offset = at - (c.window === 'open' ? 0 : 2 * 86_400_000) - Date.now()
      await sb.userSends(to, { text: 'hi' })
      offset = at - Date.now()
      const res = await callMessages(sb, c.send(to))
      expect(res.status, res.raw).toBe(200)
      const wamid = res.body.messages[0].id
      await sb.idle()
      const [first] = statusesOf(receiver, wamid)
      expect(first.status, JSON.stringify(first)).not.toBe('failed')
      const { billable, category, type } = first.pricing
      expect({ billable, category, type }).toEqual(parleySays(c, at))
    })
  }
}
