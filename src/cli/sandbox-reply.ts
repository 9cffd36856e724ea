import type { ParleyConfig } from '../config.js'

/** `parley sandbox reply`: makes a simulated user write to the business through the running sandbox. */
export async function sandboxReplyCommand(config: ParleyConfig, phone: string, text: string, sandboxUrl?: string): Promise<number> {
  const base = sandboxUrl ?? `http://${config.sandbox.host}:${config.sandbox.port}`
  const url = `${base}/sandbox/users/${encodeURIComponent(phone)}/messages`
  let response: Response
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) })
  } catch (error) {
    process.stderr.write(`parley sandbox reply: no sandbox at ${base} (${(error as Error).message}). Is "parley start" running?\n`)
    return 1
  }
  const body = await response.text()
  if (!response.ok) {
    process.stderr.write(`parley sandbox reply: the sandbox answered ${response.status}: ${body}\n`)
    return 1
  }
  process.stdout.write(`${body}\n`)
  return 0
}
