import { afterAll, beforeAll, describe, it } from 'vitest'
import { addOperator } from '../../src/core/operators/add-operator.js'
import { buildWebApp, expectNoSeriousA11yViolations, launchBrowser, signInWithForm, skipBrowserTests, type Page, type TestBrowser } from '../support/browser.js'
import { startHarness, type Harness } from '../support/harness.js'

const LAPTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }

describe.skipIf(skipBrowserTests)('sharing the work in the inbox, in headless Chromium', () => {
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

  async function signedIn(test: Parameters<TestBrowser['page']>[0], email: string, name: string, viewport = LAPTOP): Promise<Page> {
    await addOperator(harness.parley.operators, { email, name, role: 'operator', password: 'correct horse battery' }, Date.now())
    const page = await browser.page(test, viewport)
    await signInWithForm(page, `${harness.url}/`, email, 'correct horse battery')
    await page.getByRole('heading', { name: 'Conversations' }).waitFor()
    return page
  }
  const listItem = (page: Page, text: string) => page.locator('.list__item').filter({ hasText: text })

  it("shows one operator's typing to another; a resolve leaves both lists, and the parent's next message reopens it live", async (test) => {
    const anna = await signedIn(test, 'anna.typing@school.example', 'Anna')
    const boris = await signedIn(test, 'boris.typing@school.example', 'Boris')
    const parent = '+4915155503001'
    await harness.sandbox.userSends(parent, { text: 'Is there homework today?' })
    await listItem(anna, 'Is there homework today?').click()
    await listItem(boris, 'Is there homework today?').click()
    await listItem(boris, 'Is there homework today?').getByText(/^Waiting \d/).waitFor()

    await anna.getByRole('textbox', { name: 'Reply' }).fill('Let me check')
    await boris.getByRole('status').filter({ hasText: 'Anna is typing…' }).waitFor()
    // Anna does not see herself typing (her signal reached Boris, so it reached her page too).
    if ((await anna.getByText('Anna is typing…').count()) !== 0) throw new Error('Anna sees her own typing')

    await boris.getByRole('button', { name: 'Resolve' }).click()
    await boris.getByRole('button', { name: 'Reopen' }).waitFor()
    // Anna's inbox hears it live: her header offers Reopen, and her open list no longer has it.
    await anna.getByRole('button', { name: 'Reopen' }).waitFor()
    await listItem(anna, 'Is there homework today?').waitFor({ state: 'detached' })
    await anna.getByLabel('Show').selectOption('resolved')
    await listItem(anna, 'Is there homework today?').waitFor()
    await anna.getByLabel('Show').selectOption('all')

    await harness.sandbox.userSends(parent, { text: 'Hello again?' })
    await anna.getByRole('button', { name: 'Resolve' }).waitFor()
    await listItem(anna, 'Hello again?').waitFor()
    await listItem(boris, 'Hello again?').waitFor()
    await expectNoSeriousA11yViolations(boris)
    await anna.close()
    await boris.close()
  })

  it('fits the header and list at phone width', async (test) => {
    const page = await signedIn(test, 'cem.phone@school.example', 'Cem', PHONE)
    await harness.sandbox.userSends('+4915155503002', { text: 'Phone width check' })
    await listItem(page, 'Phone width check').click()
    await page.getByRole('button', { name: 'Resolve' }).waitFor()
    const width = await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)
    if (width > PHONE.width) throw new Error(`the page is ${width} px wide at ${PHONE.width} px`)
    await expectNoSeriousA11yViolations(page)
    await page.close()
  })
})
