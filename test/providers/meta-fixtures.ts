import { createHmac } from 'node:crypto'
import type { HttpClient } from '../../src/providers/http-client.js'
import { createMetaCloudProvider } from '../../src/providers/meta-cloud/index.js'

export const APP_SECRET = 'app-secret'
export const VERIFY_TOKEN = 'verify-me'

/** An HttpClient for tests that only receive: sending through it is a test bug. */
const receiveOnly: HttpClient = {
  request: () => Promise.reject(new Error('this test does not send')),
  close: () => Promise.resolve(),
  destroy: () => Promise.resolve(),
}

/** A Meta adapter for webhook tests. */
export const receiver = createMetaCloudProvider(
  { apiVersion: 'v23.0', phoneNumberId: '100000000000002', accessToken: 't', appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN },
  receiveOnly,
)

/**
 * Serialises like Meta does: every non-ASCII character as a lowercase `\uXXXX` escape (emoji as
 * surrogate pairs) and `/` as `\/`. Fixtures built with it have the bytes Meta would sign.
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/')
}

/** The `X-Hub-Signature-256` header value Meta would send for these bytes. */
export function sign(body: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

/** A whole webhook body with one entry holding the given changes. */
export function envelope(...changes: Array<{ field: string; value: unknown }>): Record<string, unknown> {
  return { object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes }] }
}

const metadata = { display_phone_number: '15550001234', phone_number_id: '100000000000002' }

/** A `messages` change carrying status updates. */
export function statusesChange(...statuses: unknown[]): { field: string; value: unknown } {
  return { field: 'messages', value: { messaging_product: 'whatsapp', metadata, statuses } }
}

/** A `messages` change carrying inbound messages and the senders' profiles. */
export function messagesChange(messages: unknown[], contacts: unknown[] = []): { field: string; value: unknown } {
  return { field: 'messages', value: { messaging_product: 'whatsapp', metadata, contacts, messages } }
}

/** One status as Meta writes it; `over` replaces or adds fields. */
export function status(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'wamid.OUT1', status: 'delivered', timestamp: '1750030100', recipient_id: '5511987654321', ...over }
}
