import { execFile } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { chromium, type Browser, type Page } from 'playwright-core'
import axe from 'axe-core'
import { expect, inject, onTestFailed, type TestContext } from 'vitest'

/** Where a failing browser test leaves a picture of the page (.ci/run's output keeps it). */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots')

/** Flags for a quiet, reproducible headless Chromium: no GPU, no sandbox (root in CI), no calls home. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** The Chromium the global setup found, or null: then the caller skips, with the setup's reason. */
export const chromiumPath: string | null = inject('chromiumPath')
export const skipBrowserTests = chromiumPath === null

export interface TestBrowser {
  browser: Browser
  /**
   * A new page at this viewport in a context of its own: its own cookies and storage, as a second
   * operator's browser would be. A failing test's pages are photographed.
   */
  page(test: TestContext, viewport: { width: number; height: number }): Promise<Page>
  close(): Promise<void>
}

/** A failing test's picture: its name, shortened, then the viewport's width (kept even when the name is long). */
function fileNameOf(name: string, width: number): string {
  return `${name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '').slice(0, 120)}-${width}.png`
}

/**
 * What a locator waits for at most: under the test's own timeout, so that a failing wait names the
 * element it waited for (and the screenshot is taken) instead of the test just timing out.
 */
const WAIT_MS = 15_000

/** Debian's Chromium through playwright-core; playwright gives it a fresh, empty profile, removed at close. */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!chromiumPath) throw new Error('Chromium is missing: check skipBrowserTests first')
  const browser = await chromium.launch({ executablePath: chromiumPath, args: FLAGS, headless: true })
  return {
    browser,
    async page(test, viewport) {
      const context = await browser.newContext({ locale: 'en-US', viewport })
      context.setDefaultTimeout(WAIT_MS)
      const page = await context.newPage()
      page.once('close', () => void context.close().catch(() => undefined))
      onTestFailed(async () => {
        mkdirSync(SCREENSHOT_DIR, { recursive: true })
        const file = join(SCREENSHOT_DIR, fileNameOf(test.task.name, viewport.width))
        await page.screenshot({ path: file, fullPage: true }).catch(() => undefined)
      })
      return page
    },
    async close() {
      await browser.close()
    },
  }
}

/** Runs axe-core on the page and fails on any serious or critical violation, naming each. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  // Evaluated, not added as a <script>: the inbox's CSP rightly refuses inline scripts.
  await page.evaluate(axe.source)
  const violations = await page.evaluate(async () => {
    const result = await (globalThis as unknown as { axe: typeof axe }).axe.run()
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }))
  })
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([])
}

/** Builds web/dist by the freshness rule `npm start` applies: only when older than web/. */
export async function buildWebApp(): Promise<void> {
  await promisify(execFile)(process.execPath, ['bin/web-build.js'], { timeout: 120_000 })
}

/** Opens `url` and signs in with the login form; the caller waits for the page it expects. */
export async function signInWithForm(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

export type { Browser, Page }
