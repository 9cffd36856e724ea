import { SANDBOX_CREDENTIALS } from '../../src/config.js'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

const reminder = (language: string, body: string, extra: Record<string, unknown> = {}) => ({
  name: 'lesson_reminder',
  language,
  category: 'UTILITY',
  tags: ['lessons'],
  folder: 'lessons',
  body,
  examples: { child_name: 'Max', time: '15:00' },
  ...extra,
})

const EN = 'Reminder: the English lesson for {{child_name}} starts today at {{time}}. Please have the headphones ready.'
const ES = 'Recordatorio: la clase de inglés de {{child_name}} empieza hoy a las {{time}}. Por favor, ten listos los auriculares.'
// A Turkish template written in English: exactly the kind of mistake a reason-less rejection hides.
const TR_IN_ENGLISH = 'Reminder: the English lesson for {{child_name}} starts today at {{time}}. Please have the headphones ready now.'

describeEachDatabase('templates API', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect, {
      env: { PARLEY_TEMPLATE_FALLBACK: 'tr:en' },
      sandbox: {
        templates: [],
        templateReview: {
          delayMs: 30,
          rejectLanguages: [
            { language: 'tr', reason: null },
            { language: 'es', reason: 'TAG_CONTENT_MISMATCH' },
          ],
          reclassifyUtilityToMarketing: 'promotional',
        },
      } as never,
    })
  })
  afterAll(async () => h?.close())

  async function settled(name: string, language: string) {
    return eventually(async () => {
      const t = await h.api('GET', `/v1/templates/${name}/${language}`)
      return t.body.status !== 'pending' && t.body.status !== 'submitted' ? t.body : undefined
    }, 10_000, `${name}/${language} to leave review`)
  }

  it('lists own templates only by default; the provider samples are there when asked for', async () => {
    const own = await h.api('GET', '/v1/templates')
    expect(own.body.data.map((t: { name: string }) => t.name)).not.toContain('hello_world')
    const all = await h.api('GET', '/v1/templates?origin=all')
    expect(all.body.data).toContainEqual(expect.objectContaining({ name: 'hello_world', origin: 'provider', status: 'approved' }))
  })

  it('saves, lints, submits and follows a template to approval, with its history', async () => {
    const created = await h.api('POST', '/v1/templates?submit=true', reminder('en', EN))
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ saved: 'created', submission: 'submitted', template: { status: 'pending', provider_template_id: expect.any(String) } })
    const approved = await settled('lesson_reminder', 'en')
    expect(approved).toMatchObject({ status: 'approved', category: 'UTILITY', rejection_reason: null, tags: ['lessons'], folder: 'lessons' })
    expect(approved.history.map((e: { kind: string; status: string }) => `${e.kind}:${e.status}`)).toEqual(['saved:draft', 'submitted:pending', 'status:approved'])
    const again = await h.api('POST', '/v1/templates?submit=true', reminder('en', EN))
    expect(again.body).toMatchObject({ saved: 'unchanged', submission: 'unchanged' })
  })

  it('records a rejection with the platform reason', async () => {
    await h.api('POST', '/v1/templates?submit=true', reminder('es', ES))
    const rejected = await settled('lesson_reminder', 'es')
    expect(rejected).toMatchObject({ status: 'rejected', rejection_reason: 'TAG_CONTENT_MISMATCH' })
    expect(rejected.history.at(-1)).toMatchObject({ kind: 'status', status: 'rejected', reason: 'TAG_CONTENT_MISMATCH', source: 'webhook' })
  })

  it('shows the lint findings that most likely explain a rejection without a reason', async () => {
    const submitted = await h.api('POST', '/v1/templates?submit=true', reminder('tr', TR_IN_ENGLISH))
    expect(submitted.body.template.lint.map((f: { rule: string }) => f.rule)).toContain('language.mismatch')
    const rejected = await settled('lesson_reminder', 'tr')
    expect(rejected).toMatchObject({ status: 'rejected', rejection_reason: null })
    const last = rejected.history.at(-1)
    expect(last).toMatchObject({ kind: 'status', status: 'rejected', reason: null })
    expect(last.detail.hints[0]).toMatchObject({ rule: 'language.mismatch', severity: 'warning' })
  })

  it('refuses to submit what lint says the platform would reject, and the provider never sees it', async () => {
    const bad = await h.api('POST', '/v1/templates?submit=true', { name: 'dangling', language: 'en', category: 'UTILITY', body: 'Your lesson starts at {{1}}', examples: { 1: '15:00' } })
    expect(bad.status).toBe(422)
    expect(bad.body.error.code).toBe('template_lint_failed')
    expect(bad.body.error.details.findings).toContainEqual(expect.objectContaining({ rule: 'body.variable-at-edge', severity: 'error' }))
    expect(h.sandbox.templates().map((t) => t.name)).not.toContain('dangling')
    expect((await h.api('GET', '/v1/templates/dangling/en')).body.status).toBe('draft')
  })

  it('lints without saving', async () => {
    const res = await h.api('POST', '/v1/templates/lint', { name: 'Bad Name', language: 'en', category: 'UTILITY', body: '{{1}} {{2}}', footer: 'Call {{3}}' })
    expect(res.status).toBe(200)
    expect(res.body.errors).toBeGreaterThan(0)
    expect(res.body.findings.map((f: { rule: string }) => f.rule)).toEqual(expect.arrayContaining(['name.format', 'footer.variable', 'body.variable-at-edge']))
    expect((await h.api('GET', '/v1/templates/Bad%20Name/en')).status).toBe(404)
  })

  it('lints a body moderately over the platform limit, and refuses one past four times it before linting', async () => {
    const long = await h.api('POST', '/v1/templates/lint', { name: 'long_body', language: 'en', category: 'UTILITY', body: 'Your lesson is confirmed. '.repeat(80) })
    expect(long.status).toBe(200)
    expect(long.body.findings).toContainEqual(expect.objectContaining({ rule: 'body.too-long', severity: 'error' }))
    // Runs of `{` once made lint quadratic: refused by the request schema, lint never sees them.
    const huge = { name: 'huge_body', language: 'en', category: 'UTILITY', body: '{'.repeat(4097), footer: 'x'.repeat(241) }
    for (const path of ['/v1/templates/lint', '/v1/templates']) {
      const refused = await h.api('POST', path, huge)
      expect(refused.status).toBe(400)
      expect(refused.body.error.code).toBe('validation_failed')
      expect(refused.body.error.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'body.body', message: expect.stringContaining('4096') }), expect.objectContaining({ path: 'body.footer', message: expect.stringContaining('240') })]))
    }
    expect((await h.api('GET', '/v1/templates/huge_body/en')).status).toBe(404)
  })

  it('records the category the platform chose instead of the one submitted', async () => {
    const promo = await h.api('POST', '/v1/templates?submit=true', {
      name: 'summer_camp',
      language: 'en',
      category: 'UTILITY',
      body: 'Summer camp for {{1}} is open: book this week and get 20% off the price of every lesson.',
      examples: { 1: 'Max' },
    })
    expect(promo.body.template.category).toBe('MARKETING')
    const settledPromo = await settled('summer_camp', 'en')
    expect(settledPromo.history).toContainEqual(expect.objectContaining({ kind: 'category', detail: { previous: 'UTILITY', new: 'MARKETING' } }))
  })

  it('resubmits an edited template for review', async () => {
    const edited = await h.api('POST', '/v1/templates?submit=true', {
      name: 'summer_camp',
      language: 'en',
      category: 'MARKETING',
      body: 'Summer camp for {{1}} is open: book this week and get 25% off the price of every lesson.',
      examples: { 1: 'Max' },
    })
    expect(edited.status).toBe(200)
    expect(edited.body).toMatchObject({ saved: 'changed', submission: 'submitted', template: { status: 'pending' } })
    const approved = await settled('summer_camp', 'en')
    expect(approved.status).toBe('approved')
    const submissions = approved.history.filter((e: { kind: string }) => e.kind === 'submitted')
    expect(submissions.map((e: { detail: { resubmission: boolean } }) => e.detail.resubmission)).toEqual([false, true])
    expect(h.sandbox.templates().find((t) => t.name === 'summer_camp')).toMatchObject({ status: 'APPROVED' })
  })

  it('records a reclassification after approval', async () => {
    h.sandbox.recategorizeTemplate({ name: 'lesson_reminder', language: 'en' }, 'MARKETING')
    const moved = await eventually(async () => {
      const t = await h.api('GET', '/v1/templates/lesson_reminder/en')
      return t.body.category === 'MARKETING' ? t.body : undefined
    })
    expect(moved.history.at(-1)).toMatchObject({ kind: 'category', source: 'webhook', detail: { previous: 'UTILITY', new: 'MARKETING' } })
    h.sandbox.recategorizeTemplate({ name: 'lesson_reminder', language: 'en' }, 'UTILITY')
    await eventually(async () => (await h.api('GET', '/v1/templates/lesson_reminder/en')).body.category === 'UTILITY')
  })

  it('sends with checked parameters: wrong ones answer 422 and queue nothing', async () => {
    const count = async () => Number((await h.db.database.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    const before = await count()
    const missing = await h.api('POST', '/v1/messages', { to: '+4915112345678', template: { name: 'lesson_reminder', language: 'en', params: { child_name: 'Max' } } })
    expect(missing.status).toBe(422)
    expect(missing.body.error).toMatchObject({ code: 'template_params_invalid', details: { issues: [{ path: 'template.params', message: expect.stringContaining('{{time}}') }] } })
    const unknown = await h.api('POST', '/v1/messages', { to: '+4915112345678', template: { name: 'no_such_template', params: [] } })
    expect(unknown.body.error.code).toBe('template_not_found')
    const rejected = await h.api('POST', '/v1/messages', { to: '+4915112345678', template: { name: 'lesson_reminder', language: 'es', params: { child_name: 'Mateo', time: '15:00' } } })
    expect(rejected.body.error).toMatchObject({ code: 'template_not_approved', details: { status: 'rejected', reason: 'TAG_CONTENT_MISMATCH' } })
    expect(await count()).toBe(before)

    const ok = await h.api('POST', '/v1/messages', { to: '+4915112345678', template: { name: 'lesson_reminder', language: 'en', params: { child_name: 'Max', time: '15:00' } } })
    expect(ok.status).toBe(202)
    const sent = await eventually(async () => {
      const m = await h.api('GET', `/v1/messages/${ok.body.id}`)
      return m.body.status === 'read' ? m.body : undefined
    })
    expect(sent.text).toBe('Reminder: the English lesson for Max starts today at 15:00. Please have the headphones ready.')
  })

  it("sends in the contact's language, falling back along the chain", async () => {
    expect((await h.api('PUT', `/v1/contacts/${encodeURIComponent('+905321234567')}`, { language: 'tr' })).status).toBe(200)
    const res = await h.api('POST', '/v1/messages', { to: '+905321234567', template: { name: 'lesson_reminder', params: { child_name: 'Can', time: '15:00' } } })
    expect(res.status).toBe(202)
    // tr is rejected, so the tr → en fallback applies.
    const sent = await eventually(async () => {
      const m = await h.api('GET', `/v1/messages/${res.body.id}`)
      return m.body.status === 'read' ? m.body : undefined
    })
    expect(sent.content).toMatchObject({ name: 'lesson_reminder', language: 'en' })
  })

  it('refuses to send a paused template', async () => {
    h.sandbox.pauseTemplate({ name: 'lesson_reminder', language: 'en' })
    const paused = await eventually(async () => {
      const t = await h.api('GET', '/v1/templates/lesson_reminder/en')
      return t.body.status === 'paused' ? t.body : undefined
    })
    expect(paused.quality).toBe('RED')
    const res = await h.api('POST', '/v1/messages', { to: '+4915112345678', template: { name: 'lesson_reminder', language: 'en', params: { child_name: 'Max', time: '15:00' } } })
    expect(res.status).toBe(422)
    expect(res.body.error).toMatchObject({ code: 'template_not_approved', details: { status: 'paused' } })
  })

  it('filters, searches and sorts, and counts usage', async () => {
    const names = async (query: string) => (await h.api('GET', `/v1/templates?${query}`)).body.data.map((t: { name: string; language: string }) => `${t.name}/${t.language}`)
    expect(await names('status=rejected')).toEqual(['lesson_reminder/es', 'lesson_reminder/tr'])
    expect(await names('category=MARKETING')).toEqual(['summer_camp/en'])
    expect(await names('tag=lessons&language=en')).toEqual(['lesson_reminder/en'])
    expect(await names('q=AURICULARES')).toEqual(['lesson_reminder/es'])
    expect(await names('folder=lessons&sort=name&order=desc')).toEqual(['lesson_reminder/tr', 'lesson_reminder/es', 'lesson_reminder/en'])
    // Both sends of the English reminder (one by the tr → en fallback) count once the provider reports them sent.
    const byUsage = await eventually(async () => {
      const data = (await h.api('GET', '/v1/templates?sort=usage')).body.data
      return data[0]?.usage.sent === 2 ? data : undefined
    })
    expect(byUsage[0]).toMatchObject({ name: 'lesson_reminder', language: 'en', usage: { sent: 2, read: 2 } })
    expect((await h.api('GET', '/v1/templates?sort=last_sent')).body.data[0]).toMatchObject({ name: 'lesson_reminder', language: 'en' })
    expect((await h.api('GET', '/v1/templates?status=nonsense')).status).toBe(400)
  })

  it('reports which languages each family has', async () => {
    const report = await h.api('GET', '/v1/templates/languages?languages=en,es,tr,ru')
    expect(report.body.families).toContainEqual({ name: 'lesson_reminder', languages: { en: 'paused', es: 'rejected', tr: 'rejected', ru: 'missing' }, missing: ['ru'] })
  })

  it('pulls templates written elsewhere with a sync', async () => {
    // Created straight at the provider, as in WhatsApp Manager.
    const graph = `${h.sandbox.url}/v23.0/${SANDBOX_CREDENTIALS.wabaId}/message_templates`
    const created = await fetch(graph, {
      method: 'POST',
      headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'made_elsewhere', language: 'en', category: 'UTILITY', components: [{ type: 'BODY', text: 'Your teacher has changed the classroom for today, see you there.' }] }),
    })
    expect(created.status).toBe(200)
    const summary = await h.api('POST', '/v1/templates/sync')
    expect(summary.body.created).toBe(1)
    expect((await h.api('GET', '/v1/templates/made_elsewhere/en')).body).toMatchObject({ origin: 'own', provider_template_id: expect.any(String) })
    expect((await h.api('POST', '/v1/templates/sync')).body).toMatchObject({ created: 0 })
  })

  it('marks a template deleted at the provider as deleted at the next sync, with its history', async () => {
    const made = await h.api('POST', '/v1/templates?submit=true', { name: 'deleted_elsewhere', language: 'en', category: 'UTILITY', body: 'Your lesson with {{1}} moved to {{2}}, see you then.', examples: { '1': 'Ana', '2': 'Friday' } })
    expect(made.status).toBe(201)
    await settled('deleted_elsewhere', 'en')
    const removed = await fetch(`${h.sandbox.url}/v23.0/${SANDBOX_CREDENTIALS.wabaId}/message_templates?name=deleted_elsewhere`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.accessToken}` },
    })
    expect(removed.status).toBe(200)
    expect((await h.api('POST', '/v1/templates/sync')).body).toMatchObject({ deleted: 1, resubmitted: 0 })
    const after = (await h.api('GET', '/v1/templates/deleted_elsewhere/en')).body
    expect(after.status).toBe('deleted')
    expect(after.history.at(-1)).toMatchObject({ kind: 'deleted', status: 'deleted' })
  })
})
