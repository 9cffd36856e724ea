import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { sandboxOptions, type Sandbox } from '../../src/sandbox/index.js'
import { call } from './bsp-support.js'
import { startFast, startReceiver, type Receiver } from './support.js'

/** The flavour mechanism itself: callback URLs, the business number a user writes to, statuses kept across a restart. */
describe('sandbox flavours: the shared mechanism', () => {
  let dir: string
  let meta: Receiver
  let gupshup: Receiver
  let dialog: Receiver
  let sb: Sandbox | undefined
  let second: Sandbox | undefined

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-sandbox-flavours-'))
    meta = await startReceiver()
    gupshup = await startReceiver()
    dialog = await startReceiver()
  })
  afterEach(async () => {
    await sb?.close()
    await second?.close()
    sb = second = undefined
    for (const r of [meta, gupshup, dialog]) r.posts.length = 0
  })
  afterAll(async () => {
    for (const r of [meta, gupshup, dialog]) await r.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('routes a user message to the number written to, through the control API too, each to its own callback URL', async () => {
    sb = await startFast(meta, { callbackUrls: { gupshup: gupshup.url, '360dialog': dialog.url } })
    await sb.userSends('+4915112340401', { text: 'to Meta' })
    await sb.userSends('+4915112340401', { text: 'to Meta by id' }, '100000000000002')
    await sb.userSends('+4915112340401', { text: 'to 360dialog' }, '+15550001235')
    const viaControl = await call(sb, 'POST', '/sandbox/users/%2B4915112340401/messages', { json: { text: 'to Gupshup', to: '+15550001236' } })
    expect(viaControl.status).toBe(200)
    await sb.idle()
    expect(meta.posts).toHaveLength(2)
    expect(dialog.posts.map((p) => p.body.entry[0].changes[0].value.messages[0].text.body)).toEqual(['to 360dialog'])
    expect(gupshup.posts.map((p) => p.body.payload)).toEqual([expect.objectContaining({ id: viaControl.body.id, payload: { text: 'to Gupshup' } })])
    await expect(sb.userSends('+4915112340401', { text: 'nowhere' }, '+15559999999')).rejects.toThrow(/no sandbox WhatsApp business number/)
    expect((await call(sb, 'POST', '/sandbox/users/%2B4915112340401/messages', { json: { text: 'x', to: '+15559999999' } })).status).toBe(400)
  })

  it('sets callback URLs per flavour through the control API, `meta` being the webhook URL, and refuses unknown names and bad URLs', async () => {
    sb = await startFast(null)
    expect((await call(sb, 'PUT', '/sandbox/callbacks/gupshup', { json: { url: gupshup.url } })).body).toEqual({ flavour: 'gupshup', url: gupshup.url })
    expect((await call(sb, 'PUT', '/sandbox/callbacks/meta', { json: { url: meta.url } })).status).toBe(200)
    expect(sb.options.webhookUrl).toBe(meta.url)
    expect(sb.options.callbackUrls).toMatchObject({ gupshup: gupshup.url })
    expect(sb.stats().callbacks.gupshup).toMatchObject({ url: gupshup.url, pending: 0 })
    expect((await call(sb, 'PUT', '/sandbox/callbacks/whatsapp-web', { json: { url: meta.url } })).status).toBe(400)
    expect((await call(sb, 'PUT', '/sandbox/callbacks/gupshup', { json: { url: 'no' } })).status).toBe(400)
    expect((await call(sb, 'PUT', '/sandbox/callbacks/gupshup', { json: { url: null } })).body).toEqual({ flavour: 'gupshup', url: null })
    expect(() => sandboxOptions({ callbackUrls: { gupshup: 'ftp://x' } })).toThrow(/callbackUrls\.gupshup/)
    expect(() => sandboxOptions({ callbackUrls: { meta: 'http://x' } as never })).toThrow(/webhookUrl/)
  })

  it('keeps a flavour number’s scheduled status across a restart and posts it to that flavour, not to Meta', async () => {
    const file = join(dir, 'sandbox.json')
    let at = Date.UTC(2025, 5, 2, 9, 0)
    const now = () => at
    const slow = { statusDelaysMs: { sent: 60_000, delivered: 120_000, read: 180_000 }, stateFile: file, now }
    sb = await startFast(meta, { ...slow, callbackUrls: { '360dialog': dialog.url } })
    await sb.userSends('+4915112340402', { text: 'hi' }, '+15550001235')
    const res = await call(sb, 'POST', '/360dialog/messages', {
      headers: { 'd360-api-key': 'sandbox-360dialog-key' },
      json: { messaging_product: 'whatsapp', to: '+4915112340402', type: 'text', text: { body: 'see you' } },
    })
    const wamid = res.body.messages[0].id
    await sb.close()
    sb = undefined
    dialog.posts.length = 0

    at += 200_000
    second = await startFast(meta, { ...slow, callbackUrls: { '360dialog': dialog.url } })
    await second.idle()
    const statuses = dialog.posts.flatMap((p) => p.body.entry[0].changes[0].value.statuses ?? [])
    expect(statuses.filter((s: any) => s.id === wamid).map((s: any) => s.status).sort()).toEqual(['delivered', 'read', 'sent'])
    expect(meta.posts).toEqual([])
    expect(second.user('+4915112340402', '+15550001235').windowClosesAt).not.toBeNull()
  })
})
