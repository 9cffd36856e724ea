import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { startCallbackReceiver, type Answer, type Callback, type CallbackReceiver } from './callback-receiver.js'
import { until } from './support.js'

/**
 * The generic HTTP SMS gateway ('http-sms', src/sandbox/README.md): `POST /sms/messages` with a
 * Bearer key, JSON receipts and inbound texts to the callback URL, unsigned, no STOP block list.
 */

const FROM = '+15550001239'

async function sendSms(sandboxUrl: string, body: unknown, key: string | null = 'sandbox-sms-key'): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (key !== null) headers.authorization = `Bearer ${key}`
  const res = await fetch(`${sandboxUrl}/sms/messages`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) })
  const raw = await res.text()
  return { status: res.status, body: raw ? JSON.parse(raw) : undefined }
}

describe('sandbox http-sms flavour', () => {
  let receiver: CallbackReceiver
  let sb: Sandbox
  let callbackUrl: string

  beforeAll(async () => {
    receiver = await startCallbackReceiver()
    callbackUrl = `${receiver.origin}/webhooks/http-sms/gateway?token=s3cret`
    sb = await startSandbox(
      sandboxOptions({
        callbackUrls: { 'http-sms': callbackUrl },
        webhookUrl: `${receiver.origin}/webhooks/meta`,
        // Wide gaps keep the arrival order of one message's receipts stable on a busy machine.
        statusDelaysMs: { sent: 5, delivered: 40, read: 80 },
        webhookRetry: { maxAttempts: 5, initialDelayMs: 10, maxDelayMs: 40 },
      }),
    )
  })
  // Callbacks of one test must not land in the next one's receiver.
  afterEach(() => sb.idle())
  afterAll(async () => {
    await sb.close()
    await receiver.close()
  })
  beforeEach(() => {
    sb.reset()
    sb.setFaults({ serverErrorRate: 0, dropAfterRate: 0 })
    receiver.posts.length = 0
  })

  const receiptsFor = (id: string): Callback[] => receiver.posts.filter((p) => p.json?.id === id && 'status' in p.json)

  it('refuses a missing or wrong key with 401 and the error envelope', async () => {
    for (const key of [null, 'wrong-key']) {
      const res = await sendSms(sb.url, { from: FROM, to: '+4915112370001', text: 'x' }, key)
      expect(res.status).toBe(401)
      expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } })
    }
    expect(sb.smsAccepted()).toHaveLength(0)
  })

  it('answers {id, segments} and posts sent and delivered receipts with the reference, unsigned, to the callback URL', async () => {
    const res = await sendSms(sb.url, { from: FROM, to: '+4915112370002', text: 'Die Klassenfahrt beginnt um 8 Uhr. ' + 'x'.repeat(140), reference: 'parley-77' })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ id: expect.stringMatching(/^sms_[0-9a-f]+$/), segments: 2 })
    await sb.idle()
    const receipts = receiptsFor(res.body.id)
    expect(receipts.map((r) => r.json.status)).toEqual(['sent', 'delivered'])
    for (const r of receipts) {
      expect(r.url).toBe(callbackUrl)
      expect(r.headers['content-type']).toBe('application/json')
      expect(r.headers['x-twilio-signature']).toBeUndefined()
      expect(r.json).toEqual({ id: res.body.id, reference: 'parley-77', status: r.json.status, timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/) })
      expect(Math.abs(Date.parse(r.json.timestamp) - Date.now())).toBeLessThan(5000)
    }
  })

  it('omits reference when none was given and reports an unreachable recipient as failed with error_code unreachable', async () => {
    sb.setSmsUser('+4915112370003', { reachable: false })
    const res = await sendSms(sb.url, { from: FROM, to: '+4915112370003', text: 'Hello?' })
    expect(res.body.segments).toBe(1)
    await sb.idle()
    const receipts = receiptsFor(res.body.id).map((r) => r.json)
    expect(receipts.map((r) => [r.status, r.error_code ?? null])).toEqual([['sent', null], ['failed', 'unreachable']])
    for (const r of receipts) expect('reference' in r).toBe(false)
  })

  it('counts UCS-2 segments (67 per part)', async () => {
    expect((await sendSms(sb.url, { from: FROM, to: '+4915112370004', text: 'ş'.repeat(70) })).body.segments).toBe(1)
    expect((await sendSms(sb.url, { from: FROM, to: '+4915112370004', text: 'ş'.repeat(135) })).body.segments).toBe(3)
  })

  it('posts inbound texts as JSON, STOP included, and keeps no block list (opting out is the business\'s job)', async () => {
    const id = await sb.userSendsSms('+4915112370005', 'STOP', FROM)
    await until(() => receiver.posts.some((p) => p.json?.id === id), 'the inbound text')
    const inbound = receiver.posts.find((p) => p.json?.id === id)!
    expect(inbound.url).toBe(callbackUrl)
    expect(inbound.json).toEqual({ id, from: '+4915112370005', to: FROM, text: 'STOP', timestamp: expect.stringMatching(/Z$/) })
    expect(sb.smsUser('+4915112370005').optedOutOf).toEqual([])
    expect((await sendSms(sb.url, { from: FROM, to: '+4915112370005', text: 'Still allowed here' })).status).toBe(200)
  })

  it.each([
    ['not json', 'invalid_request'],
    [{ to: '+4915112370006', text: 'x' }, 'invalid_request'],
    [{ from: FROM, to: '+4915112370006', text: '' }, 'invalid_request'],
    [{ from: FROM, to: '+4915112370006', text: 'x'.repeat(1601) }, 'invalid_request'],
    [{ from: FROM, to: '+4915112370006', text: 'x', reference: 7 }, 'invalid_request'],
    [{ from: '+15550001238', to: '+4915112370006', text: 'x' }, 'unknown_sender'],
    [{ from: FROM, to: '4915112370006', text: 'x' }, 'invalid_number'],
  ])('refuses %j with 400 %s', async (body, code) => {
    const res = await sendSms(sb.url, body)
    expect(res).toMatchObject({ status: 400, body: { error: { code } } })
    expect(sb.smsAccepted()).toHaveLength(0)
  })

  it('answers 404 for other paths and applies the send-path faults', async () => {
    const other = await fetch(`${sb.url}/sms/balance`, { headers: { authorization: 'Bearer sandbox-sms-key' } })
    expect(other.status).toBe(404)
    sb.setFaults({ serverErrorRate: 1 })
    const down = await sendSms(sb.url, { from: FROM, to: '+4915112370007', text: 'x' })
    expect([500, 503]).toContain(down.status)
    expect(['server_error', 'unavailable']).toContain(down.body.error.code)
    expect(sb.smsAccepted()).toHaveLength(0)
    sb.setFaults({ serverErrorRate: 0, dropAfterRate: 1 })
    await expect(sendSms(sb.url, { from: FROM, to: '+4915112370007', text: 'answer lost', reference: 'in-doubt' })).rejects.toThrow()
    await sb.idle()
    expect(receiver.posts.filter((p) => p.json?.reference === 'in-doubt').map((p) => p.json.status)).toEqual(['sent', 'delivered'])
  })
})
