import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEFAULT_RATE_CARDS } from '../../src/core/costs/default-rate-cards.js'
import type { WindowState } from '../../src/core/costs/message-fact.js'
import { PlatformMeter } from '../../src/core/costs/price-platform.js'
import type { RateCategory } from '../../src/core/costs/rate-card.js'
import type { Sandbox } from '../../src/sandbox/index.js'
import type { TemplateDefinition } from '../../src/sandbox/index.js'
import { callMessages, startFast, startReceiver, statusesOf, template, text, TEST_TEMPLATES, PHONE_NUMBER_ID, type Receiver } from './support.js'

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
  // Limits out of the way: the 1,001 replies of one month go to one parent as fast as the machine sends them.
  sb = await startFast(receiver, {
    now: () => Date.now() + offset,
    templates: [...TEST_TEMPLATES, LOGIN_CODE],
    phoneNumbers: [{ id: PHONE_NUMBER_ID, displayPhoneNumber: '15550001234', mps: 1_000_000 }],
    pairRate: { burst: 10_000, refillEverySeconds: 6 },
    // A loaded machine can drop a few of 3,003 webhook POSTs for a moment; none may be given up on.
    webhookRetry: { maxAttempts: 200, initialDelayMs: 10, maxDelayMs: 250 },
  })
})
afterAll(async () => {
  await sb?.close()
  await receiver?.close()
})

/** An approved authentication template: Meta's fixed text with the code as its one variable, and a copy-code button. */
const LOGIN_CODE: TemplateDefinition = {
  name: 'login_code',
  language: 'en_US',
  category: 'AUTHENTICATION',
  components: [
    { type: 'BODY', text: '{{1}} is your verification code.', example: { body_text: [['123456']] } },
    { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] },
  ],
}

const loginCode = (to: string) =>
  template(to, 'login_code', {
    template: {
      name: 'login_code',
      language: { code: 'en_US' },
      components: [
        { type: 'body', parameters: [{ type: 'text', text: '481516' }] },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '481516' }] },
      ],
    },
  })

/**
 * A message's first status that carries `pricing` (`sent`, and one of `delivered`/`read`, docs/platform.md §2.5):
 * on a loaded machine a message's statuses may arrive in any order, the one without it first.
 */
const pricedStatus = (wamid: string) => statusesOf(receiver, wamid).find((s: { pricing?: unknown }) => s.pricing !== undefined)

type Case = { name: string; category: RateCategory; window: WindowState; send: (to: string) => Record<string, unknown> }
const CASES: Case[] = [
  { name: 'marketing outside the window', category: 'marketing', window: 'closed', send: (to) => template(to, 'promo_summer') },
  { name: 'marketing inside the window', category: 'marketing', window: 'open', send: (to) => template(to, 'promo_summer') },
  { name: 'utility outside the window', category: 'utility', window: 'closed', send: (to) => template(to) },
  { name: 'utility inside the window', category: 'utility', window: 'open', send: (to) => template(to) },
  { name: 'authentication outside the window', category: 'authentication', window: 'closed', send: loginCode },
  { name: 'authentication inside the window', category: 'authentication', window: 'open', send: loginCode },
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
      const statuses = statusesOf(receiver, wamid)
      expect(statuses.map((s) => s.status)).not.toContain('failed')
      const { billable, category, type } = pricedStatus(wamid).pricing
      expect({ billable, category, type }).toEqual(parleySays(c, at))
    })
  }
}

it("agree that a number's 1,001st free-form message of a month is charged, the first 1,000 free (from 1 Oct 2026)", async () => {
  // A month no other case sends in.
  const to = `+${user++}`
  const at = Date.UTC(2026, 10, 15, 12)
  offset = at - Date.now()
  await sb.userSends(to, { text: 'hi' })
  const wamids: string[] = []
  // The first 1,000 fifty at a time (in any order among themselves), then the 1,001st alone.
  for (const size of [...Array.from({ length: 20 }, () => 50), 1]) {
    const batch = await Promise.all(Array.from({ length: size }, () => callMessages(sb, text(to, 'Thanks, see you then.'))))
    for (const res of batch) {
      expect(res.status, res.raw).toBe(200)
      wamids.push(res.body.messages[0].id)
    }
  }
  await sb.idle(30_000)
  const types = wamids.map((wamid) => pricedStatus(wamid)?.pricing?.type)
  // Parley's meter, fed the same 1,001 in order: the allowance covers 1,000, then the card charges.
  const meter = new PlatformMeter(DEFAULT_RATE_CARDS)
  const reasons = wamids.map((_, i) => meter.charge({ id: `m${i}`, direction: 'outbound', at: at + i, number: 'n', market: 'DE', category: 'service', window: 'open', outcome: 'delivered' }).reason)
  expect(reasons.slice(0, 1_000).every((r) => r === 'free_allowance')).toBe(true)
  expect(reasons[1_000]).toBe('charged')
  expect(types.slice(0, 1_000).filter((t) => t === 'free_customer_service').length, JSON.stringify(types.slice(0, 1_000).filter((t) => t !== 'free_customer_service'))).toBe(1_000)
  expect(types[1_000]).toBe('regular')
}, 60_000)
