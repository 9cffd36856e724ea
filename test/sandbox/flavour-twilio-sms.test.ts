import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { startCallbackReceiver, twilioSend, twilioSignatureOk, type Callback, type CallbackReceiver } from './callback-receiver.js'
import { until } from './support.js'

/**
 * Twilio SMS over real HTTP (docs/platform.md §7.4): the same Messages.json with a plain `From`,
 * segments counted, queued → sent → delivered or undelivered 30003, STOP blocking later sends with
 * 21610 until START, inbound SMS forms without WhatsApp fields, all signed.
 */

const FROM = '+15550001238'
const ACCOUNT = 'AC00000000000000000000000000000001'

describe('sandbox twilio flavour: SMS', () => {
  let receiver: CallbackReceiver
  let sb: Sandbox
  let callbackUrl: string

  beforeAll(async () => {
    receiver = await startCallbackReceiver()
    callbackUrl = `${receiver.origin}/webhooks/twilio/sms`
    sb = await startSandbox(
      sandboxOptions({
        callbackUrls: { twilio: callbackUrl },
        webhookUrl: `${receiver.origin}/webhooks/meta`,
        // Wide gaps keep the arrival order of one message's callbacks stable on a busy machine.
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
    sb.setFaults({ serverErrorRate: 0, dropAfterRate: 0, skipDeliveredRate: 0 })
    receiver.posts.length = 0
  })

  const statusesFor = (sid: string): Callback[] => receiver.posts.filter((p) => p.form?.get('MessageSid') === sid && p.form.has('MessageStatus'))

  it('answers a Body send with its segment count and posts signed sent and delivered to its StatusCallback', async () => {
    const text = 'Reminder: the school trip leaves at 8:00 from the main gate. Please bring a packed lunch, a water bottle and a rain jacket; we are back at about 16:30.'
    expect(text.length).toBeGreaterThan(140)
    const statusCallback = `${callbackUrl}?token=abc&parley_message_id=sms-1`
    const res = await twilioSend(sb.url, { From: FROM, To: '+4915112360001', Body: text + ' See you there!', StatusCallback: statusCallback })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ account_sid: ACCOUNT, from: FROM, to: '+4915112360001', status: 'queued', num_segments: '2', num_media: '0', body: text + ' See you there!' })
    expect(res.body.sid).toMatch(/^SM[0-9a-f]{32}$/)
    await sb.idle()
    const statuses = statusesFor(res.body.sid)
    expect(statuses.map((s) => s.form!.get('MessageStatus'))).toEqual(['sent', 'delivered'])
    for (const s of statuses) {
      expect(s.url).toBe(statusCallback)
      expect(twilioSignatureOk(s)).toBe(true)
      const f = Object.fromEntries(s.form!)
      expect(f).toMatchObject({ AccountSid: ACCOUNT, From: FROM, To: '+4915112360001', SmsSid: res.body.sid, ApiVersion: '2010-04-01' })
      // Plain SMS: no WhatsApp fields.
      expect(f.ChannelPrefix).toBeUndefined()
      expect(f.WaId).toBeUndefined()
    }
    expect(statuses[1]!.form!.get('RawDlrDoneDate')).toMatch(/^\d{10}$/)
    expect(sb.smsAccepted().at(-1)).toMatchObject({ id: res.body.sid, from: '15550001238', to: '4915112360001', encoding: 'GSM-7', segments: 2 })
  })

  it.each([
    ['a'.repeat(160), '1'],
    ['a'.repeat(161), '2'],
    ['{'.repeat(80), '1'],
    ['{'.repeat(81), '2'],
    ['Привет! '.repeat(8) + 'Привет', '1'],
    ['Привет! '.repeat(9), '2'],
    ['😀'.repeat(35), '1'],
    ['😀'.repeat(36), '2'],
  ])('counts %j as %s segment(s)', async (body, segments) => {
    const res = await twilioSend(sb.url, { From: FROM, To: '+4915112360002', Body: body })
    expect(res.body.num_segments).toBe(segments)
  })

  it('reports an unreachable recipient as sent, then undelivered with 30003', async () => {
    expect(sb.setSmsUser('+4915112360003', { reachable: false })).toEqual({ phone: '4915112360003', reachable: false })
    const res = await twilioSend(sb.url, { From: FROM, To: '+4915112360003', Body: 'Are you there?' })
    expect(res.status).toBe(201)
    await sb.idle()
    const statuses = statusesFor(res.body.sid)
    expect(statuses.map((s) => [s.form!.get('MessageStatus'), s.form!.get('ErrorCode')])).toEqual([['sent', null], ['undelivered', '30003']])
    expect(twilioSignatureOk(statuses[1]!)).toBe(true)
    expect(sb.stats().sms).toMatchObject({ accepted: 1, undeliverable: 1 })
  })

  it('posts an inbound SMS as a signed form without WhatsApp fields', async () => {
    const id = await sb.userSendsSms('+4915112360004', 'Is school open tomorrow?', '+15550001238')
    await until(() => receiver.posts.some((p) => p.form?.get('MessageSid') === id), 'the inbound SMS')
    const inbound = receiver.posts.find((p) => p.form?.get('MessageSid') === id)!
    expect(inbound.url).toBe(callbackUrl)
    expect(twilioSignatureOk(inbound)).toBe(true)
    const f = Object.fromEntries(inbound.form!)
    expect(f).toMatchObject({ MessageSid: id, SmsSid: id, AccountSid: ACCOUNT, From: '+4915112360004', To: FROM, Body: 'Is school open tomorrow?', NumMedia: '0', NumSegments: '1', SmsStatus: 'received' })
    expect(id).toMatch(/^SM[0-9a-f]{32}$/)
    for (const whatsappOnly of ['WaId', 'ProfileName', 'ButtonPayload', 'MessageType']) expect(f[whatsappOnly]).toBeUndefined()
  })

  it('blocks sends with 21610 after the user replies STOP, passes the STOP on, and lifts the block on START', async () => {
    const user = '+4915112360005'
    expect((await twilioSend(sb.url, { From: FROM, To: user, Body: 'First' })).status).toBe(201)
    await sb.userSendsSms(user, 'stop', '+15550001238')
    expect(sb.smsUser(user).optedOutOf).toEqual(['+15550001238'])
    const refused = await twilioSend(sb.url, { From: FROM, To: user, Body: 'Second' })
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ code: 21610, status: 400, more_info: 'https://www.twilio.com/docs/errors/21610' })
    // "STOP PLEASE" is no keyword: still blocked, and START lifts it.
    await sb.userSendsSms(user, 'STOP PLEASE', '+15550001238')
    await sb.userSendsSms(user, 'START', '+15550001238')
    expect(sb.smsUser(user).optedOutOf).toEqual([])
    expect((await twilioSend(sb.url, { From: FROM, To: user, Body: 'Third' })).status).toBe(201)
    await sb.idle()
    const inboundBodies = receiver.posts.filter((p) => p.form?.get('SmsStatus') === 'received').map((p) => p.form!.get('Body'))
    expect(inboundBodies).toEqual(['stop', 'STOP PLEASE', 'START'])
    expect(sb.stats().sms).toMatchObject({ refusedOptedOut: 1, inbound: 3 })
  })

  it.each([
    [{ From: FROM, To: '+12', Body: 'x' }, 21211],
    [{ From: FROM, To: '4915112345678', Body: 'x' }, 21211],
    [{ From: FROM, To: '+4915112345678' }, 21602],
    [{ From: '+15550009999', To: '+4915112345678', Body: 'x' }, 21606],
    [{ From: FROM, To: 'whatsapp:+4915112345678', Body: 'x' }, 21910],
    [{ From: FROM, To: '+4915112345678', Body: 'x', MediaUrl: 'https://cdn.example/a.jpg' }, 20422],
  ])('refuses %j with %i', async (params, code) => {
    const res = await twilioSend(sb.url, params)
    expect(res).toMatchObject({ status: 400, body: { code, status: 400 } })
    expect(sb.smsAccepted()).toHaveLength(0)
  })

  it('applies the send-path faults and skips delivered receipts under skipDeliveredRate', async () => {
    sb.setFaults({ serverErrorRate: 1 })
    const failed = await twilioSend(sb.url, { From: FROM, To: '+4915112360006', Body: 'x' })
    expect([500, 503]).toContain(failed.status)
    expect(sb.smsAccepted()).toHaveLength(0)
    sb.setFaults({ serverErrorRate: 0, skipDeliveredRate: 1 })
    const res = await twilioSend(sb.url, { From: FROM, To: '+4915112360006', Body: 'no receipt' })
    sb.setFaults({ skipDeliveredRate: 0, dropAfterRate: 1 })
    await expect(twilioSend(sb.url, { From: FROM, To: '+4915112360006', Body: 'answer lost', StatusCallback: `${callbackUrl}?parley_message_id=lost` })).rejects.toThrow()
    await sb.idle()
    expect(statusesFor(res.body.sid).map((s) => s.form!.get('MessageStatus'))).toEqual(['sent'])
    expect(receiver.posts.filter((p) => p.query.get('parley_message_id') === 'lost').map((p) => p.form!.get('MessageStatus'))).toEqual(['sent', 'delivered'])
  })

  it('drives SMS users through the control API', async () => {
    const put = await fetch(`${sb.url}/sandbox/sms-users/${encodeURIComponent('+4915112360007')}`, { method: 'PUT', body: JSON.stringify({ reachable: false }) })
    expect(await put.json()).toEqual({ phone: '4915112360007', reachable: false })
    const post = await fetch(`${sb.url}/sandbox/sms-users/${encodeURIComponent('+4915112360007')}/messages`, { method: 'POST', body: JSON.stringify({ text: 'STOP', to: '+15550001238' }) })
    const { id } = (await post.json()) as { id: string }
    expect(id).toMatch(/^SM[0-9a-f]{32}$/)
    const get = await fetch(`${sb.url}/sandbox/sms-users/${encodeURIComponent('+4915112360007')}`)
    expect(await get.json()).toEqual({ phone: '4915112360007', reachable: false, optedOutOf: ['+15550001238'] })
    const wrong = await fetch(`${sb.url}/sandbox/sms-users/4915112360007/messages`, { method: 'POST', body: JSON.stringify({ text: 'hi', to: '+15550001237' }) })
    expect(wrong.status).toBe(400)
  })
})
