import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { FileReadResult } from '../../src/runtime/rules-source.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

const RULE = (id: string) => `rules:
  - id: ${id}
    on: account.created
    send:
      template: hello_world
    category: utility
`

describeEachDatabase('rules and events API', (dialect) => {
  let h: Harness
  let file: string
  beforeAll(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'parley-rules-')), 'rules.yaml')
    writeFileSync(file, RULE('welcome'))
    h = await startHarness(dialect, { env: { PARLEY_RULES_FILE: file, PARLEY_QUIET_HOURS: 'off' } })
  })
  afterAll(async () => h?.close())

  it('loads the rules file and reloads it when it changes; a broken edit keeps the rules in force', async () => {
    expect((await h.api('GET', '/v1/rules')).body).toMatchObject({ file, rules: 1, ids: ['welcome'] })
    writeFileSync(file, RULE('greeting'))
    await eventually(async () => (await h.api('GET', '/v1/rules')).body.ids[0] === 'greeting', 5000, 'the edited file to load')
    const refused = new Promise<FileReadResult>((resolve) => {
      const off = h.parley.rules.onFileRead((result) => {
        if (result.kind !== 'rejected') return
        off()
        resolve(result)
      })
    })
    writeFileSync(file, 'rules:\n  - id: broken\n    on: account.created\n')
    expect(await refused).toMatchObject({ kind: 'rejected', errors: [{ line: 2, path: 'rules.0.send' }, { line: 2, path: 'rules.0.category' }] })
    expect((await h.api('GET', '/v1/rules')).body.ids).toEqual(['greeting'])
  })

  it('replaces the rules through the API, refusing a broken document with its lines', async () => {
    const bad = await h.api('PUT', '/v1/rules', { document: 'rules:\n  - id: x\n    on: a.b\n    send: { template: hello_world }\n    category: promo\n' })
    expect(bad.status).toBe(422)
    expect(bad.body.error.code).toBe('rules_invalid')
    expect(bad.body.error.details.errors).toContainEqual(expect.objectContaining({ line: 5, path: 'rules.0.category' }))
    const yaml = await fetch(`${h.url}/v1/rules`, { method: 'PUT', headers: { authorization: 'Bearer pk_test_0123456789abcdefghijklmnop', 'content-type': 'text/yaml' }, body: RULE('welcome') })
    expect(yaml.status).toBe(200)
    expect(readFileSync(file, 'utf8')).toBe(RULE('welcome'))
  })

  it('refuses a billion-laughs document as rules_invalid and keeps the rules in force', async () => {
    const before = (await h.api('GET', '/v1/rules')).body.ids
    const lines = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
    for (let level = 1; level <= 8; level++) lines.push(`l${level}: &l${level} [${Array(9).fill(`*l${level - 1}`).join(', ')}]`)
    const refused = await h.api('PUT', '/v1/rules', { document: `${lines.join('\n')}\nrules: *l8\n` })
    expect(refused.status).toBe(422)
    expect(refused.body.error).toMatchObject({ code: 'rules_invalid', details: { errors: [{ line: 2, path: '', message: expect.stringContaining('expand too far') }] } })
    expect((await h.api('GET', '/v1/rules')).body.ids).toEqual(before)
  })

  it('answers an event with its decisions, and a batch per event', async () => {
    const one = await h.api('POST', '/v1/events', { id: 'acc-1', type: 'account.created', occurred_at: new Date().toISOString(), contact: { phone: '+4915112345601' } })
    expect(one.status).toBe(202)
    expect(one.body).toMatchObject({ id: 'acc-1', status: 'handled', decisions: [{ rule_id: 'welcome', contact: '+4915112345601', outcome: 'queued' }] })
    const message = await eventually(async () => {
      const m = await h.api('GET', `/v1/messages/${one.body.decisions[0].message_id}`)
      return m.body.status === 'read' ? m.body : undefined
    })
    expect(message.metadata).toEqual({ event_id: 'acc-1', rule_id: 'welcome' })
    const event = (await h.api('GET', '/v1/events/acc-1')).body
    expect(event.decisions[0]).toMatchObject({ rule_id: 'welcome', outcome: 'queued', message_status: 'read' })

    const batch = await h.api('POST', '/v1/events/batch', {
      events: [
        { id: 'acc-2', type: 'account.created', occurred_at: new Date().toISOString(), contact: { phone: '+4915112345602' } },
        { id: 'acc-1', type: 'account.created', occurred_at: new Date().toISOString(), contact: { phone: '+4915112345601' } },
      ],
    })
    expect(batch.body.results.map((r: { status: string }) => r.status)).toEqual(['handled', 'error'])
    expect(batch.body.results[1].error.code).toBe('idempotency_conflict')
    // A malformed event (here a phone that is no number) refuses the whole batch, as any other bad field does.
    const malformed = await h.api('POST', '/v1/events/batch', { events: [{ id: 'acc-3', type: 'account.created', occurred_at: new Date().toISOString(), contact: { phone: 'not a phone' } }] })
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.details.issues[0].path).toBe('body.events.0.contact.phone')
    expect((await h.api('GET', '/v1/events/nope')).status).toBe(404)
    expect((await h.api('POST', '/v1/events', { id: 'x', type: 'Bad Type', occurred_at: 'yesterday' })).status).toBe(400)
  })
})
