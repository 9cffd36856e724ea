import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { forkWorkerProcess } from '../../src/cli/worker-process.js'
import { createLogger } from '../../src/runtime/logger.js'
import { sandboxOptions, startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { metaSandboxEnv, type RunningParley, startParley } from '../support/cli.js'
import { eventually, TEST_API_KEY } from '../support/harness.js'

/** The `parley worker` processes a process started, by their pids (Linux `ps`). */
function workerChildren(parent: number): number[] {
  let listing: string
  try {
    listing = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent)], { encoding: 'utf8' })
  } catch {
    return [] // ps exits 1 when there is no such process
  }
  return listing
    .split('\n')
    .filter((line) => / worker$/.test(line.trim()))
    .map((line) => Number(line.trim().split(/\s+/)[0]))
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * `parley start` on a machine with two cores puts dispatch and the application of webhooks in a
 * worker process of its own (PARLEY_PROCESSES, issue 13). Each is checked for what a user would
 * notice: messages still go out once each and reach `read` (which only the worker process applies),
 * a worker that dies is replaced, and no worker outlives its `parley start`.
 */
describe('parley start with dispatch and webhook processing in a second process', () => {
  let dir: string
  let sandbox: Sandbox
  let running: RunningParley | null = null

  beforeAll(async () => {
    sandbox = await startSandbox(sandboxOptions({ statusDelaysMs: { sent: 5, delivered: 10, read: 15 } }))
  })
  afterEach(async () => {
    await running?.stop()
    running = null
    rmSync(dir, { recursive: true, force: true })
  })
  afterAll(async () => sandbox?.close())

  async function start(processes: '1' | '2') {
    dir = mkdtempSync(join(tmpdir(), 'parley-processes-'))
    running = await startParley(['start'], {
      PARLEY_DATA_DIR: dir,
      PARLEY_HOST: '127.0.0.1',
      PARLEY_PORT: '0',
      PARLEY_API_KEY: TEST_API_KEY,
      ...metaSandboxEnv(sandbox.url),
      PARLEY_PROCESSES: processes,
    })
    const base = /API\s+(http:\/\/\S+)\/v1/.exec(running.stdout())![1]!
    sandbox.setWebhookUrl(`${base}/webhooks/meta`)
    const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${TEST_API_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return { status: response.status, body: await response.json() }
    }
    const sendAndRead = async (count: number, offset: number) => {
      const ids: string[] = []
      for (let i = 0; i < count; i++) {
        const sent = await api('POST', '/v1/messages', { to: `+49151123457${String(offset + i).padStart(2, '0')}`, template: { name: 'hello_world', language: 'en_US' } })
        expect(sent.status).toBe(202)
        ids.push(sent.body.id)
      }
      for (const id of ids) await eventually(async () => (await api('GET', `/v1/messages/${id}`)).body.status === 'read', 30_000, `message ${id} to be read`)
      return ids
    }
    return { running, sendAndRead }
  }

  it('sends from the worker process, starts another when it dies, and sends every message once', async () => {
    sandbox.reset()
    const { running, sendAndRead } = await start('2')
    expect(running.stdout()).toContain('dispatch and webhook processing in a second process')
    const [worker] = workerChildren(running.child.pid!)
    expect(worker).toBeGreaterThan(0)
    const before = await sendAndRead(5, 0)

    process.kill(worker!, 'SIGKILL')
    const replacement = await eventually(async () => workerChildren(running.child.pid!).find((pid) => pid !== worker), 30_000, 'a new worker process')
    expect(replacement).not.toBe(worker)
    const after = await sendAndRead(5, 10)

    const accepted = sandbox.accepted().map((m) => m.bizOpaqueCallbackData)
    expect([...accepted].sort()).toEqual([...before, ...after].sort())
  }, 120_000)

  it('takes its worker with it, even when killed with -9', async () => {
    const { running } = await start('2')
    const [worker] = workerChildren(running.child.pid!)
    expect(worker).toBeGreaterThan(0)
    const exited = new Promise((resolve) => running.child.once('exit', resolve))
    running.child.kill('SIGKILL')
    await exited
    await eventually(async () => !alive(worker!), 30_000, 'the orphaned worker to exit')
  }, 60_000)

  it('runs everything in one process with PARLEY_PROCESSES=1', async () => {
    sandbox.reset()
    const { running, sendAndRead } = await start('1')
    expect(running.stdout()).not.toContain('in a second process')
    expect(workerChildren(running.child.pid!)).toEqual([])
    await sendAndRead(2, 20)
  }, 60_000)
})

describe('the worker process channel', () => {
  it('tells the parent of changes the worker put on the live feed, so its open streams look at once', async () => {
    let told = 0
    const worker = forkWorkerProcess({
      entry: 'bin/run-ts.js',
      args: ['test/cli/fixtures/feed-worker.ts'],
      env: process.env,
      logger: createLogger('silent'),
      onFeedChange: () => told++,
    })
    try {
      await worker.ready
      await eventually(async () => told === 1, 30_000, 'the feed change to be told')
    } finally {
      await worker.stop()
    }
  }, 60_000)
})
