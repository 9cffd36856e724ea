import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addOperator } from '../../src/core/operators/add-operator.js'
import { buildWebApp, expectNoSeriousA11yViolations, launchBrowser, signInWithForm, skipBrowserTests, type TestBrowser } from '../support/browser.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

/** The README's picture of the dashboard; rewritten when missing or when PARLEY_UPDATE_SCREENSHOTS=1. */
const DOCS_SCREENSHOTS = join(process.cwd(), 'docs', 'screenshots')

describe.skipIf(skipBrowserTests)('the dashboard in headless Chromium', () => {
  let harness: Harness
  let browser: TestBrowser
  beforeAll(async () => {
    await buildWebApp()
    harness = await startHarness('sqlite')
    browser = await launchBrowser()
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await harness?.close()
  })

  it('shows messages sent through the sandbox once they are read: in the status chart, its table and the rates', { timeout: 120_000 }, async (test) => {
    // A parent writes and is answered; two others get a template.
    const parent = '+4915155507001'
    await harness.sandbox.userSends(parent, { text: 'When is the next lesson?' })
    await eventually(async () => ((await harness.api('GET', `/v1/contacts/${encodeURIComponent(parent)}/messages`)).body.data?.length === 1 ? true : undefined), 20_000, 'the inbound message')
    const sends = [
      { to: parent, text: 'On Monday at 15:00.' },
      { to: '+4915155507002', template: { name: 'hello_world', language: 'en_US' } },
      { to: '+4915155507003', template: { name: 'hello_world', language: 'en_US' } },
    ]
    const ids: string[] = []
    for (const body of sends) {
      const res = await harness.api('POST', '/v1/messages', body)
      expect(res.status).toBe(202)
      ids.push(res.body.id)
    }
    for (const id of ids) await eventually(async () => ((await harness.api('GET', `/v1/messages/${id}`)).body.status === 'read' ? true : undefined), 20_000, `${id} to reach read`)

    await addOperator(harness.parley.operators, { email: 'dana@school.example', name: 'Dana', role: 'operator', password: 'correct horse battery' }, Date.now())
    const page = await browser.page(test, { width: 1280, height: 900 })
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    await signInWithForm(page, `${harness.url}/#/dashboard`, 'dana@school.example', 'correct horse battery')
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor()
    await page.getByRole('button', { name: '7 days' }).click()

    const status = page.getByRole('region', { name: 'Messages by status per day' })
    await status.getByText('Sent in the range: 3; delivered or read: 3, read: 3, failed: 0. From parents: 1.').waitFor()
    // The chart is drawn (bars in the SVG) and its table has today's row with the three read messages.
    expect(await status.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0)
    await status.getByText('Figures as a table').click()
    const today = (await harness.api('GET', '/v1/analytics/messages?days=1')).body.to as string
    const cells = await status.getByRole('row', { name: new RegExp(today) }).locator('th, td').allTextContents()
    expect(cells).toEqual([today, '0', '0', '0', '3', '0', '0', '0', '1'])

    const templates = page.getByRole('region', { name: 'Rates by template' })
    await templates.getByText('Figures as a table').click()
    expect(await templates.getByRole('row', { name: /hello_world/ }).locator('th, td').allTextContents()).toEqual(['hello_world', '2', '100%', '100%', '0%'])
    // The parent's message was answered: one wait, on record with its median.
    const waits = page.getByRole('region', { name: 'How long parents wait for an answer' })
    await waits.getByText(/^Waits answered: 1, not answered: 0; median \d+ (s|sec|min)/).waitFor()

    await expectNoSeriousA11yViolations(page)
    const file = join(DOCS_SCREENSHOTS, 'dashboard-1280.png')
    if (!existsSync(file) || process.env.PARLEY_UPDATE_SCREENSHOTS === '1') {
      mkdirSync(DOCS_SCREENSHOTS, { recursive: true })
      await page.screenshot({ path: file, fullPage: true })
    }

    // At phone width the cards stack and nothing needs sideways scrolling.
    await page.setViewportSize({ width: 390, height: 844 })
    await status.getByText('Sent in the range: 3', { exact: false }).waitFor()
    await eventually(async () => ((await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)) <= 390 ? true : undefined), 5_000, 'the page to fit 390 px')
    await expectNoSeriousA11yViolations(page)
    expect(problems).toEqual([])
    await page.close()
  })
})
