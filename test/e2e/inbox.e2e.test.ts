import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addOperator } from '../../src/core/operators/add-operator.js'
import type { Role } from '../../src/core/operators/model.js'
import type { TemplateDefinition } from '../../src/core/templates/model.js'
import { buildWebApp, expectNoSeriousA11yViolations, launchBrowser, signInWithForm, skipBrowserTests, type Page, type TestBrowser } from '../support/browser.js'
import { eventually, shiftedClock, startHarness, type Harness } from '../support/harness.js'
import { approveTemplates, INSTANT_APPROVAL } from '../support/templates.js'

/** The README's pictures of the inbox; rewritten when missing or when PARLEY_UPDATE_SCREENSHOTS=1. */
const DOCS_SCREENSHOTS = join(process.cwd(), 'docs', 'screenshots')

const WIDTHS = [
  { name: 'laptop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const

const HOUR = 3_600_000
const PASSWORD = 'correct horse battery'

/** The payment link's settings (README, "Payment link"), and its template with the URL button. */
const PAYMENT_LINK_ENV = { PARLEY_PAYMENT_LINK_URL: 'https://pay.school.example/{external_id}', PARLEY_PAYMENT_LINK_TEMPLATE: 'fee_link' }
const FEE_LINK: TemplateDefinition = {
  name: 'fee_link',
  language: 'en',
  category: 'UTILITY',
  parameterFormat: 'positional',
  header: null,
  body: { text: 'The autumn term fee is due. Pay online with the button below.', examples: {} },
  footer: null,
  buttons: [{ type: 'url', text: 'Pay', url: 'https://pay.school.example/{{1}}', example: 'S-1' }],
}
/** A template with parameters, for a parent whose window has closed. */
const LESSON_REMINDER: TemplateDefinition = {
  name: 'lesson_reminder',
  language: 'en',
  category: 'UTILITY',
  parameterFormat: 'positional',
  header: null,
  body: { text: 'Hello {{1}}, a reminder: the next lesson is on {{2}}. See you there!', examples: { '1': 'Ana', '2': 'Friday' } },
  footer: null,
  buttons: [],
}

/** The app asks GET /v1/session at load; signed out, its 401 is logged by the browser, and expected. */
const isPendingSessionCheck = (url: string) => new URL(url, 'http://x').pathname === '/v1/session'

describe.skipIf(skipBrowserTests)('the operator inbox in headless Chromium', () => {
  let harness: Harness
  let browser: TestBrowser
  /** Parley's and the sandbox's clock; a page given `clock: true` keeps its own fake clock at the same time. */
  const clock = shiftedClock()
  beforeAll(async () => {
    await buildWebApp()
    harness = await startHarness('sqlite', {
      clock,
      // Sessions outlast the days the window tests jump over.
      env: { ...PAYMENT_LINK_ENV, PARLEY_SESSION_TTL_MS: String(30 * 24 * HOUR) },
      sandbox: { templateReview: INSTANT_APPROVAL },
    })
    await approveTemplates(harness, [{ definition: FEE_LINK }, { definition: LESSON_REMINDER }])
    browser = await launchBrowser()
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await harness?.close()
  })

  /**
   * A new operator of this role, signed in in a browser of their own at `at` (an address such as
   * `#/conversations/…`). With `clock`, the page's clock stands where Parley's and the sandbox's
   * do, so that `jump` moves all three.
   */
  async function signedIn(test: Parameters<TestBrowser['page']>[0], email: string, name: string, role: Role, options: { at?: string; clock?: boolean } = {}): Promise<Page> {
    await addOperator(harness.parley.operators, { email, name, role, password: PASSWORD }, clock.now())
    const page = await browser.page(test, WIDTHS[0].viewport)
    if (options.clock) await page.clock.install({ time: clock.now() })
    await signInWithForm(page, `${harness.url}/${options.at ?? ''}`, email, PASSWORD)
    await page.getByRole('button', { name: 'Log out' }).waitFor()
    return page
  }

  /**
   * Time passes for Parley, the sandbox and the page alike, as when the operator comes back the
   * next day: the page's timers due meanwhile fire once (what makes its countdowns tick).
   */
  async function jump(page: Page, ms: number): Promise<void> {
    clock.advance(ms)
    await page.clock.fastForward(ms)
  }

  /** The open conversation, named by its heading. */
  const conversationOf = (page: Page, name: string) => page.getByRole('region', { name })

  /** Writes a README picture when it is missing or PARLEY_UPDATE_SCREENSHOTS=1. */
  async function keepDocsScreenshot(page: Page, name: string): Promise<void> {
    const file = join(DOCS_SCREENSHOTS, name)
    if (existsSync(file) && process.env.PARLEY_UPDATE_SCREENSHOTS !== '1') return
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true })
    await page.screenshot({ path: file })
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

    await keepDocsScreenshot(page, `inbox-login-${viewport.width}.png`)
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
    await addOperator(harness.parley.operators, { email: 'olga@school.example', name: 'Olga', role: 'operator', password: PASSWORD }, clock.now())
    const page = await browser.page(test, WIDTHS[0].viewport)
    await signInWithForm(page, `${harness.url}/`, 'olga@school.example', 'wrong password, surely')
    await page.getByRole('alert').waitFor()
    await page.getByLabel('Password').fill(PASSWORD)
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

  it("shows a parent's message arriving live, and the operator's reply reaches the parent; the open conversation at 1280 and 390 px", async (test) => {
    const page = await signedIn(test, 'ivan@school.example', 'Ivan', 'operator')
    await page.getByRole('heading', { name: 'Conversations' }).waitFor()
    // The parent writes on WhatsApp (the sandbox), after the list has loaded: it must come live.
    const parent = '+4915155501234'
    await harness.api('PUT', `/v1/contacts/${encodeURIComponent(parent)}`, { name: 'Lena Wolf' })
    await harness.sandbox.userSends(parent, { text: 'Is the lesson at 15:00 still on?' })
    await listItem(page, 'Is the lesson at 15:00 still on?').click()
    const view = conversationOf(page, 'Lena Wolf')
    await view.getByText('Window open').waitFor()
    await view.getByRole('textbox', { name: 'Reply' }).fill('Yes, see you at 15:00!')
    await view.getByRole('button', { name: 'Send' }).click()
    const reply = await eventually(async () => harness.sandbox.accepted().find((m) => m.to === parent.slice(1) && m.type === 'text'), 20_000, 'the reply to reach the sandbox')
    expect(reply.content).toMatchObject({ body: 'Yes, see you at 15:00!' })
    // The parent's phone reports it read (the sandbox's user reads at once): blue ticks, live.
    await view.getByRole('listitem').filter({ hasText: 'Yes, see you at 15:00!' }).getByRole('img', { name: 'Read' }).waitFor()
    await expectNoSeriousA11yViolations(page)
    await keepDocsScreenshot(page, 'inbox-conversation-1280.png')

    // At phone width the same page shows the conversation alone, nothing wider than the screen.
    await page.setViewportSize(WIDTHS[1].viewport)
    await view.getByRole('textbox', { name: 'Reply' }).waitFor()
    expect(await page.getByRole('heading', { name: 'Conversations' }).isVisible()).toBe(false)
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTHS[1].viewport.width)
    await expectNoSeriousA11yViolations(page)
    await keepDocsScreenshot(page, 'inbox-conversation-390.png')
    await page.close()
  }, 60_000)

  it('sends a template through the form to a contact whose window is closed; it reaches read', async (test) => {
    // A contact who never wrote: the window never opened.
    const phone = '+4915112349001'
    expect((await harness.api('PUT', `/v1/contacts/${encodeURIComponent(phone)}`, { name: 'Maria', language: 'en' })).status).toBe(200)
    const page = await signedIn(test, 'nina@school.example', 'Nina', 'operator', { at: `#/conversations/${encodeURIComponent(phone)}` })
    await page.getByRole('heading', { name: 'Maria' }).waitFor()
    await page.getByLabel('Template', { exact: true }).selectOption('hello_world/en_US')
    // The server's rendering: header, body and footer, exactly as the parent will see them.
    const preview = page.getByTestId('template-preview')
    await preview.waitFor()
    const shown = await preview.textContent()
    expect(shown).toMatch(/^Hello World\nWelcome and congratulations!! .*\nWhatsApp Business Platform sample message$/s)
    // Its price before it goes: the estimate the send's answer then carries.
    const estimate = page.getByTestId('send-estimate')
    await estimate.waitFor()
    const priced = await estimate.textContent()
    expect(priced).toMatch(/^Costs about \$0\.\d+ \(utility\)$/)
    await page.getByRole('button', { name: 'Send template' }).click()
    await page.getByRole('status').filter({ hasText: 'Template sent.' }).waitFor()
    const accepted = await eventually(async () => harness.sandbox.accepted().find((m) => m.to === phone.slice(1) || m.to === phone), 20_000, 'the sandbox to accept the template')
    expect(accepted).toMatchObject({ type: 'template', template: { name: 'hello_world', language: 'en_US' } })
    const page1 = await harness.api('GET', `/v1/contacts/${encodeURIComponent(phone)}/messages`)
    const id = page1.body.data[0].id
    await eventually(async () => ((await harness.api('GET', `/v1/messages/${id}`)).body.status === 'read' ? true : undefined), 20_000, 'the template to reach read')
    const message = (await harness.api('GET', `/v1/messages/${id}`)).body
    expect(message.text).toBe(shown)
    const usd = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 })
    expect(priced).toBe(`Costs about ${usd.format(message.cost.estimated.total_micros / 1_000_000)} (utility)`)
    await expectNoSeriousA11yViolations(page)
    await page.close()
  })

  it('closes the window on the clock Parley and the sandbox share: the countdown turns to "Window closed" live, only templates are offered, and the template sent with its parameters reaches read', async (test) => {
    const phone = '+4915155503001'
    await harness.api('PUT', `/v1/contacts/${encodeURIComponent(phone)}`, { name: 'Paula Berg', language: 'en' })
    const text = 'Can my son still join the Friday group?'
    await harness.sandbox.userSends(phone, { text })
    const page = await signedIn(test, 'wanda.window@school.example', 'Wanda', 'operator', { clock: true })
    await listItem(page, text).click()
    const view = conversationOf(page, 'Paula Berg')
    await view.getByText('Window open').waitFor()
    await view.getByRole('textbox', { name: 'Reply' }).waitFor()

    // 23 hours later the badge counts down; the window is still open, free text still offered.
    await jump(page, 23 * HOUR)
    await view.getByText(/^Window closes in \S/).waitFor()
    expect(await view.getByRole('textbox', { name: 'Reply' }).isVisible()).toBe(true)

    // Past 24 hours: closed, without a reload, and the composer offers templates only.
    await jump(page, HOUR + 60_000)
    await view.getByText('Window closed').waitFor()
    await view.getByText('The 24-hour window is closed: only a template can be sent.').waitFor()
    expect(await view.getByRole('textbox', { name: 'Reply' }).count()).toBe(0)
    // Parley and the sandbox read the same clock, so they agree.
    expect(harness.sandbox.user(phone).windowClosesAt).toBeLessThan(clock.now())
    const listed = await harness.api('GET', `/v1/conversations?q=${encodeURIComponent('Paula Berg')}`)
    expect(listed.body.data).toMatchObject([{ phone, window: { open: false } }])
    await expectNoSeriousA11yViolations(page)

    await view.getByLabel('Template', { exact: true }).selectOption('lesson_reminder/en')
    await view.getByLabel('Variable 1').fill('Paula')
    await view.getByLabel('Variable 2').fill('Friday, 16:00')
    const expected = 'Hello Paula, a reminder: the next lesson is on Friday, 16:00. See you there!'
    await view.getByTestId('template-preview').filter({ hasText: expected }).waitFor()
    await view.getByRole('button', { name: 'Send template' }).click()
    await view.getByRole('status').filter({ hasText: 'Template sent.' }).waitFor()
    const accepted = await eventually(async () => harness.sandbox.accepted().find((m) => m.to === phone.slice(1) && m.type === 'template'), 20_000, 'the template to reach the sandbox')
    expect(accepted).toMatchObject({ template: { name: 'lesson_reminder', language: 'en' }, failsWith: null })
    expect(accepted.content).toMatchObject({ components: [{ type: 'body', parameters: [{ type: 'text', text: 'Paula' }, { type: 'text', text: 'Friday, 16:00' }] }] })
    // The parent reads it (the sandbox's user sends read receipts): read ticks, live.
    const bubble = view.getByRole('listitem').filter({ hasText: expected })
    await bubble.getByRole('img', { name: 'Read' }).waitFor()
    const sent = (await harness.api('GET', `/v1/contacts/${encodeURIComponent(phone)}/messages`)).body.data[0]
    expect(sent).toMatchObject({ direction: 'outbound', status: 'read', text: expected })
    await page.close()
  }, 60_000)

  it('puts the payment link into the text inside the window, and sends its template with the URL button outside it', async (test) => {
    const phone = '+4915155503002'
    await harness.api('PUT', `/v1/contacts/${encodeURIComponent(phone)}`, { name: 'Petra Kühn', language: 'en', external_id: 'S-1042' })
    const text = 'How do I pay the autumn fee?'
    await harness.sandbox.userSends(phone, { text })
    const page = await signedIn(test, 'pavel.pay@school.example', 'Pavel', 'operator', { clock: true })
    await listItem(page, text).click()
    const view = conversationOf(page, 'Petra Kühn')

    // Inside the window: the link, filled in with the contact's external id, goes after the text typed.
    const reply = view.getByRole('textbox', { name: 'Reply' })
    await reply.fill('Here is your link:')
    await view.getByRole('button', { name: 'Payment link' }).click()
    await eventually(async () => (await reply.inputValue()) === 'Here is your link: https://pay.school.example/S-1042', 15_000, 'the link to be inserted')
    await view.getByRole('button', { name: 'Send' }).click()
    const asText = await eventually(async () => harness.sandbox.accepted().find((m) => m.to === phone.slice(1) && m.type === 'text'), 20_000, 'the link as text to reach the sandbox')
    expect(asText.content).toMatchObject({ body: 'Here is your link: https://pay.school.example/S-1042' })
    await view.getByRole('listitem').filter({ hasText: 'Here is your link:' }).getByRole('img', { name: 'Read' }).waitFor()

    // The next day: the button picks the payment template, its URL button's value already filled in.
    await jump(page, 25 * HOUR)
    await view.getByText('Window closed').waitFor()
    await view.getByRole('button', { name: 'Payment link' }).click()
    // The form picks the template once the approved templates have loaded: wait for it, then read.
    await eventually(async () => (await view.getByLabel('Template', { exact: true }).inputValue()) === 'fee_link/en', 15_000, 'the payment template to be picked')
    expect(await view.getByLabel('Button “Pay”').inputValue()).toBe('S-1042')
    await view.getByText('Pay → https://pay.school.example/S-1042').waitFor()
    await view.getByRole('button', { name: 'Send template' }).click()
    await view.getByRole('status').filter({ hasText: 'Template sent.' }).waitFor()
    const asTemplate = await eventually(async () => harness.sandbox.accepted().find((m) => m.to === phone.slice(1) && m.type === 'template'), 20_000, 'the payment template to reach the sandbox')
    expect(asTemplate).toMatchObject({ template: { name: 'fee_link', language: 'en' }, failsWith: null })
    expect(asTemplate.content).toMatchObject({ components: [{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'S-1042' }] }] })
    await page.close()
  }, 60_000)

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
  }, 60_000)

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

  it("keeps an operator out of the admin page: no link to it, its address says so, and the API refuses the admin's routes with 403", async (test) => {
    const admin = await signedIn(test, 'alma.admin@school.example', 'Alma', 'admin')
    const nav = (page: Page) => page.getByRole('navigation', { name: 'Pages' })
    await nav(admin).getByRole('link', { name: 'Operators and teams' }).waitFor()
    await admin.close()

    const operator = await signedIn(test, 'otto.operator@school.example', 'Otto', 'operator')
    await nav(operator).getByRole('link', { name: 'Inbox' }).waitFor()
    expect(await nav(operator).getByRole('link', { name: 'Operators and teams' }).count()).toBe(0)
    await operator.goto(`${harness.url}/#/admin`)
    await operator.getByRole('alert').filter({ hasText: 'Only an admin can open this page.' }).waitFor()
    expect(await operator.getByRole('heading', { name: 'Operators and teams' }).count()).toBe(0)
    // The page's own session, used directly: the server refuses what the admin page would ask.
    const statuses = await operator.evaluate(async () => Promise.all(['/v1/keys', '/v1/audit', '/v1/rules'].map(async (path) => [path, (await fetch(path)).status])))
    expect(statuses).toEqual([['/v1/keys', 403], ['/v1/audit', 403], ['/v1/rules', 403]])
    await operator.close()
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
