import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { startHarness, type Harness } from '../support/harness.js'

const MOM = '+4915112349001'
const DAD = '+4915112349002'
const OTHER = '+4915112349003'
const enc = encodeURIComponent

const RULES = `rules:
  - id: enrolled-welcome
    on: student.enrolled
    to: guardians
    send:
      template: hello_world
    category: utility
  - id: enrolled-promo
    on: student.enrolled
    to: guardians
    send:
      template: hello_world
    category: marketing
`

describeEachDatabase("the contact panel's events and linked subjects", (dialect) => {
  let h: Harness
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'parley-panel-')), 'rules.yaml')
    writeFileSync(file, RULES)
    h = await startHarness(dialect, { worker: false, env: { PARLEY_RULES_FILE: file, PARLEY_QUIET_HOURS: 'off' } })
  })
  afterAll(async () => h?.close())

  const enrol = (id: string, student: string, contacts: Array<{ phone: string; role: string }>) =>
    h.api('POST', '/v1/events', { id, type: 'student.enrolled', occurred_at: new Date().toISOString(), subject: { external_id: student, contacts } })

  it("lists a contact's events newest first with what each rule decided for it, and the students it is linked to", async () => {
    expect((await enrol('enr-1', 'student-max', [{ phone: MOM, role: 'guardian' }, { phone: DAD, role: 'guardian' }])).status).toBe(202)
    expect((await enrol('enr-2', 'student-lea', [{ phone: MOM, role: 'billing' }])).status).toBe(202)
    expect((await enrol('enr-3', 'student-tom', [{ phone: OTHER, role: 'guardian' }])).status).toBe(202)

    const events = await h.api('GET', `/v1/contacts/${enc(MOM)}/events`)
    expect(events.status).toBe(200)
    expect(events.body.data.map((e: { id: string }) => e.id)).toEqual(['enr-2', 'enr-1'])
    const [lea, max] = events.body.data
    // student-lea links MOM as billing only: the guardians' rules had no one to send to.
    expect(lea.decisions).toEqual([
      expect.objectContaining({ rule_id: 'enrolled-welcome', outcome: 'suppressed', reason: 'no_recipient', message: null }),
      expect.objectContaining({ rule_id: 'enrolled-promo', outcome: 'suppressed', reason: 'no_recipient', message: null }),
    ])
    // Only MOM's own decisions: DAD's message is not hers.
    expect(max.decisions).toEqual([
      expect.objectContaining({ rule_id: 'enrolled-welcome', outcome: 'queued', message: { id: expect.stringMatching(/^msg_/), preview: expect.stringContaining('Hello World'), status: 'queued' } }),
      expect.objectContaining({ rule_id: 'enrolled-promo', outcome: 'suppressed', reason: expect.any(String), message: null }),
    ])
    expect(max).toMatchObject({ type: 'student.enrolled', occurred_at: expect.any(String), received_at: expect.any(String) })

    expect((await h.api('GET', `/v1/contacts/${enc(MOM)}/events?limit=1`)).body.data.map((e: { id: string }) => e.id)).toEqual(['enr-2'])
    expect((await h.api('GET', `/v1/contacts/${enc(MOM)}/events?limit=51`)).status).toBe(400)

    const subjects = await h.api('GET', `/v1/contacts/${enc(MOM)}/subjects`)
    expect(subjects.body.data.map((s: { external_id: string; role: string }) => [s.external_id, s.role])).toEqual([
      ['student-max', 'guardian'],
      ['student-lea', 'billing'],
    ])
  })

  it('answers 404 for an unknown contact and 422 for a number that is none', async () => {
    expect((await h.api('GET', `/v1/contacts/${enc('+4915112349999')}/events`)).body.error.code).toBe('not_found')
    expect((await h.api('GET', `/v1/contacts/${enc('+4915112349999')}/subjects`)).body.error.code).toBe('not_found')
    expect((await h.api('GET', '/v1/contacts/12/events')).body.error.code).toBe('invalid_phone')
  })
})
