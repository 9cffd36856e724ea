import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { contentApi, startCallbackReceiver, twilioAuth, twilioSend, type Callback, type CallbackReceiver } from './callback-receiver.js'
import { TEST_TEMPLATES, until } from './support.js'

/**
 * The Twilio Content API over the shared template store (docs/platform.md §7.2): the store's
 * templates shown as Content with their approval, drafts created, submitted, reviewed, and sends by
 * ContentSid with ContentVariables.
 */

const FROM = 'whatsapp:+15550001237'
const ACCOUNT = 'AC00000000000000000000000000000001'

describe('sandbox twilio flavour: Content API and templates', () => {
  let receiver: CallbackReceiver
  let sb: Sandbox

  beforeAll(async () => {
    receiver = await startCallbackReceiver()
    sb = await startSandbox(
      sandboxOptions({
        callbackUrls: { twilio: `${receiver.origin}/webhooks/twilio/main` },
        // Template reviews also post Meta's account webhooks; somewhere to go lets idle() settle.
        webhookUrl: `${receiver.origin}/webhooks/meta`,
        // Wide gaps keep the arrival order of one message's callbacks stable on a busy machine.
        statusDelaysMs: { sent: 5, delivered: 40, read: 80 },
        webhookRetry: { maxAttempts: 5, initialDelayMs: 10, maxDelayMs: 40 },
        templates: TEST_TEMPLATES,
        templateReview: { delayMs: 30 },
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
    receiver.posts.length = 0
  })

  const statusesFor = (sid: string): Callback[] => receiver.posts.filter((p) => p.form?.get('MessageSid') === sid && p.form.has('MessageStatus'))
  const allContents = async (): Promise<any[]> => (await contentApi(sb.url, 'GET', '/v1/ContentAndApprovals?PageSize=1000')).body.contents
  const byName = async (name: string): Promise<any> => (await allContents()).find((c) => c.friendly_name === name)

  it('refuses the Content API without the account credentials', async () => {
    const res = await contentApi(sb.url, 'GET', '/v1/Content', undefined, twilioAuth(ACCOUNT, 'nope'))
    expect(res).toMatchObject({ status: 401, body: { code: 20003, message: 'Authenticate', status: 401 } })
  })

  it('shows the seeded templates as approved Content with their samples as variables', async () => {
    const order = await byName('order_update')
    expect(order).toMatchObject({
      account_sid: ACCOUNT,
      language: 'en_US',
      variables: { '1': 'Ana', '2': '#1234' },
      types: { 'twilio/text': { body: 'Hi {{1}}, your order {{2}} is on its way. Thank you for shopping with us.' } },
      approval_requests: { name: 'order_update', category: 'UTILITY', content_type: 'twilio/text', status: 'approved', rejection_reason: '' },
    })
    expect(order.sid).toMatch(/^HX[0-9a-f]{32}$/)
    expect(order.date_created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    const reschedule = await byName('delivery_reschedule')
    expect(reschedule.types['twilio/quick-reply'].actions.map((a: { title: string }) => a.title)).toEqual(['Keep the time', 'Reschedule', 'Stop updates'])
    expect(reschedule.approval_requests.content_type).toBe('twilio/quick-reply')

    const one = await contentApi(sb.url, 'GET', `/v1/Content/${order.sid}`)
    expect(one.status).toBe(200)
    expect(one.body).toMatchObject({ sid: order.sid, friendly_name: 'order_update', url: `${sb.url}/twilio-content/v1/Content/${order.sid}` })
    expect(one.body.links).toEqual({ approval_create: `${one.body.url}/ApprovalRequests/whatsapp`, approval_fetch: `${one.body.url}/ApprovalRequests` })
    const approval = await contentApi(sb.url, 'GET', `/v1/Content/${order.sid}/ApprovalRequests`)
    expect(approval.body).toEqual({
      sid: order.sid, account_sid: ACCOUNT, url: `${one.body.url}/ApprovalRequests`,
      whatsapp: { type: 'whatsapp', name: 'order_update', category: 'UTILITY', content_type: 'twilio/text', status: 'approved', rejection_reason: '', allow_category_change: false, flows: null },
    })
    // The SID is derived from the template's name and language, so it is the same after a reset (and a restart).
    sb.reset()
    expect((await byName('order_update')).sid).toBe(order.sid)
    expect((await contentApi(sb.url, 'GET', `/v1/Content/HX${'0'.repeat(32)}`)).body).toMatchObject({ code: 20404, status: 404 })
  })

  it('pages the lists with PageSize and Page, with page URLs back into the sandbox', async () => {
    const first = await contentApi(sb.url, 'GET', '/v1/Content?PageSize=2')
    expect(first.body.contents).toHaveLength(2)
    expect(first.body.meta).toMatchObject({ page: 0, page_size: 2, key: 'contents', previous_page_url: null })
    const next = await fetch(first.body.meta.next_page_url, { headers: { authorization: twilioAuth() } })
    const second = (await next.json()) as { contents: Array<{ sid: string }>; meta: { page: number } }
    expect(second.meta.page).toBe(1)
    expect(second.contents.map((c) => c.sid)).not.toContain(first.body.contents[0].sid)
    const all = await allContents()
    expect(all.length).toBe(sb.templates().length)
  })

  it('sends a template by ContentSid with ContentVariables outside the window, and falls back to the sample values', async () => {
    const order = await byName('order_update')
    const user = '+4915112350001'
    const res = await twilioSend(sb.url, { From: FROM, To: `whatsapp:${user}`, ContentSid: order.sid, ContentVariables: JSON.stringify({ 1: 'Mehmet', 2: '#777' }) })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ status: 'queued', body: 'Hi Mehmet, your order #777 is on its way. Thank you for shopping with us.' })
    const sent = sb.accepted().at(-1)!
    expect(sent.template).toEqual({ name: 'order_update', language: 'en_US', category: 'utility' })
    expect(sent.content).toMatchObject({ components: [{ type: 'body', parameters: [{ type: 'text', text: 'Mehmet' }, { type: 'text', text: '#777' }] }] })
    const fallback = await twilioSend(sb.url, { From: FROM, To: `whatsapp:${user}`, ContentSid: order.sid })
    expect(fallback.body.body).toBe('Hi Ana, your order #1234 is on its way. Thank you for shopping with us.')
    await sb.idle()
    for (const sid of [res.body.sid, fallback.body.sid]) expect(statusesFor(sid).map((s) => s.form!.get('MessageStatus'))).toEqual(['sent', 'delivered', 'read'])
  })

  it('sends a NAMED template with variables keyed by name', async () => {
    const welcome = await byName('welcome_named')
    expect(welcome.variables).toEqual({ first_name: 'Ana' })
    const res = await twilioSend(sb.url, { From: FROM, To: 'whatsapp:+4915112350002', ContentSid: welcome.sid, ContentVariables: '{"first_name":"Lena"}' })
    expect(res.body.body).toMatch(/^Hello Lena, your account is ready/)
    await sb.idle()
    expect(statusesFor(res.body.sid).map((s) => s.form!.get('MessageStatus'))).toEqual(['sent', 'delivered', 'read'])
  })

  it('creates Content, submits it for WhatsApp approval, and sends it once approved', async () => {
    const created = await contentApi(sb.url, 'POST', '/v1/Content', {
      friendly_name: 'Pickup ready', language: 'en', variables: { 1: 'Ana' },
      types: { 'twilio/text': { body: 'Hi {{1}}, your parcel is ready for pickup at the front desk.' } },
    })
    expect(created.status).toBe(201)
    const sid = created.body.sid
    expect(sid).toMatch(/^HX[0-9a-f]{32}$/)
    expect(created.body).toMatchObject({ friendly_name: 'Pickup ready', language: 'en', variables: { 1: 'Ana' }, account_sid: ACCOUNT })
    expect((await contentApi(sb.url, 'GET', `/v1/Content/${sid}/ApprovalRequests`)).body.whatsapp.status).toBe('unsubmitted')
    expect((await byName('Pickup ready')).approval_requests).toMatchObject({ status: 'unsubmitted', name: '' })

    const submitted = await contentApi(sb.url, 'POST', `/v1/Content/${sid}/ApprovalRequests/whatsapp`, { name: 'pickup_ready', category: 'UTILITY' })
    expect(submitted.status).toBe(201)
    expect(submitted.body).toEqual({ name: 'pickup_ready', category: 'UTILITY', content_type: 'twilio/text', status: 'received', rejection_reason: '', allow_category_change: false })
    expect((await contentApi(sb.url, 'GET', `/v1/Content/${sid}/ApprovalRequests`)).body.whatsapp.status).toBe('pending')
    expect(sb.templates().find((t) => t.name === 'pickup_ready')).toMatchObject({ language: 'en', status: 'PENDING', category: 'UTILITY' })

    await sb.idle()
    const approved = await contentApi(sb.url, 'GET', `/v1/Content/${sid}/ApprovalRequests`)
    expect(approved.body.whatsapp).toMatchObject({ status: 'approved', name: 'pickup_ready', category: 'UTILITY' })
    // The same Content SID all along, listed once.
    expect((await allContents()).filter((c) => c.sid === sid || c.friendly_name === 'pickup_ready').map((c) => c.sid)).toEqual([sid])

    const res = await twilioSend(sb.url, { From: FROM, To: 'whatsapp:+4915112350003', ContentSid: sid, ContentVariables: '{"1":"Lena"}' })
    expect(res.body.body).toBe('Hi Lena, your parcel is ready for pickup at the front desk.')
    expect(sb.accepted().at(-1)!.template?.name).toBe('pickup_ready')
    await sb.idle()
    expect(statusesFor(res.body.sid).map((s) => s.form!.get('MessageStatus'))).toEqual(['sent', 'delivered', 'read'])
    expect((await contentApi(sb.url, 'POST', `/v1/Content/${sid}/ApprovalRequests/whatsapp`, { name: 'pickup_ready', category: 'UTILITY' })).body).toMatchObject({ code: 20422 })
  })

  it('rejects abusive Content in review and malformed Content at once, with the reason', async () => {
    const abusive = await contentApi(sb.url, 'POST', '/v1/Content', {
      language: 'en', types: { 'twilio/text': { body: 'Your account is locked. Reply with your card number and PIN to unlock it today.' } },
    })
    await contentApi(sb.url, 'POST', `/v1/Content/${abusive.body.sid}/ApprovalRequests/whatsapp`, { name: 'unlock_account', category: 'UTILITY' })
    await sb.idle()
    expect((await contentApi(sb.url, 'GET', `/v1/Content/${abusive.body.sid}/ApprovalRequests`)).body.whatsapp).toMatchObject({ status: 'rejected', rejection_reason: 'ABUSIVE_CONTENT' })

    const malformed = await contentApi(sb.url, 'POST', '/v1/Content', { language: 'en', variables: { 1: 'Ana' }, types: { 'twilio/text': { body: '{{1}} your parcel is ready' } } })
    const answer = await contentApi(sb.url, 'POST', `/v1/Content/${malformed.body.sid}/ApprovalRequests/whatsapp`, { name: 'parcel_ready', category: 'UTILITY' })
    expect(answer.status).toBe(201)
    expect(answer.body.status).toBe('rejected')
    expect(answer.body.rejection_reason).toMatch(/^INVALID_FORMAT\. /)
    expect((await contentApi(sb.url, 'GET', `/v1/Content/${malformed.body.sid}/ApprovalRequests`)).body.whatsapp).toMatchObject({ status: 'rejected', name: 'parcel_ready' })
    expect(sb.templates().some((t) => t.name === 'parcel_ready')).toBe(false)
  })

  it('submits quick-reply and media Content as templates with buttons and a media header', async () => {
    const quick = await contentApi(sb.url, 'POST', '/v1/Content', {
      friendly_name: 'confirm_slot', language: 'en', variables: { 1: 'Friday' },
      types: { 'twilio/quick-reply': { body: 'Can we deliver on {{1}} between 9 and 12?', actions: [{ title: 'Yes', id: 'yes' }, { title: 'No', id: 'no' }] } },
    })
    await contentApi(sb.url, 'POST', `/v1/Content/${quick.body.sid}/ApprovalRequests/whatsapp`, { name: 'confirm_slot', category: 'UTILITY' })
    const media = await contentApi(sb.url, 'POST', '/v1/Content', {
      friendly_name: 'invoice', language: 'en', variables: { 1: 'March' },
      types: { 'twilio/media': { body: 'Your invoice for {{1}} is attached. Thank you for your order.', media: ['https://cdn.example/invoice.pdf'] } },
    })
    await contentApi(sb.url, 'POST', `/v1/Content/${media.body.sid}/ApprovalRequests/whatsapp`, { name: 'invoice_doc', category: 'UTILITY' })
    await sb.idle()
    const templates = sb.templates()
    expect(templates.find((t) => t.name === 'confirm_slot')).toMatchObject({
      status: 'APPROVED',
      components: [{ type: 'BODY' }, { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Yes' }, { type: 'QUICK_REPLY', text: 'No' }] }],
    })
    expect(templates.find((t) => t.name === 'invoice_doc')).toMatchObject({ status: 'APPROVED', components: [{ type: 'HEADER', format: 'DOCUMENT' }, { type: 'BODY' }] })
    await twilioSend(sb.url, { From: FROM, To: 'whatsapp:+4915112350004', ContentSid: media.body.sid, ContentVariables: '{"1":"April"}' })
    expect(sb.accepted().at(-1)!.content).toMatchObject({
      name: 'invoice_doc',
      components: [{ type: 'header', parameters: [{ type: 'document', document: { link: 'https://cdn.example/invoice.pdf' } }] }, { type: 'body', parameters: [{ text: 'April' }] }],
    })
  })

  it('sends a Content never submitted as a session message: delivered inside the window, 63016 outside', async () => {
    const draft = await contentApi(sb.url, 'POST', '/v1/Content', { language: 'en', variables: { 1: 'Ana' }, types: { 'twilio/text': { body: 'Thanks {{1}}, we got your message.' } } })
    const inside = '+4915112350005'
    await sb.userSends(inside, { text: 'hi' }, '+15550001237')
    const a = await twilioSend(sb.url, { From: FROM, To: `whatsapp:${inside}`, ContentSid: draft.body.sid, ContentVariables: '{"1":"Jo"}' })
    expect(sb.accepted().at(-1)).toMatchObject({ type: 'text', content: { body: 'Thanks Jo, we got your message.' } })
    const b = await twilioSend(sb.url, { From: FROM, To: 'whatsapp:+4915112350006', ContentSid: draft.body.sid })
    await sb.idle()
    expect(statusesFor(a.body.sid).map((s) => s.form!.get('MessageStatus'))).toEqual(['sent', 'delivered', 'read'])
    expect(statusesFor(b.body.sid).map((s) => [s.form!.get('MessageStatus'), s.form!.get('ErrorCode')])).toEqual([['failed', '63016']])
  })

  it('fails a send of a template that is not approved (pending, paused) with 63027', async () => {
    sb.pauseTemplate({ name: 'order_update', language: 'en_US' })
    const order = await byName('order_update')
    expect(order.approval_requests.status).toBe('paused')
    const res = await twilioSend(sb.url, { From: FROM, To: 'whatsapp:+4915112350007', ContentSid: order.sid })
    await until(() => statusesFor(res.body.sid).length === 1, 'the failed callback')
    expect(statusesFor(res.body.sid)[0]!.form!.get('ErrorCode')).toBe('63027')
  })

  it('deletes Content, and refuses malformed create and approval bodies with 20422', async () => {
    const draft = await contentApi(sb.url, 'POST', '/v1/Content', { language: 'en', types: { 'twilio/text': { body: 'Bye.' } } })
    expect((await contentApi(sb.url, 'DELETE', `/v1/Content/${draft.body.sid}`)).status).toBe(204)
    expect((await contentApi(sb.url, 'GET', `/v1/Content/${draft.body.sid}`)).status).toBe(404)
    expect((await contentApi(sb.url, 'POST', '/v1/Content', { types: { 'twilio/text': { body: 'x' } } })).body).toMatchObject({ code: 20422, status: 400 })
    expect((await contentApi(sb.url, 'POST', '/v1/Content', { language: 'en' })).body).toMatchObject({ code: 20422 })
    const other = await contentApi(sb.url, 'POST', '/v1/Content', { language: 'en', types: { 'twilio/text': { body: 'Hello there, this is a reminder.' } } })
    expect((await contentApi(sb.url, 'POST', `/v1/Content/${other.body.sid}/ApprovalRequests/whatsapp`, { category: 'UTILITY' })).body).toMatchObject({ code: 20422 })
    const order = await byName('order_update')
    expect((await contentApi(sb.url, 'POST', `/v1/Content/${order.sid}/ApprovalRequests/whatsapp`, { name: 'order_update', category: 'UTILITY' })).body).toMatchObject({ code: 20422 })
  })
})
