import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addOperator } from '../../src/core/operators/add-operator.js'
import type { Role } from '../../src/core/operators/model.js'
import { buildWebApp, launchBrowser, signInWithForm, skipBrowserTests, type Page, type TestBrowser } from '../support/browser.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

const LAPTOP = { width: 1280, height: 800 }
const IN_A = '+447911123101'
const IN_B = '+447911123102'
const enc = encodeURIComponent

/** Teams, visibility and masking in the browser: one Parley, one Chromium, a page per person. */
describe.skipIf(skipBrowserTests)('the admin page and team visibility in headless Chromium', () => {
  let harness: Harness
  let browser: TestBrowser
  beforeAll(async () => {
    await buildWebApp()
    harness = await startHarness('sqlite')
    browser = await launchBrowser()
    for (const phone of [IN_A, IN_B]) await harness.sandbox.userSends(phone, { text: `question from ${phone.slice(-3)}` })
    await eventually(async () => (await harness.api('GET', '/v1/conversations')).body.data.length === 2)
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await harness?.close()
  })

  async function signedIn(test: Parameters<TestBrowser['page']>[0], email: string, role: Role, allTeams = false): Promise<Page> {
    await addOperator(harness.parley.operators, { email, name: email.split('@')[0], role, password: 'correct horse battery', sees_all_teams: allTeams }, Date.now())
    const page = await browser.page(test, LAPTOP)
    await signInWithForm(page, `${harness.url}/`, email, 'correct horse battery')
    await page.getByRole('heading', { name: 'Conversations' }).waitFor()
    return page
  }

  it('keeps an operator out of the admin page; an admin creates a team there and adds her; she then sees her team and not another', async (test) => {
    const ann = await signedIn(test, 'ann@example.com', 'operator')
    expect(await ann.getByRole('link', { name: 'Operators and teams' }).count()).toBe(0)
    await ann.goto(`${harness.url}/#/admin`)
    await ann.getByRole('alert').filter({ hasText: 'Only an admin can open this page.' }).waitFor()
    expect(await ann.evaluate(async () => (await fetch('/v1/audit')).status)).toBe(403)

    const boss = await signedIn(test, 'boss@example.com', 'admin')
    await boss.getByRole('link', { name: 'Operators and teams' }).click()
    await boss.getByLabel('Team name').fill('Admissions')
    await boss.getByLabel('First response target (minutes)').fill('30')
    await boss.getByRole('button', { name: 'Create team' }).click()
    const team = boss.getByRole('form', { name: 'Admissions' })
    await team.getByLabel('ann').check()
    await team.getByRole('button', { name: 'Save Admissions' }).click()
    const teams = await eventually(async () => {
      const listed = (await harness.api('GET', '/v1/teams')).body.data as Array<{ id: string; name: string; member_ids: string[]; first_response_sla_minutes: number }>
      return listed[0]?.member_ids.length === 1 && listed
    })
    expect(teams[0]).toMatchObject({ name: 'Admissions', first_response_sla_minutes: 30 })

    const billing = (await harness.api('POST', '/v1/teams', { name: 'Billing' })).body.id as string
    await harness.api('PUT', `/v1/conversations/${enc(IN_A)}/team`, { team_id: teams[0]!.id })
    await harness.api('PUT', `/v1/conversations/${enc(IN_B)}/team`, { team_id: billing })
    await ann.goto(`${harness.url}/#/conversations`)
    await ann.reload()
    const items = ann.locator('.list__item')
    await items.filter({ hasText: 'question from 101' }).waitFor()
    await eventually(async () => (await items.count()) === 1)
    expect(await items.filter({ hasText: 'question from 102' }).count()).toBe(0)
    await items.first().getByText('Admissions').waitFor()
  })

  it('shows a viewer masked numbers only, in the list and in the open conversation', async (test) => {
    // Given every team: both conversations are routed by now.
    const vic = await signedIn(test, 'vic@example.com', 'viewer', true)
    const item = vic.locator('.list__item').filter({ hasText: 'question from' }).first()
    await item.waitFor()
    await item.click()
    await vic.locator('.conversation__messages').waitFor()
    const html = await vic.content()
    for (const phone of [IN_A, IN_B]) {
      expect(html).not.toContain(phone)
      expect(html).not.toContain(phone.slice(1))
    }
    // Opened by its key, the address holds the contact id, not the number.
    expect(vic.url()).toMatch(/#\/conversations\/ct_/)
  })
})
