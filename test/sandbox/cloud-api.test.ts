import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../src/sandbox/index.js'
import { callMessages, startFast, template, TEST_TEMPLATES, text } from './support.js'

/** An own template with an image header, two body variables, a quick reply and a URL button with a variable. */
const ORDER_PT = {
  name: 'order_update',
  language: 'pt_BR',
  category: 'UTILITY',
  components: [
    { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2U='] } },
    { type: 'BODY', text: 'Olá {{1}}, seu pedido {{2}} foi enviado. Obrigado pela compra.', example: { body_text: [['Ana', '#1234']] } },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'QUICK_REPLY', text: 'Parar avisos' },
        { type: 'URL', text: 'Rastrear', url: 'https://shop.example/t/{{1}}', example: ['https://shop.example/t/1234'] },
      ],
    },
  ],
}

/** The synchronous side of POST /{version}/{phone-number-id}/messages (docs/platform.md §1). */
describe('sandbox Cloud API: requests and answers', () => {
  let sb: Sandbox
  const to = '+4915112345678'

  beforeAll(async () => {
    sb = await startFast(null, { templates: [...TEST_TEMPLATES, ORDER_PT] })
  })
  afterAll(async () => {
    await sb.close()
  })
  beforeEach(() => sb.reset())

  function expectMetaError(res: { status: number; body: { error: Record<string, unknown> } }, status: number, code: number) {
    expect(res.status).toBe(status)
    expect(res.body.error).toMatchObject({ code, type: expect.any(String), fbtrace_id: expect.any(String) })
    // Graph prefixes `(#code)` to most messages, but not to the access-token refusal (docs/platform.md §1.8).
    if (code !== 190) expect(res.body.error.message).toMatch(new RegExp(`^\\(#${code}\\) `))
  }

  it('answers 200 with contacts and a wamid for a text message', async () => {
    const res = await callMessages(sb, text(to))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.body).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: '4915112345678' }],
      messages: [{ id: expect.stringMatching(/^wamid\.[A-Za-z0-9+/]+=*$/) }],
    })
    expect(sb.accepted()).toEqual([
      expect.objectContaining({ wamid: res.body.messages[0].id, phoneNumberId: '100000000000002', to: '4915112345678', waId: '4915112345678', type: 'text' }),
    ])
  })

  it('marks template sends accepted and gives every message its own wamid', async () => {
    const a = await callMessages(sb, template(to))
    const b = await callMessages(sb, template(to))
    expect(a.body.messages[0]).toEqual({ id: expect.stringMatching(/^wamid\./), message_status: 'accepted' })
    expect(a.body.messages[0].id).not.toBe(b.body.messages[0].id)
  })

  it('accepts any vNN.0 version segment and the unversioned path', async () => {
    for (const version of ['v13.0', 'v24.0', 'v99.0']) expect((await callMessages(sb, template(to), { version })).status).toBe(200)
    const res = await fetch(`${sb.url}/100000000000002/messages`, {
      method: 'POST',
      headers: { authorization: 'Bearer sandbox-access-token', 'content-type': 'application/json' },
      body: JSON.stringify(template(to)),
    })
    expect(res.status).toBe(200)
  })

  it('refuses a missing or wrong token with HTTP 401, code 190', async () => {
    const missing = await callMessages(sb, text(to), { token: null })
    expectMetaError(missing, 401, 190)
    expect(missing.body.error.type).toBe('OAuthException')
    // The platform's own text for a token it cannot use, as it sends it: no `(#190)` prefix, no error_data.
    expect(missing.body.error.message).toBe('Invalid OAuth access token - Cannot parse access token')
    expect(missing.body.error).not.toHaveProperty('error_data')
    expect(missing.headers.get('www-authenticate')).toContain('invalid_token')
    expectMetaError(await callMessages(sb, text(to), { token: 'nope' }), 401, 190)
    const bare = await fetch(`${sb.url}/v23.0/100000000000002/messages`, { method: 'POST', headers: { authorization: 'sandbox-access-token' }, body: '{}' })
    expect(bare.status).toBe(401)
    expect(sb.accepted()).toHaveLength(0)
    expect(sb.stats().rejected).toEqual({ 190: 3 })
  })

  it('refuses an unknown phone number id with code 100, subcode 33', async () => {
    const res = await callMessages(sb, text(to), { phoneNumberId: '999' })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException', fbtrace_id: expect.any(String) })
    expect(res.body.error.message).toContain("Object with ID '999' does not exist")
  })

  it('refuses malformed JSON and a missing or wrong messaging_product with code 100', async () => {
    expectMetaError(await callMessages(sb, undefined, { raw: '{"messaging_product": "whatsapp", "to": ' }), 400, 100)
    expectMetaError(await callMessages(sb, undefined, { raw: '' }), 400, 100)
    expectMetaError(await callMessages(sb, undefined, { raw: '[1,2]' }), 400, 100)
    const missing = await callMessages(sb, { to, type: 'text', text: { body: 'x' } })
    expectMetaError(missing, 400, 100)
    expect(missing.body.error.message).toContain('messaging_product')
    expectMetaError(await callMessages(sb, { ...text(to), messaging_product: 'sms' }), 400, 100)
  })

  it('requires a recipient (131008) and a body for the type (100)', async () => {
    const noTo = await callMessages(sb, { messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } })
    expectMetaError(noTo, 400, 131008)
    expect(noTo.body.error.error_data).toEqual({ messaging_product: 'whatsapp', details: expect.stringContaining('to') })
    expectMetaError(await callMessages(sb, { messaging_product: 'whatsapp', to, type: 'text' }), 400, 100)
    expectMetaError(await callMessages(sb, { messaging_product: 'whatsapp', to, type: 'text', text: {} }), 400, 100)
    expectMetaError(await callMessages(sb, { messaging_product: 'whatsapp', to, type: 'hologram', hologram: {} }), 400, 100)
    // `type` defaults to text.
    expect((await callMessages(sb, { messaging_product: 'whatsapp', to, text: { body: 'x' } })).status).toBe(200)
  })

  it('enforces the text body limit of 4,096 characters, counted as characters', async () => {
    expect((await callMessages(sb, text(to, 'a'.repeat(4096)))).status).toBe(200)
    expect((await callMessages(sb, text(to, '🙂'.repeat(4096)))).status).toBe(200)
    const res = await callMessages(sb, text(to, 'a'.repeat(4097)))
    expectMetaError(res, 400, 100)
    expect(res.body.error.message).toContain("text['body']")
  })

  it('limits biz_opaque_callback_data to 512 characters', async () => {
    expect((await callMessages(sb, text(to, 'x', { biz_opaque_callback_data: 'b'.repeat(512) }))).status).toBe(200)
    expectMetaError(await callMessages(sb, text(to, 'x', { biz_opaque_callback_data: 'b'.repeat(513) })), 400, 100)
  })

  it('validates media: exactly one of id or link, captions and filenames where allowed', async () => {
    const media = (type: string, obj: unknown) => callMessages(sb, { messaging_product: 'whatsapp', to, type, [type]: obj })
    expect((await media('image', { link: 'https://cdn.example/a.jpg', caption: 'Receipt' })).status).toBe(200)
    expect((await media('document', { id: '123', filename: 'inv.pdf', caption: 'Invoice' })).status).toBe(200)
    expect((await media('audio', { id: '123' })).status).toBe(200)
    expectMetaError(await media('image', { id: '1', link: 'https://cdn.example/a.jpg' }), 400, 100)
    expectMetaError(await media('image', {}), 400, 100)
    expectMetaError(await media('audio', { id: '1', caption: 'no' }), 400, 100)
    expectMetaError(await media('sticker', { id: '1', caption: 'no' }), 400, 100)
    expectMetaError(await media('image', { id: '1', filename: 'a.jpg' }), 400, 100)
    expectMetaError(await media('video', { link: 'ftp://x/y.mp4' }), 400, 100)
    // §1.4: a caption is at most 1,024 characters, counted as a person counts them.
    expect((await media('image', { link: 'https://cdn.example/a.jpg', caption: '😀'.repeat(1024) })).status).toBe(200)
    expectMetaError(await media('document', { link: 'https://cdn.example/a.pdf', caption: 'x'.repeat(1025) }), 400, 100)
  })

  describe('interactive limits (§1.5)', () => {
    const buttons = (list: Array<{ id: string; title: string }>, extra: Record<string, unknown> = {}) => ({
      messaging_product: 'whatsapp',
      to,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Reschedule?' },
        action: { buttons: list.map((reply) => ({ type: 'reply', reply })) },
        ...extra,
      },
    })
    const list = (sections: unknown[], extra: Record<string, unknown> = {}) => ({
      messaging_product: 'whatsapp',
      to,
      type: 'interactive',
      interactive: { type: 'list', body: { text: 'Pick a slot' }, action: { button: 'Slots', sections }, ...extra },
    })
    const rows = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Row ${i}` }))

    it('accepts well-formed button, list and cta_url messages', async () => {
      expect((await callMessages(sb, buttons([{ id: 'y', title: 'Yes' }, { id: 'n', title: 'No' }], { header: { type: 'text', text: 'Delivery' }, footer: { text: 'Acme' } }))).status).toBe(200)
      expect((await callMessages(sb, list([{ title: 'Tomorrow', rows: rows(5) }, { title: 'Later', rows: rows(5, 's') }]))).status).toBe(200)
      const cta = { messaging_product: 'whatsapp', to, type: 'interactive', interactive: { type: 'cta_url', body: { text: 'Track' }, action: { name: 'cta_url', parameters: { display_text: 'Open', url: 'https://shop.example/t/1' } } } }
      expect((await callMessages(sb, cta)).status).toBe(200)
    })

    it('answers 131009 for limits: button count, title length, duplicate ids, id spaces', async () => {
      const b = (i: number) => ({ id: `b${i}`, title: `B${i}` })
      expectMetaError(await callMessages(sb, buttons([b(1), b(2), b(3), b(4)])), 400, 131009)
      const long = await callMessages(sb, buttons([{ id: 'x', title: 'a'.repeat(21) }]))
      expectMetaError(long, 400, 131009)
      expect(long.body.error.error_data.details).toContain('Max length: 20')
      expect((await callMessages(sb, buttons([{ id: 'x', title: 'a'.repeat(20) }]))).status).toBe(200)
      expectMetaError(await callMessages(sb, buttons([{ id: 'x', title: 'A' }, { id: 'x', title: 'B' }])), 400, 131009)
      expectMetaError(await callMessages(sb, buttons([{ id: ' x', title: 'A' }])), 400, 131009)
      expectMetaError(await callMessages(sb, buttons([{ id: 'x', title: 'A' }], { body: { text: 'a'.repeat(1025) } })), 400, 131009)
      expectMetaError(await callMessages(sb, buttons([{ id: 'x', title: 'A' }], { header: { type: 'text', text: 'h'.repeat(61) } })), 400, 131009)
    })

    it('answers 131009 for list limits: rows, sections, section titles, lengths', async () => {
      expectMetaError(await callMessages(sb, list([{ title: 'A', rows: rows(6) }, { title: 'B', rows: rows(5, 's') }])), 400, 131009)
      expectMetaError(await callMessages(sb, list([{ rows: rows(2) }, { title: 'B', rows: rows(2, 's') }])), 400, 100)
      expect((await callMessages(sb, list([{ rows: rows(2) }]))).status).toBe(200)
      expectMetaError(await callMessages(sb, list([{ title: 'a'.repeat(25), rows: rows(1) }])), 400, 131009)
      expectMetaError(await callMessages(sb, list([{ rows: [{ id: 'r', title: 'a'.repeat(25) }] }])), 400, 131009)
      expectMetaError(await callMessages(sb, list([{ rows: [{ id: 'r', title: 'a', description: 'd'.repeat(73) }] }])), 400, 131009)
      // §1.5: list messages take text headers only.
      expectMetaError(await callMessages(sb, list([{ rows: rows(1) }], { header: { type: 'image', image: { id: '1' } } })), 400, 100)
      expect((await callMessages(sb, list([{ rows: rows(1) }], { body: { text: 'a'.repeat(4096) } }))).status).toBe(200)
    })
  })

  describe('templates (§1.6)', () => {
    const send = (tpl: Record<string, unknown>) => callMessages(sb, { messaging_product: 'whatsapp', to, type: 'template', template: tpl })
    const body = (...values: string[]) => ({ type: 'body', parameters: values.map((v) => ({ type: 'text', text: v })) })

    it('accepts positional and named parameters, headers and buttons with string or number index', async () => {
      const res = await send({
        name: 'order_update',
        language: { code: 'pt_BR', policy: 'deterministic' },
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example/box.jpg' } }] },
          body('Ana', '#1234'),
          { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'STOP' }] },
          { type: 'button', sub_type: 'url', index: 1, parameters: [{ type: 'text', text: '1234' }] },
        ],
      })
      expect(res.status).toBe(200)
      expect((await send({ name: 'welcome_named', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Ana' }] }] })).status).toBe(200)
    })

    it('requires name and language.code', async () => {
      expectMetaError(await send({ language: { code: 'en' } }), 400, 100)
      expectMetaError(await send({ name: 'x' }), 400, 100)
      expectMetaError(await send({ name: 'x', language: {} }), 400, 100)
      expectMetaError(await send({ name: 'x', language: { code: 'en', policy: 'fallback' } }), 400, 100)
    })

    it('refuses parameter values with newline, tab or more than four spaces (132018)', async () => {
      for (const bad of ['a\nb', 'a\tb', 'a     b']) {
        const res = await send({ name: 'sample_shipping_confirmation', language: { code: 'en_US' }, components: [body(bad)] })
        expectMetaError(res, 400, 132018)
      }
      expect((await send({ name: 'sample_shipping_confirmation', language: { code: 'en_US' }, components: [body('a    b')] })).status).toBe(200)
    })

    it('refuses a hydrated body over 1,024 characters (132005) and mixed named/positional params', async () => {
      expectMetaError(await send({ name: 'x', language: { code: 'en' }, components: [body('a'.repeat(600), 'b'.repeat(425))] }), 400, 132005)
      const mixed = { type: 'body', parameters: [{ type: 'text', text: 'a' }, { type: 'text', parameter_name: 'b', text: 'b' }] }
      expectMetaError(await send({ name: 'x', language: { code: 'en' }, components: [mixed] }), 400, 100)
    })

    it('refuses a name that cannot exist with 132001 and bad component shapes with 100', async () => {
      expectMetaError(await send({ name: 'Bad Name', language: { code: 'en' } }), 400, 132001)
      expectMetaError(await send({ name: 'x', language: { code: 'en' }, components: [{ type: 'button', sub_type: 'url', index: 'x' }] }), 400, 100)
      expectMetaError(await send({ name: 'x', language: { code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'image', image: { id: '1' } }] }] }), 400, 100)
    })
  })

  it('answers the read-receipt call with success and accepts a typing indicator', async () => {
    const res = await callMessages(sb, { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.ABC', typing_indicator: { type: 'text' } })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ success: true })
    expectMetaError(await callMessages(sb, { messaging_product: 'whatsapp', status: 'read' }), 400, 100)
    expect(sb.stats()).toMatchObject({ readReceipts: 1, accepted: 0 })
  })

  it('refuses a message to the sending number itself (131021)', async () => {
    expectMetaError(await callMessages(sb, template('+15550001234')), 400, 131021)
  })

  it('answers unknown paths with a Graph error instead of hanging', async () => {
    const res = await fetch(`${sb.url}/v23.0/100000000000002/nothing`, { method: 'POST', headers: { authorization: 'Bearer sandbox-access-token' } })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(100)
    expect((await fetch(`${sb.url}/healthz`)).status).toBe(200)
  })
})
