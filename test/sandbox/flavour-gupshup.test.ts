import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../src/sandbox/index.js'
import { call } from './bsp-support.js'
import { startFast, startReceiver, until, type Receiver } from './support.js'

const KEY = { apikey: 'sandbox-gupshup-key' }
const APP = 'ParleySandbox'
const APP_ID = '00000000-0000-4000-8000-000000000001'
const NUMBER = '+15550001236'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function envelope(destination: string, extra: Record<string, string>): Record<string, string> {
  return { channel: 'whatsapp', source: '15550001236', destination, 'src.name': APP, ...extra }
}

function sendMessage(sb: Sandbox, destination: string, message: unknown, opts: { headers?: Record<string, string>; path?: string; form?: Record<string, string> } = {}) {
  return call(sb, 'POST', `/gupshup${opts.path ?? '/wa/api/v1/msg'}`, {
    headers: opts.headers ?? KEY,
    form: { ...envelope(destination, { message: typeof message === 'string' ? message : JSON.stringify(message) }), ...opts.form },
  })
}

function sendTemplate(sb: Sandbox, destination: string, template: unknown, message?: unknown) {
  return call(sb, 'POST', '/gupshup/wa/api/v1/template/msg', {
    headers: KEY,
    form: envelope(destination, { template: JSON.stringify(template), ...(message ? { message: JSON.stringify(message) } : {}) }),
  })
}

async function templatesList(sb: Sandbox): Promise<any[]> {
  const res = await call(sb, 'GET', `/gupshup/sm/api/v1/template/list/${APP}`, { headers: KEY })
  expect(res.body.status).toBe('success')
  return res.body.templates
}

async function templateId(sb: Sandbox, name: string, language = 'en_US'): Promise<string> {
  return (await templatesList(sb)).find((t) => t.elementName === name && t.languageCode === language).id
}

/** The callbacks of one type, their `payload`s in arrival order. */
function events(receiver: Receiver, type: string): any[] {
  return receiver.posts.map((p) => p.body).filter((b) => b.type === type).map((b) => b.payload)
}

/**
 * `message-event`s about one message (by its Gupshup id, or its WhatsApp id), in the order of their
 * `timestamp`: `enqueued` and `sent` are milliseconds apart here and may arrive the other way round
 * on a loaded machine, as Gupshup warns its own may.
 */
function eventsOf(receiver: Receiver, id: string): any[] {
  return receiver.posts
    .map((p) => p.body)
    .filter((b) => b.type === 'message-event' && [b.payload.id, b.payload.gsId, b.payload.payload?.whatsappMessageId].includes(id))
    .sort((a, b) => a.timestamp - b.timestamp)
    .map((b) => b.payload)
}

/** The Gupshup flavour (docs/platform.md §7.1) over real HTTP: form sends, v2 callbacks, templates, opt-ins. */
describe('sandbox Gupshup flavour', () => {
  let meta: Receiver
  let gupshup: Receiver
  let sb: Sandbox

  beforeAll(async () => {
    meta = await startReceiver()
    gupshup = await startReceiver()
    sb = await startFast(meta, { callbackUrls: { gupshup: gupshup.url } })
  })
  afterAll(async () => {
    await sb.close()
    await meta.close()
    await gupshup.close()
  })
  beforeEach(() => {
    sb.reset()
    sb.setFaults({ serverErrorRate: 0, dropAfterRate: 0 })
    meta.posts.length = 0
    gupshup.posts.length = 0
  })

  it('posts an inbound message as a v2 `message` callback and answers a session send with submitted + a Gupshup id', async () => {
    const user = '+4915112340201'
    const inbound = await sb.userSends(user, { text: 'Hallo', profileName: 'Lena' }, NUMBER)
    await sb.idle()
    const [posted] = gupshup.posts
    expect(posted!.headers['content-type']).toBe('application/json')
    expect(posted!.headers['x-hub-signature-256']).toBeUndefined()
    expect(posted!.body).toEqual({
      app: APP,
      timestamp: expect.any(Number),
      version: 2,
      type: 'message',
      payload: {
        id: inbound,
        source: '4915112340201',
        type: 'text',
        payload: { text: 'Hallo' },
        sender: { phone: '4915112340201', name: 'Lena', country_code: '49', dial_code: '15112340201' },
      },
    })
    // Milliseconds, unlike Meta's seconds.
    expect(Math.abs(posted!.body.timestamp - Date.now())).toBeLessThan(5000)

    const res = await sendMessage(sb, '4915112340201', { type: 'text', text: 'Hi Lena' })
    expect(res.status).toBe(202)
    expect(res.body).toEqual({ status: 'submitted', messageId: expect.stringMatching(UUID) })
    const gsId = res.body.messageId
    await sb.idle()
    const wamid = sb.accepted().at(-1)!.wamid
    expect(sb.accepted().at(-1)).toMatchObject({ provider: 'gupshup', phoneNumberId: '15550001236', type: 'text', content: { body: 'Hi Lena' } })
    const statusEvents = eventsOf(gupshup, gsId)
    expect(statusEvents.map((e) => e.type)).toEqual(['enqueued', 'sent', 'delivered', 'read'])
    expect(statusEvents[0]).toEqual({ id: gsId, type: 'enqueued', destination: '4915112340201', payload: { whatsappMessageId: wamid, type: 'session' } })
    for (const e of statusEvents.slice(1)) expect(e).toEqual({ id: wamid, gsId, type: e.type, destination: '4915112340201', payload: { ts: expect.any(Number) } })
    expect(meta.posts).toEqual([])
  })

  it('reports failures with Gupshup’s id: not on WhatsApp as 1002, outside the window as Meta’s 131047', async () => {
    const absent = (await sendMessage(sb, '4915112340000', { type: 'text', text: 'hello?' })).body.messageId
    const late = (await sendMessage(sb, '4915112340202', { type: 'text', text: 'hello?' })).body.messageId
    await sb.idle()
    expect(eventsOf(gupshup, absent).at(-1)).toEqual({ id: absent, type: 'failed', destination: '4915112340000', payload: { code: 1002, reason: expect.any(String) } })
    expect(eventsOf(gupshup, late).at(-1)).toMatchObject({ id: late, type: 'failed', payload: { code: 131047 } })
    expect(eventsOf(gupshup, late).map((e) => e.type)).toEqual(['enqueued', 'failed'])
  })

  it('refuses a missing or wrong apikey, and Gupshup’s own request errors, as {status:"error"} 4xx', async () => {
    const text = { type: 'text', text: 'x' }
    const wrongKey = await sendMessage(sb, '4915112340203', text, { headers: { apikey: 'nope' } })
    expect(wrongKey.status).toBe(401)
    expect(wrongKey.body).toEqual({ status: 'error', message: 'Authentication Failed' })
    expect((await sendMessage(sb, '4915112340203', text, { headers: {} })).status).toBe(401)
    expect((await sendMessage(sb, '4915112340203', text, { headers: { authorization: 'Bearer sandbox-access-token' } })).status).toBe(401)
    const refusals = [
      await sendMessage(sb, '4915112340203', text, { form: { 'src.name': 'OtherApp' } }),
      await sendMessage(sb, '4915112340203', text, { form: { source: '+15550001236' } }),
      await sendMessage(sb, '+4915112340203', text),
      await sendMessage(sb, '4915112340203', text, { form: { channel: 'sms' } }),
      await sendMessage(sb, '4915112340203', '{"type":"text"'),
      await sendMessage(sb, '4915112340203', { type: 'text', text: '' }),
      await sendMessage(sb, '4915112340203', { type: 'carousel' }),
    ]
    for (const r of refusals) {
      expect(r.status).toBe(400)
      expect(r.body).toEqual({ status: 'error', message: expect.any(String) })
    }
    expect(sb.accepted()).toEqual([])
    expect(sb.stats().rejected).toMatchObject({ 'gupshup:401': 3, 'gupshup:400': 7 })
  })

  it('takes the legacy /sm/api/v1/msg path and media messages with Gupshup’s fields', async () => {
    const user = '4915112340204'
    await sb.userSends(`+${user}`, { text: 'send the form please' }, NUMBER)
    expect((await sendMessage(sb, user, { type: 'text', text: 'legacy' }, { path: '/sm/api/v1/msg' })).status).toBe(202)
    expect((await sendMessage(sb, user, { type: 'image', originalUrl: 'https://cdn.example/a.jpg', previewUrl: 'https://cdn.example/a-small.jpg', caption: 'A' })).status).toBe(202)
    expect((await sendMessage(sb, user, { type: 'file', url: 'https://cdn.example/form.pdf', filename: 'form.pdf' })).status).toBe(202)
    expect(sb.accepted().map((m) => [m.type, m.content])).toEqual([
      ['text', { body: 'legacy' }],
      ['image', { link: 'https://cdn.example/a.jpg', caption: 'A' }],
      ['document', { link: 'https://cdn.example/form.pdf', filename: 'form.pdf' }],
    ])
    await sb.userSends(`+${user}`, { media: { type: 'document', filename: 'signed.pdf', caption: 'done' } }, NUMBER)
    await sb.idle()
    expect(events(gupshup, 'message').find((e) => e.type === 'file')).toMatchObject({ type: 'file', payload: { url: expect.stringMatching(/^https:/), contentType: 'application/pdf', caption: 'done', name: 'signed.pdf' } })
  })

  it('writes replies to quick-reply and list messages as button_reply / list_reply with msgid, reply and postbackText, in context', async () => {
    const user = '4915112340205'
    await sb.userSends(`+${user}`, { text: 'hi' }, NUMBER)
    const qr = await sendMessage(sb, user, {
      type: 'quick_reply', msgid: 'qr1',
      content: { type: 'text', header: 'Trip', text: 'Is Ana coming on Friday?', caption: 'Reply by Thursday' },
      options: [{ type: 'text', title: 'Yes', postbackText: 'TRIP_YES' }, { type: 'text', title: 'No' }],
    })
    expect(qr.status).toBe(202)
    const qrWamid = sb.accepted().at(-1)!.wamid
    expect(sb.accepted().at(-1)!.content).toMatchObject({
      type: 'button', header: { type: 'text', text: 'Trip' }, footer: { text: 'Reply by Thursday' },
      action: { buttons: [{ type: 'reply', reply: { id: 'TRIP_YES', title: 'Yes' } }, { type: 'reply', reply: { id: 'No', title: 'No' } }] },
    })
    await sb.userSends(`+${user}`, { interactive: { type: 'button_reply', id: 'TRIP_YES', title: 'Yes' } }, NUMBER)

    const list = await sendMessage(sb, user, {
      type: 'list', title: 'Slots', body: 'Pick a time', msgid: 'list1',
      globalButtons: [{ type: 'text', title: 'Times' }],
      items: [{ title: 'Morning', options: [{ type: 'text', title: '09:00', description: 'first', postbackText: 'T09' }, { type: 'text', title: '10:00' }] }],
    })
    expect(list.status).toBe(202)
    await sb.userSends(`+${user}`, { interactive: { type: 'list_reply', id: '10:00', title: '10:00', description: 'second' } }, NUMBER)
    await sb.idle()
    const button = events(gupshup, 'message').find((e) => e.type === 'button_reply')
    const row = events(gupshup, 'message').find((e) => e.type === 'list_reply')
    expect(button).toMatchObject({
      type: 'button_reply',
      payload: { title: 'Yes', id: 'qr1', reply: 'Yes 1', postbackText: 'TRIP_YES' },
      context: { id: qrWamid, gsId: qr.body.messageId },
    })
    expect(row).toMatchObject({ type: 'list_reply', payload: { title: '10:00', id: 'list1', reply: '10:00 2', description: 'second' }, context: { gsId: list.body.messageId } })
    expect(row.payload.postbackText).toBeUndefined()
  })

  it('lists the shared store with Gupshup ids and fields, seeds included, and sends a template by its id with params', async () => {
    const templates = await templatesList(sb)
    const hello = templates.find((t) => t.elementName === 'hello_world')
    expect(hello).toMatchObject({
      id: expect.stringMatching(UUID), appId: APP_ID, languageCode: 'en_US', category: 'UTILITY', templateType: 'TEXT', status: 'APPROVED',
      data: expect.any(String), createdOn: expect.any(Number), modifiedOn: expect.any(Number), externalId: expect.stringMatching(/^\d+$/),
    })
    const order = templates.find((t) => t.elementName === 'order_update')
    expect(JSON.parse(order.meta).example).toBe('Hi Ana, your order #1234 is on its way. Thank you for shopping with us.')
    // Ids stay the same from one listing to the next.
    expect(await templateId(sb, 'order_update')).toBe(order.id)

    const user = '4915112340206'
    const res = await sendTemplate(sb, user, { id: order.id, params: ['Ana', '#1234'] })
    expect(res.status).toBe(202)
    expect(sb.accepted().at(-1)).toMatchObject({
      type: 'template',
      template: { name: 'order_update', language: 'en_US', category: 'utility' },
      content: { components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '#1234' }] }] },
    })
    const named = await sendTemplate(sb, user, { id: await templateId(sb, 'welcome_named'), params: ['Ana'] })
    expect(named.status).toBe(202)
    expect(sb.accepted().at(-1)!.content).toMatchObject({ components: [{ parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Ana' }] }] })

    // Wrong parameters: Gupshup takes it, the platform refuses it (Meta's 132000 passes through).
    const wrong = await sendTemplate(sb, user, { id: order.id, params: ['Ana'] })
    expect(wrong.body.status).toBe('submitted')
    await sb.idle()
    expect(eventsOf(gupshup, wrong.body.messageId)).toEqual([{ id: wrong.body.messageId, type: 'failed', destination: user, payload: { code: 132000, reason: expect.any(String) } }])
    expect(eventsOf(gupshup, res.body.messageId)[0]).toMatchObject({ type: 'enqueued', payload: { type: 'template' } })

    // A media header comes as `message`.
    const flight = templates.find((t) => t.elementName === 'sample_flight_confirmation')
    expect(flight.templateType).toBe('DOCUMENT')
    const withHeader = await sendTemplate(sb, user, { id: flight.id, params: ['BER', 'IST', 'Friday'] }, { type: 'document', document: { link: 'https://cdn.example/ticket.pdf', filename: 'ticket.pdf' } })
    expect(withHeader.status).toBe(202)
    expect(sb.accepted().at(-1)!.content).toMatchObject({
      components: [{ type: 'header', parameters: [{ type: 'document', document: { link: 'https://cdn.example/ticket.pdf', filename: 'ticket.pdf' } }] }, { type: 'body' }],
    })

    const unknown = await sendTemplate(sb, user, { id: '00000000-0000-4000-8000-00000000dead', params: [] })
    expect(unknown.status).toBe(400)
    expect(unknown.body.status).toBe('error')
  })

  it('creates a template through the partner API (form fields), reviews it in the shared store and announces it as template-event', async () => {
    const form = {
      elementName: 'school_closure', languageCode: 'en', category: 'UTILITY', templateType: 'TEXT', vertical: 'school',
      content: 'Dear {{1}}, the school is closed on {{2}} because of the storm.', example: 'Dear Ana, the school is closed on Friday because of the storm.',
      header: 'School notice', footer: 'Greenfield School', buttons: JSON.stringify([{ type: 'QUICK_REPLY', text: 'Understood' }]), enableSample: 'true',
    }
    const created = await call(sb, 'POST', `/gupshup/partner/app/${APP_ID}/templates`, { headers: { authorization: 'sandbox-gupshup-key' }, form })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({ status: 'success', template: { id: expect.stringMatching(UUID), elementName: 'school_closure', languageCode: 'en', status: 'PENDING', category: 'UTILITY' } })
    const stored = sb.templates().find((t) => t.name === 'school_closure')!
    expect(stored.components).toEqual([
      { type: 'HEADER', format: 'TEXT', text: 'School notice' },
      { type: 'BODY', text: form.content, example: { body_text: [['Ana', 'Friday']] } },
      { type: 'FOOTER', text: 'Greenfield School' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Understood' }] },
    ])
    await until(() => events(gupshup, 'template-event').length > 0, 'the template-event')
    expect(events(gupshup, 'template-event')).toEqual([{ id: created.body.template.id, type: 'status-update', status: 'APPROVED' }])
    expect((await templatesList(sb)).find((t) => t.id === created.body.template.id)).toMatchObject({ status: 'APPROVED', buttonSupported: 'QR' })

    const duplicate = await call(sb, 'POST', `/gupshup/partner/app/${APP_ID}/templates`, { headers: KEY, form })
    expect(duplicate.status).toBe(400)
    expect(duplicate.body).toEqual({ status: 'error', message: expect.stringMatching(/already/) })
    const noSample = await call(sb, 'POST', `/gupshup/partner/app/${APP_ID}/templates`, { headers: KEY, form: { ...form, elementName: 'no_sample', example: 'Something else' } })
    expect(noSample.status).toBe(400)
    expect((await call(sb, 'POST', '/gupshup/partner/app/00000000-0000-4000-8000-000000000099/templates', { headers: KEY, form })).status).toBe(404)
  })

  it('lists REJECTED templates with their reason', async () => {
    sb.setTemplateReview({ rejectLanguages: [{ language: 'tr', reason: 'INVALID_FORMAT' }], delayMs: 0 })
    try {
      const form = { elementName: 'okul_duyuru', languageCode: 'tr', category: 'UTILITY', templateType: 'TEXT', content: 'Okul yarın kapalı.' }
      const created = await call(sb, 'POST', `/gupshup/partner/app/${APP_ID}/templates`, { headers: KEY, form })
      expect((await templatesList(sb)).find((t) => t.id === created.body.template.id)).toMatchObject({ status: 'REJECTED', reason: 'INVALID_FORMAT' })
    } finally {
      sb.setTemplateReview({ rejectLanguages: [], delayMs: 20 })
    }
  })

  it('opts users in and out with user-events, and lists them', async () => {
    const optIn = await call(sb, 'POST', `/gupshup/sm/api/v1/app/opt/in/${APP}`, { headers: KEY, form: { user: '4915112340207' } })
    expect(optIn.status).toBe(202)
    await call(sb, 'POST', `/gupshup/sm/api/v1/app/opt/in/${APP}`, { headers: KEY, form: { user: '4915112340208' } })
    await call(sb, 'POST', `/gupshup/sm/api/v1/app/opt/out/${APP}`, { headers: KEY, form: { user: '4915112340208' } })
    await sb.idle()
    // Posted in order, but three callbacks a millisecond apart may arrive in any order.
    expect(events(gupshup, 'user-event')).toHaveLength(3)
    expect(events(gupshup, 'user-event')).toEqual(
      expect.arrayContaining([
        { phone: '4915112340207', type: 'opted-in' },
        { phone: '4915112340208', type: 'opted-in' },
        { phone: '4915112340208', type: 'opted-out' },
      ]),
    )
    const users = await call(sb, 'GET', `/gupshup/sm/api/v1/users/${APP}`, { headers: KEY })
    expect(users.body).toEqual({
      status: 'success',
      users: [
        { countryCode: '49', phoneCode: '15112340207', optinStatus: 'OPT_IN', optinSource: 'API', optinTimeStamp: expect.any(Number) },
        { countryCode: '49', phoneCode: '15112340208', optinStatus: 'OPT_OUT', optinSource: 'API', optinTimeStamp: expect.any(Number) },
      ],
    })
    expect((await call(sb, 'POST', `/gupshup/sm/api/v1/app/opt/in/${APP}`, { headers: KEY, form: { user: '+4915112340207' } })).status).toBe(400)
    expect((await call(sb, 'GET', '/gupshup/sm/api/v1/users/OtherApp', { headers: KEY })).status).toBe(404)
  })

  it('applies the send-path faults: 5xx {status:"error"} with nothing sent, and the lost answer whose events still follow', async () => {
    sb.setFaults({ serverErrorRate: 1 })
    const failed = await sendMessage(sb, '4915112340209', { type: 'text', text: 'x' })
    expect(failed.status).toBeGreaterThanOrEqual(500)
    expect(failed.body.status).toBe('error')
    expect(sb.accepted()).toEqual([])

    sb.setFaults({ serverErrorRate: 0, dropAfterRate: 1 })
    const id = await templateId(sb, 'hello_world')
    await expect(sendTemplate(sb, '4915112340209', { id, params: [] })).rejects.toThrow()
    const [accepted] = sb.accepted()
    await sb.idle()
    const all = eventsOf(gupshup, accepted!.wamid)
    expect(all.map((e) => e.type)).toEqual(['enqueued', 'sent', 'delivered', 'read'])
    expect(all[0].payload.whatsappMessageId).toBe(accepted!.wamid)
    expect(sb.stats().faults).toMatchObject({ serverErrors: 1, droppedAfter: 1 })
  })
})

describe('sandbox Gupshup flavour with gupshupRequireOptIn', () => {
  let sb: Sandbox | undefined
  let gupshup: Receiver | undefined
  afterEach(async () => {
    await sb?.close()
    await gupshup?.close()
  })

  it('fails template sends to users not opted in (1006) or opted out (1012); session messages and opted-in users go through', async () => {
    gupshup = await startReceiver()
    sb = await startFast(null, { gupshupRequireOptIn: true, callbackUrls: { gupshup: gupshup.url } })
    const id = await templateId(sb, 'hello_world')
    const stranger = (await sendTemplate(sb, '4915112340301', { id, params: [] })).body.messageId
    await call(sb, 'POST', `/gupshup/sm/api/v1/app/opt/in/${APP}`, { headers: KEY, form: { user: '4915112340302' } })
    const optedIn = (await sendTemplate(sb, '4915112340302', { id, params: [] })).body.messageId
    await call(sb, 'POST', `/gupshup/sm/api/v1/app/opt/out/${APP}`, { headers: KEY, form: { user: '4915112340302' } })
    const optedOut = (await sendTemplate(sb, '4915112340302', { id, params: [] })).body.messageId
    await sb.userSends('+4915112340301', { text: 'hi' }, NUMBER)
    const session = (await sendMessage(sb, '4915112340301', { type: 'text', text: 'hello' })).body.messageId
    await sb.idle()
    expect(eventsOf(gupshup, stranger)).toEqual([{ id: stranger, type: 'failed', destination: '4915112340301', payload: { code: 1006, reason: expect.any(String) } }])
    expect(eventsOf(gupshup, optedOut)).toEqual([expect.objectContaining({ type: 'failed', payload: expect.objectContaining({ code: 1012 }) })])
    expect(eventsOf(gupshup, optedIn).map((e) => e.type)).toEqual(['enqueued', 'sent', 'delivered', 'read'])
    expect(eventsOf(gupshup, session).map((e) => e.type)).toEqual(['enqueued', 'sent', 'delivered', 'read'])
    expect(sb.accepted()).toHaveLength(2)
    expect(sb.stats().failed).toMatchObject({ 'gupshup:1006': 1, 'gupshup:1012': 1 })
  })
})
