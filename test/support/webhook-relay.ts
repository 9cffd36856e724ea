import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A status webhook Parley answered 200 for: the provider's message id and the status it reported. */
export interface AcknowledgedStatus {
  wamid: string
  status: string
}

/**
 * Stands between the sandbox and Parley's webhook endpoint and passes every POST through unchanged
 * (bytes and signature header), answering the sandbox with Parley's answer, or 502 when Parley
 * cannot be reached. It records the statuses of every body Parley acknowledged with a 200: what
 * Parley promised to keep. Parley's address can change while it runs (a process restarted).
 */
export interface WebhookRelay {
  /** Where the sandbox should post its webhooks. */
  url: string
  /** Every status in a body Parley acknowledged, in the order of the acknowledgements. */
  acknowledged(): AcknowledgedStatus[]
  close(): Promise<void>
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function statusesIn(body: Buffer): AcknowledgedStatus[] {
  const parsed = JSON.parse(body.toString('utf8')) as { entry?: Array<{ changes?: Array<{ value?: { statuses?: Array<{ id: string; status: string }> } }> }> }
  return (parsed.entry ?? []).flatMap((e) => (e.changes ?? []).flatMap((c) => (c.value?.statuses ?? []).map((s) => ({ wamid: s.id, status: s.status }))))
}

/** Starts a relay to `target()` (Parley's webhook URL, read at each request). */
export async function startWebhookRelay(target: () => string): Promise<WebhookRelay> {
  const acknowledged: AcknowledgedStatus[] = []
  const server = createServer((req, res) => {
    void (async () => {
      const body = await bodyOf(req)
      let status = 502
      let answer: string
      try {
        const headers: Record<string, string> = { 'content-type': String(req.headers['content-type'] ?? 'application/json') }
        const signature = req.headers['x-hub-signature-256']
        if (typeof signature === 'string') headers['x-hub-signature-256'] = signature
        const response = await fetch(target(), { method: req.method ?? 'POST', headers, body, signal: AbortSignal.timeout(10_000) })
        status = response.status
        answer = await response.text()
        if (status === 200) acknowledged.push(...statusesIn(body))
      } catch (error) {
        answer = JSON.stringify({ relay: String(error) })
      }
      res.writeHead(status, { 'content-type': 'application/json' }).end(answer)
    })().catch(() => res.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/webhooks/meta`,
    acknowledged: () => [...acknowledged],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
