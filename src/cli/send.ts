import type { ParleyConfig } from '../config.js'
import { acceptMessages, type MessageInput } from '../core/messages/accept-messages.js'
import { withParley } from './open-parley.js'
import { parseTemplateParams } from './template-params.js'

export interface SendOptions {
  text?: string
  template?: string
  language?: string
  param: string[]
}

/** `parley send`: queues a message through the same use case as POST /v1/messages, without HTTP. */
export async function sendCommand(config: ParleyConfig, to: string, options: SendOptions): Promise<number> {
  if ((options.text === undefined) === (options.template === undefined)) {
    process.stderr.write('parley send: give exactly one of --text or --template\n')
    return 2
  }
  const params = parseTemplateParams(options.param)
  if (!params.ok) {
    process.stderr.write(`parley send: ${params.message}\n`)
    return 2
  }
  const body: MessageInput['body'] = options.template
    ? { kind: 'template', request: { name: options.template, params: params.params, ...(options.language ? { language: options.language } : {}) } }
    : { kind: 'text', text: options.text! }
  return withParley(config, async (parley) => {
    const { results } = await acceptMessages(parley.accept, [{ to, body, metadata: null }])
    const result = results[0]!
    if (!result.ok) {
      process.stderr.write(`parley send: ${result.error.code}: ${result.error.message}\n`)
      return 1
    }
    process.stdout.write(`${JSON.stringify({ id: result.id, status: result.status })}\n`)
    return 0
  })
}
