import { execFile } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addOperator } from '../../src/core/operators/add-operator.js'
import type { Role } from '../../src/core/operators/model.js'
import { expectNoSeriousA11yViolations, launchBrowser, skipBrowserTests, type Page, type TestBrowser } from '../support/browser.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

const run = promisify(execFile)

/** The README's pictures of the inbox; rewritten when missing or when PARLEY_UPDATE_SCREENSHOTS=1. */
const DOCS_SCREENSHOTS = join(process.cwd(), 'docs', 'screenshots')

const WIDTHS = [
  { name: 'laptop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const

/** The app asks GET /v1/session at load; signed out, its 401 is logged by the browser, and expected. */
const isPendingSessionCheck = (url: string) => new URL(url, 'http://x').pathname === '/v1/session'

describe.skipIf(skipBrowserTests)('the operator inbox in headless Chromium', () => {
  let harness: Harness
  let browser: TestBrowser
  beforeAll(async () => {
    // The same freshness rule `npm start` applies: build web/dist only when older than web/.
    await run(process.execPath, ['bin/web-build.js'], { timeout: 120_000 })
    harness = await startHarness('sqlite')
    browser = await launchBrowser()
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await harness?.close()
  })

  /** A new operator of this role, signed in in a browser of their own, the list loaded. */
  async function signedIn(test: Parameters<TestBrowser['page']>[0], email: string, name: string, role: Role): Promise<Page> {
    await addOperator(harness.parley.operators, { email, name, role, password: 'correct horse battery' }, Date.now())
    const page = await browser.page(test, WIDTHS[0].viewport)
    await page.goto(`${harness.url}/`)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill('correct horse battery')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Conversations' }).waitFor()
    return page
  }

  /** The list's entry for the conversation whose last message is `text`. */
  const listItem = (page: Page, text: string) => page.locator('.list__item').filter({ hasText: text })

  for (const { name, viewport } of WIDTHS) it(`shows the login screen at ${name} width (${viewport.width} px), accessible and within the CSP`, async (test) => {
    const page = await browser.page(test, viewport)
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => void (message.type() === 'error' && !isPendingSessionCheck(message.location().url) && problems.push(`console: ${message.text()}`)))

    const response = await page.goto(`${harness.url}/`)
    expect(response?.headers()['content-security-policy']).toMatch(/default-src 'self'/)
    // No session yet: the login form shows.
    await page.getByRole('heading', { name: 'Sign in to the inbox' }).waitFor()
    expect(await page.getByLabel('Email').isVisible()).toBe(true)
    expect(await page.getByLabel('Password').isVisible()).toBe(true)
    expect(await page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true)
    // Nothing wider than the screen: the phone layout needs no sideways scrolling.
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)

    await expectNoSeriousA11yViolations(page)
    expect(problems).toEqual([])

    const file = join(DOCS_SCREENSHOTS, `inbox-login-${viewport.width}.png`)
    if (!existsSync(file) || process.env.PARLEY_UPDATE_SCREENSHOTS === '1') {
      mkdirSync(DOCS_SCREENSHOTS, { recursive: true })
      await page.screenshot({ path: file })
    }
    await page.close()
  })

  it('switches the login screen to Russian', async (test) => {
    const page = await browser.page(test, WIDTHS[0].viewport)
    await page.goto(`${harness.url}/`)
    await page.getByLabel('Language').selectOption('ru')
    await page.getByRole('heading', { name: 'Вход во входящие' }).waitFor()
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.lang)).toBe('ru')
    await page.close()
  })

  it('signs an operator in with the password set by `operators add`, and out again', async (test) => {
    await addOperator(harness.parley.operators, { email: 'olga@school.example', name: 'Olga', role: 'operator', password: 'correct horse battery' }, Date.now())
    const page = await browser.page(test, WIDTHS[0].viewport)
    await page.goto(`${harness.url}/`)
    await page.getByLabel('Email').fill('olga@school.example')
    await page.getByLabel('Password').fill('wrong password, surely')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').waitFor()
    await page.getByLabel('Password').fill('correct horse battery')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('button', { name: 'Log out' }).waitFor()
    // The session is an HTTP-only cookie: the page's script cannot read it.
    expect(await page.evaluate(() => (globalThis as any).document.cookie)).toBe('')
    expect((await page.context().cookies()).map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([['parley_session', true, 'Strict']])
    // A reload keeps the operator signed in; logging out ends the session.
    await page.reload()
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByRole('heading', { name: 'Sign in to the inbox' }).waitFor()
    await page.close()
  })

  it("shows a parent's message arriving live, and the operator's reply reaches the parent", async (test) => {
    await addOperator(harness.parley.operators, { email: 'ivan@school.example', name: 'Ivan', role: 'operator', password: 'another horse battery' }, Date.now())
    const page = await browser.page(test, WIDTHS[0].viewport)
    await page.goto(`${harness.url}/`)
    await page.getByLabel('Email').fill('ivan@school.example')
    await page.getByLabel('Password').fill('another horse battery')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Conversations' }).waitFor()

    // The parent writes on WhatsApp (the sandbox), after the list has loaded: it must come live.
    const parent = '+4915155501234'
    await harness.sandbox.userSends(parent, { text: 'Is the lesson at 15:00 still on?' })
    await page.getByText('Is the lesson at 15:00 still on?').first().click()
    await page.getByRole('textbox', { name: 'Reply' }).fill('Yes, see you at 15:00!')
    await page.getByRole('button', { name: 'Send' }).click()
    await eventually(async () => harness.sandbox.accepted().find((m) => m.to === parent.slice(1) && JSON.stringify(m).includes('see you at 15:00')), 20_000, 'the reply to reach the sandbox')
    await page.getByText('Yes, see you at 15:00!').first().waitFor()
    const file = join(DOCS_SCREENSHOTS, 'inbox-conversation-1280.png')
    if (!existsSync(file) || process.env.PARLEY_UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: file })
    await page.close()
  })

  it('sends a template through the form to a contact whose window is closed; it reaches read', async (test) => {
    await addOperator(harness.parley.operators, { email: 'nina@school.example', name: 'Nina', role: 'operator', password: 'correct horse battery' }, Date.now())
    // A contact who never wrote: the window never opened.
    const phone = '+4915112349001'
    expect((await harness.api('PUT', `/v1/contacts/${encodeURIComponent(phone)}`, { name: 'Maria', language: 'en' })).status).toBe(200)
    const page = await browser.page(test, WIDTHS[0].viewport)
    await page.goto(`${harness.url}/#/conversations/${encodeURIComponent(phone)}`)
    await page.getByLabel('Email').fill('nina@school.example')
    await page.getByLabel('Password').fill('correct horse battery')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Maria' }).waitFor()
    await page.getByLabel('Template', { exact: true }).selectOption('hello_world/en_US')
    // The server's rendering: header, body and footer, exactly as the parent will see them.
    const preview = page.getByTestId('template-preview')
    await preview.waitFor()
    const shown = await preview.textContent()
    expect(shown).toMatch(/^Hello World\nWelcome and congratulations!! .*\nWhatsApp Business Platform sample message$/s)
    await page.getByRole('button', { name: 'Send template' }).click()
    await page.getByRole('status').filter({ hasText: 'Template sent.' }).waitFor()
    const accepted = await eventually(async () => harness.sandbox.accepted().find((m) => m.to === phone.slice(1) || m.to === phone), 20_000, 'the sandbox to accept the template')
    expect(accepted).toMatchObject({ type: 'template', template: { name: 'hello_world', language: 'en_US' } })
    const page1 = await harness.api('GET', `/v1/contacts/${encodeURIComponent(phone)}/messages`)
    const id = page1.body.data[0].id
    await eventually(async () => ((await harness.api('GET', `/v1/messages/${id}`)).body.status === 'read' ? true : undefined), 20_000, 'the template to reach read')
    expect((await harness.api('GET', `/v1/messages/${id}`)).body.text).toBe(shown)
    await expectNoSeriousA11yViolations(page)
    await page.close()
  })

  it("shows an assignment live in a second operator's list: A takes a conversation, B sees A's name without reloading", async (test) => {
    const anna = await signedIn(test, 'anna.assign@school.example', 'Anna', 'operator')
    const boris = await signedIn(test, 'boris.assign@school.example', 'Boris', 'operator')
    const text = 'Can we move the lesson to Friday?'
    await harness.sandbox.userSends('+4915155502001', { text })
    await listItem(boris, text).waitFor()
    await listItem(anna, text).click()
    await anna.getByRole('button', { name: 'Assign to me' }).click()
    await anna.getByTestId('assignee').filter({ hasText: 'Assigned to Anna' }).waitFor()
    expect(await anna.getByRole('button', { name: 'Assign to me' }).count()).toBe(0)
    // Boris never reloads: the assignment comes over the live feed.
    await listItem(boris, text).getByText('Assigned to Anna').waitFor()
    // Anna's "Assigned to me" filter shows it; Boris's does not.
    await anna.getByLabel('Show').selectOption('mine')
    await listItem(anna, text).waitFor()
    await boris.getByLabel('Show').selectOption('mine')
    await boris.getByText('No conversations here.').waitFor()
    await anna.close()
    await boris.close()
  })

  it('gives a viewer the conversation without a composer or assign buttons, and the API refuses their send with 403', async (test) => {
    const text = 'Where do I find the invoice?'
    await harness.sandbox.userSends('+4915155502002', { text })
    const viewer = await signedIn(test, 'vera.viewer@school.example', 'Vera', 'viewer')
    await listItem(viewer, text).click()
    await viewer.getByText('You can read this conversation; your role cannot reply or assign it.').waitFor()
    await viewer.getByText(text, { exact: true }).last().waitFor()
    expect(await viewer.getByRole('textbox', { name: 'Reply' }).count()).toBe(0)
    expect(await viewer.getByRole('button', { name: 'Assign to me' }).count()).toBe(0)
    // The page's own session and CSRF token, used directly: the server still says no.
    const refused = await viewer.evaluate(async () => {
      const session = (await (await fetch('/v1/session')).json()) as { csrf_token: string }
      const response = await fetch('/v1/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token },
        body: JSON.stringify({ to: '+4915155502002', text: 'I should not be able to send this' }),
      })
      return { status: response.status, body: (await response.json()) as { error: { code: string } } }
    })
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } })
    expect(harness.sandbox.accepted().some((m) => JSON.stringify(m).includes('I should not be able to send this'))).toBe(false)
    await viewer.close()
  })

  it("marks a conversation read when it is opened: the unread badge clears and the sandbox records the read receipt of the parent's message", async (test) => {
    const page = await signedIn(test, 'rita.reader@school.example', 'Rita', 'operator')
    const text = 'Did you get my form?'
    const wamid = await harness.sandbox.userSends('+4915155502003', { text })
    await listItem(page, text).getByText('1 unread').waitFor()
    expect(harness.sandbox.readReceipts().some((r) => r.messageId === wamid)).toBe(false)
    await listItem(page, text).click()
    await eventually(async () => harness.sandbox.readReceipts().find((r) => r.messageId === wamid), 20_000, 'the read receipt to reach the sandbox')
    await listItem(page, text).filter({ hasNotText: 'unread' }).waitFor()
    // A second message while the conversation stays open is marked read too.
    const second = await harness.sandbox.userSends('+4915155502003', { text: 'It was the blue one.' })
    await eventually(async () => harness.sandbox.readReceipts().find((r) => r.messageId === second), 20_000, 'the second read receipt')
    await page.close()
  })
})
