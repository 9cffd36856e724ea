import { afterAll, beforeAll, expect, it } from 'vitest'
import { checkProviders, type AccountReport } from '../../src/check-providers.js'
import { META_SANDBOX_ACCOUNT } from '../../src/providers/meta-cloud/meta-kind.js'
import { sandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { messageablePhones } from '../../src/store/contact-phones.js'
import { describeEachDatabase } from '../support/databases.js'
import { LESSON_REMINDER } from '../support/lesson-reminder.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'


/**
 * `parley providers check` on two WhatsApp accounts: the sandbox's (where the templates live) and a
 * second, real one (here a second sandbox behind real credentials) that has none of the business's
 * templates and whose webhook must be set up by hand.
 */
describeEachDatabase('checking the provider accounts', (dialect) => {
  let h: Harness
  let second: Sandbox
  beforeAll(async () => {
    second = await startSandbox(sandboxOptions({ templates: [], templateReview: { delayMs: 20 } } as never))
    h = await startHarness(dialect, {
      env: { PARLEY_PUBLIC_URL: 'https://parley.school.example' },
      sandbox: { templateReview: { delayMs: 20 } } as never,
      accounts: [
        { id: 'meta', provider: 'meta', sandbox: true },
        { id: 'second', provider: 'meta', sandbox: false, settings: { ...META_SANDBOX_ACCOUNT, baseUrl: second.url } },
      ],
      senders: [
        { id: 'default', account: 'meta', channel: 'whatsapp', number: '+15550001234', numberId: '100000000000002', ratePerSecond: 80 },
        { id: 'branch', account: 'second', channel: 'whatsapp', number: '+15550001234', numberId: '100000000000002', ratePerSecond: 80 },
      ],
    })
  })
  afterAll(async () => {
    await h?.close()
    await second?.close()
  })

  const check = () => checkProviders({ accounts: h.parley.accounts, templates: h.parley.templates, contactPhones: () => messageablePhones(h.parley.database), publicUrl: h.config.http.publicUrl })
  const finding = (reports: AccountReport[], account: string, item: string) => reports.find((r) => r.account === account)?.findings.find((f) => f.item === item)

  it('reports each account, what is to be done by hand, and submits the templates the second account lacks', async () => {
    expect((await h.api('POST', '/v1/templates?submit=true', LESSON_REMINDER)).status).toBe(201)
    await eventually(async () => ((await h.api('GET', '/v1/templates/lesson_reminder/en')).body.status === 'approved' ? true : undefined))

    const before = await check()
    expect(before.map((r) => [r.account, r.senders.map((s) => s.id)])).toEqual([['meta', ['default']], ['second', ['branch']]])
    expect(finding(before, 'meta', 'credentials')).toMatchObject({ state: 'ok' })
    expect(finding(before, 'meta', 'templates')).toMatchObject({ state: 'ok' })
    expect(finding(before, 'second', 'credentials')).toMatchObject({ state: 'ok' })
    expect(finding(before, 'second', 'webhook')).toMatchObject({ state: 'todo', detail: expect.stringContaining('https://parley.school.example/webhooks/meta/second') })
    const missing = finding(before, 'second', 'templates')
    expect(missing).toMatchObject({ state: 'todo', detail: expect.stringContaining('lesson_reminder (en)') })

    expect(await missing!.fix!()).toContain('lesson_reminder (en): ok')
    expect(second.templates().map((t) => `${t.name}/${t.language}`)).toContain('lesson_reminder/en')
    second.finishTemplateReviews()
    await eventually(async () => (finding(await check(), 'second', 'templates')?.state === 'ok' ? true : undefined))
  })

  it('says when an account cannot be reached with its credentials', async () => {
    const wrong = await startHarness(dialect, {
      accounts: [{ id: 'broken', provider: 'meta', sandbox: false, settings: { ...META_SANDBOX_ACCOUNT, accessToken: 'not-the-token', baseUrl: second.url } }],
      senders: [{ id: 'default', account: 'broken', channel: 'whatsapp', number: '+15550001234', numberId: '100000000000002', ratePerSecond: 80 }],
      skipTemplateSync: true,
    })
    try {
      const reports = await checkProviders({ accounts: wrong.parley.accounts, templates: wrong.parley.templates, contactPhones: async () => [], publicUrl: null })
      expect(finding(reports, 'broken', 'credentials')).toMatchObject({ state: 'failed' })
      expect(finding(reports, 'broken', 'webhook')).toMatchObject({ state: 'failed', detail: expect.stringContaining('PARLEY_PUBLIC_URL') })
    } finally {
      await wrong.close()
    }
  })
})
