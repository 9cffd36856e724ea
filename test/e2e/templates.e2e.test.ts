import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addOperator } from '../../src/core/operators/add-operator.js'
import type { Role } from '../../src/core/operators/model.js'
import { buildWebApp, expectNoSeriousA11yViolations, launchBrowser, signInWithForm, skipBrowserTests, type Page, type TestBrowser } from '../support/browser.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

/** The README's picture of the templates page; rewritten when missing or when PARLEY_UPDATE_SCREENSHOTS=1. */
const DOCS_SCREENSHOTS = join(process.cwd(), 'docs', 'screenshots')

const LAPTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }

const reminder = (language: string, body: string) => ({
  name: 'lesson_reminder',
  language,
  category: 'UTILITY',
  tags: ['lessons'],
  folder: 'lessons',
  body,
  examples: { child_name: 'Max', time: '15:00' },
})

const EN = 'Reminder: the English lesson for {{child_name}} starts today at {{time}}. Please have the headphones ready.'
// The Turkish version left in English: the sandbox rejects every Turkish template (INVALID_FORMAT), and lint says why.
const TR_IN_ENGLISH = 'Reminder: the English lesson for {{child_name}} starts today at {{time}}. Please have the headphones ready now.'
const FEE = { name: 'fee_due', language: 'en', category: 'UTILITY', tags: ['payments'], folder: 'payments', body: 'Hello {{parent_name}}, the fee of {{amount}} is due this week. Thank you!', examples: { parent_name: 'Anna', amount: '40 EUR' } }

describe.skipIf(skipBrowserTests)('the templates page in headless Chromium', () => {
  let harness: Harness
  let browser: TestBrowser
  beforeAll(async () => {
    await buildWebApp()
    harness = await startHarness('sqlite', {
      // No seeded samples: the page shows exactly the templates pushed here.
      sandbox: { templates: [], templateReview: { delayMs: 20, rejectLanguages: [{ language: 'tr', reason: 'INVALID_FORMAT' }], reclassifyUtilityToMarketing: 'never' } } as never,
    })
    browser = await launchBrowser()
    for (const body of [reminder('en', EN), reminder('tr', TR_IN_ENGLISH)]) expect((await harness.api('POST', '/v1/templates?submit=true', body)).status).toBe(201)
    expect((await harness.api('POST', '/v1/templates', FEE)).status).toBe(201)
    for (const [language, status] of [['en', 'approved'], ['tr', 'rejected']]) {
      await eventually(async () => (await harness.api('GET', `/v1/templates/lesson_reminder/${language}`)).body.status === status, 20_000, `lesson_reminder/${language} to be ${status}`)
    }
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await harness?.close()
  })

  async function signedIn(test: Parameters<TestBrowser['page']>[0], email: string, role: Role, viewport: { width: number; height: number }): Promise<Page> {
    await addOperator(harness.parley.operators, { email, name: email.split('@')[0]!, role, password: 'correct horse battery' }, Date.now())
    const page = await browser.page(test, viewport)
    await signInWithForm(page, `${harness.url}/#/templates`, email, 'correct horse battery')
    await page.getByRole('heading', { name: 'Templates', level: 1 }).waitFor()
    return page
  }

  it("lets a viewer filter to the rejected template, open it and read the sandbox's reason and lint's findings", async (test) => {
    const page = await signedIn(test, 'vera.templates@school.example', 'viewer', LAPTOP)
    const rows = page.getByTestId('template-row')
    await page.getByText('Showing 3 of 3').waitFor()
    // Language coverage: fee_due has English only, against en and tr in use.
    await page.getByRole('region', { name: 'Language coverage' }).getByText('Templates missing a language: 1 (languages in use: en, tr).').waitFor()
    await expectNoSeriousA11yViolations(page)
    const file = join(DOCS_SCREENSHOTS, 'templates-1280.png')
    if (!existsSync(file) || process.env.PARLEY_UPDATE_SCREENSHOTS === '1') {
      mkdirSync(DOCS_SCREENSHOTS, { recursive: true })
      await page.screenshot({ path: file, fullPage: true })
    }

    await page.getByLabel('Status').selectOption('rejected')
    await page.getByText('Showing 1 of 1').waitFor()
    expect(await rows.count()).toBe(1)
    await rows.first().getByText('INVALID_FORMAT').waitFor()
    await rows.first().getByRole('link', { name: 'lesson_reminder' }).click()

    const detail = page.getByRole('article', { name: 'lesson_reminder (tr)' })
    await detail.waitFor()
    expect(page.url()).toMatch(/#\/templates\/lesson_reminder\/tr$/)
    await page.getByTestId('rejections').getByText(/INVALID_FORMAT/).first().waitFor()
    const finding = page.getByTestId('lint-findings').locator('li').filter({ hasText: 'language.mismatch' })
    await finding.waitFor()
    expect(await finding.textContent()).toMatch(/Source: .*§/)
    expect(await page.getByRole('button', { name: 'Submit for review' }).count()).toBe(0)
    await expectNoSeriousA11yViolations(page)

    // Back to the list: the filter is kept.
    await page.getByRole('link', { name: '← All templates' }).click()
    await page.getByText('Showing 1 of 1').waitFor()
    expect(await page.getByLabel('Status').inputValue()).toBe('rejected')
    await page.close()
  })

  it('turns the table into cards on a phone, nothing wider than the screen, and lets an operator submit a draft', async (test) => {
    const page = await signedIn(test, 'olga.templates@school.example', 'operator', PHONE)
    await page.getByText('Showing 3 of 3').waitFor()
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    expect(await page.locator('.tpl-table thead').first().boundingBox().then((box) => (box?.height ?? 0) <= 1)).toBe(true)
    await expectNoSeriousA11yViolations(page)

    await page.getByRole('link', { name: 'fee_due', exact: true }).click()
    await page.getByRole('article', { name: 'fee_due (en)' }).waitFor()
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    await page.getByRole('button', { name: 'Submit for review' }).click()
    await page.getByRole('status').filter({ hasText: 'Submitted for review.' }).waitFor()
    await eventually(async () => (await harness.api('GET', '/v1/templates/fee_due/en')).body.status === 'approved', 20_000, 'fee_due to be approved')
    await page.close()
  })
})
