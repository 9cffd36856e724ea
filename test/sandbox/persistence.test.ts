import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { SandboxStateError, type DeepPartial, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js'
import { accountChanges, callMessages, createTemplate, startFast, startReceiver, statusesOf, template, text, until, utilityTemplate, type Receiver } from './support.js'

/** The state file: what survives a stop and start, what reset does to it, and an unreadable file. */
describe('sandbox state file', () => {
  let dir: string
  let receiver: Receiver
  const open: Sandbox[] = []
  let n = 0
  const freshFile = () => join(dir, `state-${++n}`, 'sandbox.json')

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-sandbox-state-'))
    receiver = await startReceiver()
  })
  afterEach(async () => {
    for (const sb of open.splice(0)) await sb.close()
    receiver.posts.length = 0
  })
  afterAll(async () => {
    await receiver.close()
    rmSync(dir, { recursive: true, force: true })
  })

  async function start(file: string, overrides: DeepPartial<SandboxOptions> = {}): Promise<Sandbox> {
    const sb = await startFast(receiver, { stateFile: file, ...overrides })
    open.push(sb)
    return sb
  }
  async function stop(sb: Sandbox): Promise<void> {
    open.splice(open.indexOf(sb), 1)
    await sb.close()
  }
  /** A clock that stands still unless moved, shared by the sandboxes of one test. */
  function clock(start = Date.UTC(2025, 5, 2, 9, 0)) {
    let at = start
    return { now: () => at, advance: (ms: number) => void (at += ms) }
  }

  it('keeps an approved template, a user with another wa_id and an open window across a stop and start', async () => {
    const file = freshFile()
    const first = await start(file)
    const created = (await createTemplate(first, utilityTemplate('appointment_confirmed'))).body.id
    // A Brazilian number whose wa_id lacks the 9 (docs/platform.md §1.10).
    first.setUser('+5511987654321', { waId: '551187654321', profileName: 'Ana' })
    await first.userSends('+5511987654321', { text: 'Oi!' })
    const before = (await callMessages(first, template('+5511987654321'))).body.messages[0].id
    await first.idle()
    const window = first.user('+5511987654321').windowClosesAt
    expect(window).toBeGreaterThan(Date.now())
    await stop(first)
    expect(existsSync(file)).toBe(true)

    receiver.posts.length = 0
    const second = await start(file)
    const kept = second.templates().find((t) => t.id === created)!
    expect(kept).toMatchObject({ name: 'appointment_confirmed', status: 'APPROVED', origin: 'own' })
    expect(kept.history.map((h) => h.event)).toEqual(['submitted', 'approved'])
    expect(second.user('+5511987654321')).toMatchObject({ waId: '551187654321', profileName: 'Ana', windowClosesAt: window })
    expect(second.accepted().map((m) => m.wamid)).toEqual([before])

    // The template is sendable, and free-form text is delivered because the window is still open.
    const templated = await callMessages(second, template('+5511987654321', 'appointment_confirmed', {
      template: { name: 'appointment_confirmed', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'Friday' }] }] },
    }))
    expect(templated.status).toBe(200)
    const reply = await callMessages(second, text('+5511987654321', 'Tudo certo!'))
    expect(reply.body.contacts).toEqual([{ input: '+5511987654321', wa_id: '551187654321' }])
    const wamid = reply.body.messages[0].id
    expect([before, templated.body.messages[0].id]).not.toContain(wamid)
    await second.idle()
    // Arrival order is the network's; the set is what matters: delivered, not failed with 131047.
    expect(statusesOf(receiver, wamid).map((s) => s.status).sort()).toEqual(['delivered', 'read', 'sent'])
  })

  it('a review still pending goes on after a restart; one whose end passed while stopped is announced at start', async () => {
    const time = clock()
    const file = freshFile()
    const first = await start(file, { now: time.now, templateReview: { delayMs: 600_000 } })
    const waiting = (await createTemplate(first, utilityTemplate('still_waiting'))).body.id
    await stop(first)

    const second = await start(file, { now: time.now, templateReview: { delayMs: 600_000 } })
    expect(second.templates().find((t) => t.id === waiting)!.status).toBe('PENDING')
    await stop(second)

    // Ten minutes pass while the sandbox is down.
    time.advance(600_000)
    const third = await start(file, { now: time.now })
    await third.idle()
    expect(accountChanges(receiver, 'message_template_status_update').map((c) => [c.value.message_template_id, c.value.event])).toEqual([[Number(waiting), 'APPROVED']])
    expect(third.templates().find((t) => t.id === waiting)!.status).toBe('APPROVED')
  })

  it('status webhooks not yet due and webhooks not yet delivered are posted after a restart', async () => {
    const time = clock()
    const file = freshFile()
    const slow = { statusDelaysMs: { sent: 60_000, delivered: 120_000, read: 180_000 } }
    // No webhook URL: the inbound message waits for one, as at `parley start` before Parley listens.
    const first = await start(file, { now: time.now, webhookUrl: null, ...slow })
    const inbound = await first.userSends('+4915112345678', { text: 'Hallo' })
    const wamid = (await callMessages(first, template('+4915112345678'))).body.messages[0].id
    await stop(first)

    time.advance(180_000)
    const second = await start(file, { now: time.now, webhookUrl: null, ...slow })
    expect(second.stats().webhooks).toMatchObject({ pending: 1 })
    second.setWebhookUrl(receiver.url)
    await second.idle()
    expect(receiver.posts.filter((p) => p.raw.includes(inbound))).toHaveLength(1)
    expect(statusesOf(receiver, wamid).map((s) => s.status).sort()).toEqual(['delivered', 'read', 'sent'])
  })

  it('a restored webhook keeps its age: its retries end 36 hours after it was first sent, restarts or not', async () => {
    const time = clock()
    const file = freshFile()
    const first = await start(file, { now: time.now, webhookUrl: null })
    await first.userSends('+4915112345678', { text: 'Hallo' })
    await stop(first)
    time.advance(36 * 3_600_000)
    const down = await startReceiver()
    const downUrl = down.url
    await down.close()
    const second = await start(file, { now: time.now, webhookUrl: downUrl })
    await until(() => second.stats().webhooks.dropped === 1, 'the old webhook to be dropped')
    expect(second.stats().webhooks).toMatchObject({ pending: 0, failedAttempts: 1 })
  })

  it('a start that fails after reading the file (its port taken) leaves the file as complete as it was', async () => {
    const time = clock()
    const file = freshFile()
    const slow = { now: time.now, statusDelaysMs: { sent: 60_000, delivered: 60_000, read: 60_000 } }
    const first = await start(file, slow)
    const wamid = (await callMessages(first, template('+4915112345678'))).body.messages[0].id
    await stop(first)
    const taken = await startFast(null)
    open.push(taken)
    await expect(start(file, { ...slow, port: Number(new URL(taken.url).port) })).rejects.toThrow(/EADDRINUSE/)
    time.advance(60_000)
    const second = await start(file, slow)
    await second.idle()
    expect(statusesOf(receiver, wamid).map((s) => s.status).sort()).toEqual(['delivered', 'read', 'sent'])
  })

  it('writes changes without a close, batched within stateFlushMs', async () => {
    const file = freshFile()
    const sb = await start(file, { stateFlushMs: 20 })
    const wamid = (await callMessages(sb, template('+4915112345678'))).body.messages[0].id
    const saved = await waitFor(() => {
      const state = JSON.parse(readFileSync(file, 'utf8')) as { messages: Array<{ wamid: string }> }
      return state.messages.some((m) => m.wamid === wamid) ? state : undefined
    })
    expect(saved.messages).toHaveLength(1)
  })

  it('after a crash (a state written while running) keeps the business state but not the work in flight, and never reuses ids', async () => {
    const file = freshFile()
    const first = await start(file, { stateFlushMs: 20, templateReview: { delayMs: 0 }, statusDelaysMs: { sent: 60_000, delivered: 60_000, read: 60_000 } })
    const created = (await createTemplate(first, utilityTemplate('before_the_crash'))).body.id
    const written = await waitFor(() => {
      const text = readFileSync(file, 'utf8')
      return text.includes('before_the_crash') ? text : undefined
    })
    // Sent after the last write the crash leaves: its id must not come back.
    const wamid = (await callMessages(first, template('+4915112345678'))).body.messages[0].id
    await stop(first)
    // What the last batched write left, as if the process had died instead of closing.
    writeFileSync(file, written)

    const second = await start(file, { templateReview: { delayMs: 0 } })
    expect(second.templates().find((t) => t.id === created)).toMatchObject({ status: 'APPROVED' })
    expect(second.stats().webhooks).toMatchObject({ scheduled: 0, pending: 0 })
    const next = (await createTemplate(second, utilityTemplate('after_the_crash'))).body.id
    expect(Number(next) - Number(created)).toBeGreaterThan(1000)
    const again = (await callMessages(second, template('+4915112345678'))).body.messages[0].id
    expect(again).not.toBe(wamid)
  })

  it('reset() empties the file at once: a restart after it starts afresh', async () => {
    const file = freshFile()
    const first = await start(file, { templateReview: { delayMs: 0 } })
    await createTemplate(first, utilityTemplate('forgotten'))
    await first.userSends('+4915112345678', { text: 'Hallo' })
    first.reset()
    const written = JSON.parse(readFileSync(file, 'utf8')) as { templates: { templates: Array<{ name: string }> }; windows: unknown[] }
    expect(written.templates.templates.map((t) => t.name)).not.toContain('forgotten')
    expect(written.windows).toEqual([])
    await stop(first)

    const second = await start(file)
    expect(second.templates().map((t) => t.name)).not.toContain('forgotten')
    expect(second.user('+4915112345678').windowClosesAt).toBeNull()
    expect(second.accepted()).toEqual([])
  })

  it('refuses to start from an unreadable file with one line naming it, and leaves the file as it was', async () => {
    const file = freshFile()
    const first = await start(file)
    await stop(first)
    writeFileSync(file, '{"format":"parley-sandbox-state","version":1,"savedAt":')
    const error = await start(file).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SandboxStateError)
    const message = (error as Error).message
    expect(message).toContain(file)
    expect(message).toMatch(/not JSON/)
    expect(message).toContain('parley sandbox reset')
    expect(message).not.toContain('\n')
    expect(readFileSync(file, 'utf8')).toBe('{"format":"parley-sandbox-state","version":1,"savedAt":')

    writeFileSync(file, JSON.stringify({ format: 'parley-sandbox-state', version: 99 }))
    await expect(start(file)).rejects.toThrow(/version 99/)
    writeFileSync(file, JSON.stringify({ format: 'parley-sandbox-state', version: 1, savedAt: 0 }))
    await expect(start(file)).rejects.toThrow(/sandbox state file .* is unreadable \(complete: /)
  })
})

/** Polls a synchronous check until it returns a value. */
async function waitFor<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const value = check()
      if (value !== undefined) return value
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) throw new Error('timed out waiting for the state file')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
