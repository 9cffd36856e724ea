import { expect, it } from 'vitest'
import type { InboundEvent } from '../../src/core/messages/reports.js'
import type { SenderRef } from '../../src/core/messages/sender.js'
import { DEFAULT_KEYWORDS } from '../../src/core/notifications/keywords.js'
import type { HandleInboundDeps } from '../../src/core/notifications/handle-inbound.js'
import { applyProviderEvents } from '../../src/core/provider-events/apply-provider-events.js'
import { createIds } from '../../src/runtime/ids.js'
import { createTemplateStore } from '../../src/store/template-store.js'
import { describeEachDatabase } from '../support/databases.js'
import { useStores } from '../support/stores.js'
import { phone, T0 } from '../store/message-fixtures.js'

/*
 * STOP by SMS, through the same path a provider's webhook takes (recorded, then handled), on the
 * real store, with the inbound events as an SMS adapter parses them; the run through the sandbox's
 * gateway is in sms-fallback-e2e.test.ts.
 */
const SMS: SenderRef = { id: 'school-sms', provider: 'http-sms', account: 'sms-gateway', channel: 'sms' }
const WHATSAPP: SenderRef = { id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }
const PARENT = phone('+905321112233')
const OTHER = phone('+905321112244')

describeEachDatabase('opting out by SMS', (dialect) => {
  const ids = createIds()
  const stores = useStores(dialect, ids)
  let seq = 0
  const says = (from: string, text: string, at: number): InboundEvent => ({ kind: 'inbound', providerMessageId: `in-${seq++}`, fromId: from.slice(1), fromPhone: from, at, content: { kind: 'text', text } })
  const receive = (sender: SenderRef, event: InboundEvent, extra: Partial<HandleInboundDeps> = {}) => {
    const s = stores()
    const inbound: HandleInboundDeps = { contacts: s.contacts, feedback: s.feedback, outbox: s.outbox, clock: { now: () => event.at }, ids, keywords: DEFAULT_KEYWORDS, ...extra }
    return applyProviderEvents({ ledger: s.ledger, templates: createTemplateStore(s.database), inbound }, { statuses: [], inbound: [{ sender, events: [event] }], templates: [] }, event.at)
  }
  const contact = async (p: typeof PARENT) => (await stores().contacts.byPhones([p])).get(p)!
  const outbound = async (p: typeof PARENT) => (await stores().messages.listByContact(p, 20, null))!.items.filter((m) => m.direction === 'outbound')

  it('END by SMS opts the contact out everywhere, answered once by SMS from the number it came to; START opts them back in', async () => {
    await receive(SMS, says(PARENT, 'End', T0))
    expect((await contact(PARENT)).optOut).toEqual({ granted: true, source: 'sms_keyword', at: T0 })
    const [confirmation] = await outbound(PARENT)
    expect(confirmation).toMatchObject({ senderId: 'school-sms', channel: 'sms', account: 'sms-gateway', kind: 'text', segments: 1, metadata: { reason: 'opt_out_confirmation' } })

    await receive(SMS, says(PARENT, 'START', T0 + 60_000))
    expect((await contact(PARENT)).optOut).toBeNull()
    expect((await outbound(PARENT)).map((m) => m.metadata?.reason)).toEqual(['opt_in_confirmation', 'opt_out_confirmation'])
  })

  it('END on WhatsApp is only a message (there CANCEL, END and QUIT often mean the lesson)', async () => {
    await receive(WHATSAPP, says(OTHER, 'END', T0))
    expect((await contact(OTHER)).optOut).toBeNull()
    expect(await outbound(OTHER)).toEqual([])
  })

  it('sends no confirmation of its own where the provider answers keywords itself', async () => {
    await receive(SMS, says(PARENT, 'STOP', T0), { providerConfirmsKeywords: (sender) => sender.channel === 'sms' })
    expect((await contact(PARENT)).optOut).toMatchObject({ source: 'sms_keyword' })
    expect(await outbound(PARENT)).toEqual([])
  })
})
