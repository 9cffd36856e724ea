import type { ParleyConfig } from '../config.js'
import { acceptMessages, type MessageInput } from '../core/messages/accept-messages.js'
import { systemClock } from '../runtime/clock.js'
import { createIds } from '../runtime/ids.js'
import { createMessageStore } from '../store/message-store.js'
import { migrateToLatest } from '../store/migrate.js'
import { openDatabase } from '../store/open-database.js'
import { createTemplateStore } from '../store/template-store.js'
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
  const database = await openDatabase(config)
  try {
    await migrateToLatest(database)
    const ids = createIds()
    const store = createMessageStore(database, ids)
    const body: MessageInput['body'] = options.template
      ? { kind: 'template', request: { name: options.template, params: params.params, ...(options.language ? { language: options.language } : {}) } }
      : { kind: 'text', text: options.text! }
    const senders = new Map(config.senders.map((s) => [s.id, { provider: 'meta' }]))
    const deps = {
      store,
      templates: createTemplateStore(database),
      languages: config.templates,
      ids,
      clock: systemClock,
      senders,
      defaultSenderId: config.senders[0]!.id,
    }
    const { results } = await acceptMessages(deps, [{ to, body, metadata: null }])
    const result = results[0]!
    if (!result.ok) {
      process.stderr.write(`parley send: ${result.error.code}: ${result.error.message}\n`)
      return 1
    }
    process.stdout.write(`${JSON.stringify({ id: result.id, status: result.status })}\n`)
    return 0
  } finally {
    await database.close()
  }
}
