import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bareEnv, parleyOk, startParley } from '../support/cli.js'
import { eventually } from '../support/harness.js'

const run = promisify(execFile)

/** The README's shell block that posts the example event, split where the reader waits for the reviews. */
function readmeEventBlock(): { setup: string; post: string } {
  const readme = readFileSync('README.md', 'utf8')
  const section = readme.slice(readme.indexOf('## Events and rules'))
  const block = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('/v1/events'))
  expect(block, 'a shell block in "Events and rules" that posts to /v1/events').toBeDefined()
  const at = block!.search(/^KEY=/m)
  expect(at, 'the block sets KEY= after pushing the templates').toBeGreaterThan(0)
  return { setup: block!.slice(0, at), post: block!.slice(at) }
}

describe("the README's event example", () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-readme-events-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  // "Using Gupshup": the same rules, templates and block, with the sandbox speaking Gupshup's API instead of Meta's.
  it.each(['meta', 'gupshup'])('pasted today on %s, gets the lesson confirmed and its reminder planned by examples/rules.yaml', async (provider) => {
    const data = join(dir, `data-${provider}`)
    const env = bareEnv({ PARLEY_DATA_DIR: data, PARLEY_SANDBOX_PROVIDER: provider, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` })
    const running = await startParley(['start'], { ...env, PARLEY_RULES_FILE: 'examples/rules.yaml', PARLEY_PORT: '0', PARLEY_SANDBOX_PORT: '0', PARLEY_SANDBOX_REVIEW_MS: '50' })
    try {
      const out = running.stdout()
      expect(out).toContain(`on ${provider}, sandbox`)
      const api = /API\s+(http:\/\/\S+)\/v1/.exec(out)![1]!
      const key = /Admin key\s+(pk_\S+)/.exec(out)![1]!
      // As pasted, except for where this Parley listens, its key, and the CLI run without npm.
      const adapt = (script: string) => script.replaceAll('npm run parley --', `node bin/parley.js`).replaceAll('http://127.0.0.1:3000', api).replaceAll('pk_…', key)
      const { setup, post } = readmeEventBlock()
      await run('bash', ['-euc', adapt(setup)], { env })
      await eventually(async () => {
        const listed = (await parleyOk(['templates', 'list'], env)).stdout
        return listed.includes('lesson_scheduled') && !listed.includes('pending')
      }, 30_000, 'the reviews to end')

      const { stdout } = await run('bash', ['-euc', adapt(post)], { env })
      const answer = JSON.parse(stdout) as { status: string; decisions: Array<{ rule_id: string; outcome: string; reason: string | null; message_id: string | null }> }
      const byRule = Object.fromEntries(answer.decisions.map((d) => [d.rule_id, d]))
      expect(Object.keys(byRule).sort()).toEqual(['lesson-confirmation', 'lesson-reminder'])
      // Queued now, or scheduled out of quiet hours in Istanbul, depending on the hour it runs; never refused.
      expect(['queued', 'scheduled']).toContain(byRule['lesson-confirmation']!.outcome)
      expect(byRule['lesson-reminder']!.outcome).toBe('scheduled')
      // Carried by the provider configured, whatever it is; a confirmation sent now reaches the parent.
      const confirmation = byRule['lesson-confirmation']!
      const message = async () => (await fetch(`${api}/v1/messages/${confirmation.message_id}`, { headers: { authorization: `Bearer ${key}` } })).json() as Promise<{ provider: string; status: string }>
      expect((await message()).provider).toBe(provider)
      if (confirmation.outcome === 'queued') await eventually(async () => ['delivered', 'read'].includes((await message()).status), 30_000, 'the confirmation to be delivered')
    } finally {
      await running.stop()
    }
  }, 120_000)
})
