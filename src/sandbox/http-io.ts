import type { IncomingMessage, ServerResponse } from 'node:http'

/** Minimal request/response helpers for the sandbox's node:http server (no framework on the hot path). */

export const MAX_BODY_BYTES = 5 * 1024 * 1024

export class BodyTooLarge extends Error {}

/** The raw request body as text; rejects past {@link MAX_BODY_BYTES}. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge(`request body over ${MAX_BODY_BYTES} bytes`))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** Parses JSON, or returns `undefined` for empty or malformed text. */
export function parseJson(text: string): unknown {
  if (text.length === 0) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body))
}

/** The path without the query string. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/'
  const q = url.indexOf('?')
  return q === -1 ? url : url.slice(0, q)
}

/** A query parameter, decoded; for the rare Graph calls that pass the token as `?access_token=`. */
export function queryParam(req: IncomingMessage, name: string): string | null {
  const url = req.url ?? '/'
  const q = url.indexOf('?')
  return q === -1 ? null : new URLSearchParams(url.slice(q + 1)).get(name)
}
