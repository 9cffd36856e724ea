import type { Sandbox } from '../../src/sandbox/index.js'
import type { CallResult } from './support.js'

/** An HTTP call to a flavour's path on the sandbox: JSON (`json`) or form-encoded (`form`) bodies, any headers. */
export async function call(
  sandbox: Sandbox,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; json?: unknown; form?: Record<string, string>; raw?: string } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...opts.headers }
  let body: string | undefined
  if (opts.json !== undefined) {
    headers['content-type'] ??= 'application/json'
    body = JSON.stringify(opts.json)
  } else if (opts.form !== undefined) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded'
    body = new URLSearchParams(opts.form).toString()
  } else if (opts.raw !== undefined) {
    body = opts.raw
  }
  const res = await fetch(`${sandbox.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) })
  const raw = await res.text()
  let parsed: unknown
  try {
    parsed = raw ? JSON.parse(raw) : undefined
  } catch {
    parsed = raw
  }
  return { status: res.status, raw, body: parsed, headers: res.headers }
}
