import type { ParleyConfig } from '../config.js'

/**
 * `parley sandbox reply`: makes a simulated user write to the business through the running sandbox,
 * to one of the configured senders (the default one unless named): on WhatsApp, or by SMS to an SMS sender.
 */
export async function sandboxReplyCommand(config: ParleyConfig, phone: string, text: string, options: { sandboxUrl?: string; to?: string } = {}): Promise<number> {
  const base = options.sandboxUrl ?? config.sandbox.url ?? `http://${config.sandbox.host}:${config.sandbox.port}`
  const sender = options.to === undefined ? config.senders[0] : config.senders.find((s) => s.id === options.to)
  if (!sender) {
    process.stderr.write(`parley sandbox reply: no sender ${options.to} (senders: ${config.senders.map((s) => s.id).join(', ')})\n`)
    return 2
  }
  const users = sender.channel === 'sms' ? 'sms-users' : 'users'
  const url = `${base}/sandbox/${users}/${encodeURIComponent(phone)}/messages`
  const to = sender.number || sender.numberId
  let response: Response
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text, ...(to ? { to } : {}) }) })
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
