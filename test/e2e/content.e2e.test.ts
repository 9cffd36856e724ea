import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addOperator } from '../../src/core/operators/add-operator.js'
import { buildWebApp, expectNoSeriousA11yViolations, launchBrowser, signInWithForm, skipBrowserTests, type Page, type TestBrowser } from '../support/browser.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

const LAPTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
const PASSWORD = 'correct horse battery'

describe.skipIf(skipBrowserTests)('notes, attachments and the contact panel in headless Chromium', () => {
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
    await addOperator(harness.parley.operators, { email, name, role: 'operator', password: PASSWORD }, Date.now())
    const page = await browser.page(test, viewport)
    await signInWithForm(page, `${harness.url}/`, email, PASSWORD)
    await page.getByRole('heading', { name: 'Conversations' }).waitFor()
    return page
  }

  it('a note mentioning a colleague shows live in their inbox as "You were mentioned", and never reaches the parent', async (test) => {
    const parent = '+4915155507001'
    await harness.api('PUT', `/v1/contacts/${encodeURIComponent(parent)}`, { name: 'Ayşe', timezone: 'Europe/Istanbul', tags: ['grade-5'] })
    await harness.sandbox.userSends(parent, { text: 'Can Max come later on Friday?' })
    const olga = await signedIn(test, 'olga@school.example', 'Olga')
    const pavel = await signedIn(test, 'pavel@school.example', 'Pavel')

    await olga.getByText('Can Max come later on Friday?').first().click()
    // The contact panel, open at laptop width.
    await olga.getByText('Europe/Istanbul').waitFor()
    await olga.getByText('grade-5').waitFor()
    await olga.getByRole('button', { name: 'Note', exact: true }).click()
    await olga.getByLabel('Internal note').fill('@Pav')
    await olga.getByRole('button', { name: '@Pavel' }).click()
    await olga.getByLabel('Internal note').pressSequentially('please call the parent back')
    await olga.getByRole('button', { name: 'Add note' }).click()
    await olga.getByRole('listitem', { name: 'Note — only operators see this' }).filter({ hasText: '@Pavel please call the parent back' }).waitFor()
    await expectNoSeriousA11yViolations(olga)

    // Pavel never reloads: note.created names him, his inbox says so.
    await pavel.getByText('You were mentioned in a note on Ayşe').waitFor()
    await pavel.getByRole('button', { name: 'Open', exact: true }).click()
    const note = pavel.getByRole('listitem', { name: 'Note — only operators see this' })
    await note.filter({ hasText: 'You were mentioned' }).waitFor()
    expect(await pavel.getByText('You were mentioned in a note on Ayşe').count()).toBe(0)
    expect(harness.sandbox.accepted().filter((m) => m.to === parent.slice(1))).toEqual([])
    await olga.close()
    await pavel.close()
  })

  it('attaches an image by URL inside the window at phone width; the parent gets it and the history shows [image] caption', async (test) => {
    const parent = '+4915155507002'
    await harness.sandbox.userSends(parent, { text: 'Could you send the class photo?' })
    const page = await signedIn(test, 'rita@school.example', 'Rita', PHONE)
    await page.getByText('Could you send the class photo?').first().click()
    // Folded on a phone: the messages come first.
    expect(await page.locator('details.contact-panel').getAttribute('open')).toBeNull()
    await page.getByRole('button', { name: 'Attach by URL' }).click()
    await page.getByLabel('https:// address').fill('https://cdn.example.com/class-5b.jpg')
    await page.getByLabel('Caption (optional)').fill('Class 5B')
    await page.getByRole('button', { name: 'Send attachment' }).click()
    const accepted = await eventually(async () => harness.sandbox.accepted().find((m) => m.to === parent.slice(1)), 20_000, 'the image to reach the sandbox')
    expect(accepted).toMatchObject({ type: 'image', content: { link: 'https://cdn.example.com/class-5b.jpg', caption: 'Class 5B' } })
    await page.locator('.conversation__messages').getByText('[image] Class 5B').waitFor()
    await page.close()
  })
})
