import { afterEach, beforeEach, expect, it } from 'vitest'
import type { WebhookReceiver } from '../../src/core/providers/provider.js'
import { createWebhookProcessor } from '../../src/dispatch/webhook-processor.js'
import { createHttpClient } from '../../src/providers/http-client.js'
import { createMetaCloudProvider } from '../../src/providers/meta-cloud/index.js'
import { systemClock } from '../../src/runtime/clock.js'
import { createIds } from '../../src/runtime/ids.js'
import { createStores } from '../../src/store/stores.js'
import { createWebhookReceiptStore } from '../../src/store/webhook-receipts.js'
import { createTemplateStore } from '../../src/store/template-store.js'
import { applyProviderEvents } from '../../src/core/provider-events/apply-provider-events.js'
import { DEFAULT_KEYWORDS } from '../../src/core/notifications/keywords.js'
import { describeEachDatabase, openTestDatabase, type TestDatabase } from '../support/databases.js'

const inboundBody = JSON.stringify({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '1',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '15550001234', phone_number_id: '100000000000002' },
            contacts: [{ profile: { name: 'Ana' }, wa_id: '4915112345678' }],
            messages: [{ from: '4915112345678', id: 'wamid.IN1', timestamp: '1750030000', type: 'text', text: { body: 'hi' } }],
          },
        },
      ],
    },
  ],
})

// A receiver of our own port that fails the way a bug in event handling would.
const exploding: WebhookReceiver = {
  verify: () => ({ ok: true }),
  parse: () => {
    throw new Error('boom')
  },
}

describeEachDatabase('webhook processor', (dialect) => {
  let t: TestDatabase
  beforeEach(async () => {
    t = await openTestDatabase(dialect)
  })
  afterEach(async () => t.close())

  it('applies the good receipts of a failing batch and sets a receipt that keeps failing aside', async () => {
    const http = createHttpClient()
    const stores = createStores(t.database, createIds())
    const inbox = createWebhookReceiptStore(t.database)
    const errors: unknown[] = []
    const inboundDeps = {
      contacts: stores.contacts,
      feedback: stores.feedback,
      outbox: stores.outbox,
      clock: systemClock,
      ids: createIds(),
      keywords: DEFAULT_KEYWORDS,
    }
    const processor = createWebhookProcessor({
      inbox,
      receivers: new Map([
        ['meta', createMetaCloudProvider({ baseUrl: 'http://127.0.0.1:9', apiVersion: 'v23.0', phoneNumberId: '100000000000002', accessToken: 't', appSecret: 's', verifyToken: 'v' }, http)],
        ['exploding', exploding],
      ]),
      senderFor: () => ({ id: 'default', provider: 'meta', account: 'meta', channel: 'whatsapp' }),
      owner: 'test',
      apply: (batch, now) => applyProviderEvents({ ledger: stores.ledger, templates: createTemplateStore(t.database), inbound: inboundDeps }, batch, now),
      clock: systemClock,
      maxAttempts: 3,
      onError: (error) => errors.push(error),
    })
    try {
      await inbox.add('exploding', Buffer.from('{}'), 1)
      await inbox.add('meta', Buffer.from(inboundBody), 2)
      await processor.drain()
      expect((await stores.messages.listByContact('+4915112345678' as never, 10, null))?.items).toHaveLength(1)
      const state = () => t.database.receipts.selectFrom('webhook_receipts').select(['provider', 'state', 'attempts', 'error']).orderBy('id').execute()
      expect(await state()).toEqual([
        { provider: 'exploding', state: 'pending', attempts: 1, error: 'Error: boom' },
        { provider: 'meta', state: 'processed', attempts: 0, error: null },
      ])
      await processor.drain()
      await processor.drain()
      expect((await state())[0]).toMatchObject({ state: 'failed', attempts: 3 })
      expect(await inbox.claim(10, Date.now(), 60_000, 'another')).toEqual([])
      expect(errors).toHaveLength(3)
    } finally {
      await http.close()
    }
  })
})
