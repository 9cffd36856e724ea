import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

const OPEN = '+4915112348001'
const CLOSED = '+4915112348002'
const STOPPED = '+4915112348003'
const INBOUND = '+4915112348004'
const enc = encodeURIComponent
const link = 'https://cdn.example.com/report-card.pdf'

describeEachDatabase('media by URL through the Meta adapter and the sandbox', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect)
  })
  afterAll(async () => h?.close())

  const messageOf = async (id: string, status: string) =>
    eventually(async () => {
      const m = await h.api('GET', `/v1/messages/${id}`)
      return m.body.status === status ? m.body : undefined
    }, 10_000, `message ${id} ${status}`)

  it('sends an image, a document and audio inside the window: the platform gets type and link, history shows [kind] caption', async () => {
    await h.sandbox.userSends(OPEN, { text: 'Please send the report card' })
    await eventually(async () => (await h.api('GET', `/v1/contacts/${enc(OPEN)}`)).status === 200)
    const image = await h.api('POST', '/v1/messages', { to: OPEN, media: { type: 'image', url: 'https://cdn.example.com/class.jpg', caption: 'Class photo' } })
    const document = await h.api('POST', '/v1/messages', { to: OPEN, media: { type: 'document', url: link, caption: 'Term 1', filename: 'report-card.pdf' } })
    const audio = await h.api('POST', '/v1/messages', { to: OPEN, media: { type: 'audio', url: 'https://cdn.example.com/hello.ogg' } })
    for (const r of [image, document, audio]) expect(r.status, JSON.stringify(r.body)).toBe(202)

    const sent = await messageOf(image.body.id, 'read')
    expect(sent).toMatchObject({ kind: 'media', text: '[image] Class photo' })
    await messageOf(document.body.id, 'read')
    await messageOf(audio.body.id, 'read')
    const accepted = h.sandbox.accepted().filter((m) => m.to === OPEN.slice(1))
    expect(accepted.map((m) => [m.type, m.content])).toEqual([
      ['image', { link: 'https://cdn.example.com/class.jpg', caption: 'Class photo' }],
      ['document', { link, caption: 'Term 1', filename: 'report-card.pdf' }],
      ['audio', { link: 'https://cdn.example.com/hello.ogg' }],
    ])
    const history = await h.api('GET', `/v1/contacts/${enc(OPEN)}/messages`)
    expect(history.body.data.slice(0, 3).map((m: { text: string }) => m.text)).toEqual(['[audio]', '[document] Term 1', '[image] Class photo'])
  })

  it('refuses at the edge what the platform cannot send, and nothing is stored', async () => {
    const before = h.sandbox.accepted().length
    const refused = async (media: unknown) => {
      const res = await h.api('POST', '/v1/messages', { to: OPEN, media })
      expect(res.status).toBe(400)
      return res.body.error.details.issues.map((i: { path: string }) => i.path)
    }
    expect(await refused({ type: 'image', url: 'http://cdn.example.com/a.jpg' })).toEqual(['body.media.url'])
    expect(await refused({ type: 'image', url: link, caption: 'x'.repeat(1025) })).toEqual(['body.media.caption'])
    expect(await refused({ type: 'audio', url: link, caption: 'hi' })).toEqual(['body.media.caption'])
    expect(await refused({ type: 'video', url: link, filename: 'a.mp4' })).toEqual(['body.media.filename'])
    expect(await refused({ type: 'sticker', url: link })).toEqual(['body.media.type'])
    const both = await h.api('POST', '/v1/messages', { to: OPEN, text: 'hi', media: { type: 'image', url: link } })
    expect(both.body.error.message).toContain('exactly one of')
    expect(h.sandbox.accepted()).toHaveLength(before)
  })

  it('goes the way of free-form text: refused to an opted-out contact, failed with 131047 once the window has closed', async () => {
    await h.sandbox.userSends(STOPPED, { text: 'STOP' })
    await eventually(async () => (await h.api('GET', `/v1/contacts/${enc(STOPPED)}`)).body.opted_out === true)
    const stopped = await h.api('POST', '/v1/messages', { to: STOPPED, media: { type: 'image', url: link } })
    expect(stopped).toMatchObject({ status: 422, body: { error: { code: 'contact_opted_out' } } })

    await h.sandbox.userSends(CLOSED, { text: 'old', timestamp: Math.floor(Date.now() / 1000) - 25 * 3600 })
    const late = await h.api('POST', '/v1/messages', { to: CLOSED, media: { type: 'image', url: link } })
    expect(late.status).toBe(202)
    expect((await messageOf(late.body.id, 'failed')).error).toMatchObject({ code: '131047', retryable: false })
  })

  it("shows a parent's photo, document, voice note and location as placeholders with their caption", async () => {
    await h.sandbox.userSends(INBOUND, { media: { type: 'image', caption: 'Homework page 3' } })
    await h.sandbox.userSends(INBOUND, { media: { type: 'document', filename: 'sick-note.pdf' } })
    await h.sandbox.userSends(INBOUND, { media: { type: 'audio' } })
    await h.sandbox.userSends(INBOUND, { location: { latitude: 52.52, longitude: 13.405, name: 'School gate' } })
    const texts = await eventually(async () => {
      const res = await h.api('GET', `/v1/contacts/${enc(INBOUND)}/messages`)
      return res.status === 200 && res.body.data.length === 4 ? res.body.data.map((m: { text: string }) => m.text) : undefined
    })
    expect(texts).toEqual(['[location] School gate', '[audio]', '[document] sick-note.pdf', '[image] Homework page 3'])
    const list = await h.api('GET', '/v1/conversations')
    expect(list.body.data.find((c: { phone: string }) => c.phone === INBOUND).last_message.preview).toBe('[location] School gate')
  })
})
