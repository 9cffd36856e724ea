import { Pool } from 'undici'
import { SANDBOX_CREDENTIALS } from '../src/config.js'
import type { AcceptedMessage, SandboxStats } from '../src/sandbox/index.js'
import { baseEnv, spawnNode, type Child } from './processes.js'

/**
 * The provider emulator in its own process (`parley sandbox serve`), as Meta's servers are not on
 * Parley's machine either: its request handling and webhook posting never share Parley's event
 * loop. Read and steered through its control API; `--ephemeral`, so every run starts from nothing.
 */

export interface SandboxNumber {
  phoneNumberId: string
  mps: number
}

/** When the sandbox posts each status, from acceptance (cumulative). */
export interface StatusDelays {
  sent: number
  delivered: number
  read: number
}

export interface SandboxProcess {
  url: string
  child: Child
  /** Where Meta's servers would post: set once Parley listens. */
  setWebhookUrl(url: string): Promise<void>
  stats(): Promise<SandboxStats>
  /** Every message it accepted, in order. */
  accepted(): Promise<AcceptedMessage[]>
  close(): Promise<void>
}

export async function startSandboxProcess(numbers: SandboxNumber[], delays: StatusDelays, webhookUrl: string): Promise<SandboxProcess> {
  const args = ['bin/parley.js', 'sandbox', 'serve', '--ephemeral', '--webhook-url', webhookUrl, ...numbers.flatMap((n) => ['--number', `${n.phoneNumberId}:${n.mps}`])]
  const child = spawnNode('sandbox process', args, {
    env: {
      ...baseEnv(),
      PARLEY_SANDBOX_HOST: '127.0.0.1',
      PARLEY_SANDBOX_PORT: '0',
      PARLEY_SANDBOX_SENT_MS: String(delays.sent),
      PARLEY_SANDBOX_DELIVERED_MS: String(delays.delivered),
      PARLEY_SANDBOX_READ_MS: String(delays.read),
    },
  })
  const [, url] = await child.line(/sandbox listening at (http:\/\/\S+?),/)
  const pool = new Pool(url!, { connections: 2 })
  const control = async <T>(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<T> => {
    const res = await pool.request({
      method,
      path: `/sandbox${path}`,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    })
    const text = await res.body.text()
    if (res.statusCode !== 200) throw new Error(`sandbox ${method} ${path}: HTTP ${res.statusCode} ${text}`)
    return JSON.parse(text) as T
  }
  return {
    url: url!,
    child,
    async setWebhookUrl(target) {
      await control('PUT', '/webhook', { url: target })
    },
    stats: () => control<SandboxStats>('GET', '/stats'),
    accepted: () => control<AcceptedMessage[]>('GET', '/messages'),
    async close() {
      await pool.close()
      await child.stop()
    },
  }
}

/** The Cloud API credentials `parley sandbox serve` uses (the sandbox's fixed local ones). */
export const SANDBOX_TOKEN = SANDBOX_CREDENTIALS.accessToken
