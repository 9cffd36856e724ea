import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { FLAVOUR_NAMES } from './flavours/names.js'
import { parseJson, readBody, sendJson } from './http-io.js'
import type { Sandbox } from './sandbox-api.js'
import { SandboxInputError } from './input-error.js'
import { REJECTION_REASONS, type TemplateSelector } from './template-model.js'
import type { SimulatedInbound } from './webhook-payloads.js'

/**
 * The sandbox's own control API for users, tests and `parley sandbox reply`: JSON in and out, no
 * auth (bound to loopback by default). It is not part of the emulated platform.
 */

const meta = {
  profileName: z.string().min(1).optional(),
  timestamp: z.number().positive().optional(),
  phone_number_id: z.string().min(1).optional(),
  /** The business number written to, E.164 (any flavour's); `phone_number_id` names a Meta one. */
  to: z.string().min(1).optional(),
}
const inboundSchema = z.union([
  z.object({ text: z.string().min(1), ...meta }),
  z.object({ button: z.object({ text: z.string().min(1), payload: z.string().min(1) }), contextMessageId: z.string().min(1).optional(), ...meta }),
  z.object({
    interactive: z.object({
      type: z.enum(['button_reply', 'list_reply']),
      id: z.string().min(1),
      title: z.string().min(1),
      description: z.string().optional(),
    }),
    contextMessageId: z.string().min(1).optional(),
    ...meta,
  }),
  z.object({
    media: z.object({
      type: z.enum(['image', 'video', 'document', 'audio', 'sticker']),
      mimeType: z.string().min(1).optional(),
      caption: z.string().min(1).optional(),
      filename: z.string().min(1).optional(),
    }),
    ...meta,
  }),
  z.object({
    location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() }),
    ...meta,
  }),
])
const userSchema = z.object({
  onWhatsApp: z.boolean().optional(),
  waId: z.string().regex(/^\d+$/, 'digits').optional(),
  readReceipts: z.boolean().optional(),
  profileName: z.string().min(1).optional(),
  userId: z.string().regex(/^[A-Za-z0-9._-]{1,256}$/).nullable().optional(),
})
const rate = z.number().min(0).max(1)
const faultsSchema = z
  .object({
    serverErrorRate: rate,
    extraLatencyMs: z.number().min(0),
    dropBeforeRate: rate,
    dropAfterRate: rate,
    duplicateWebhookRate: rate,
    readBeforeDeliveredRate: rate,
    skipDeliveredRate: rate,
    batchWindowMs: z.number().min(0),
  })
  .partial()
  .strict()

const selectorFields = { id: z.string().min(1).optional(), name: z.string().min(1).optional(), language: z.string().min(1).optional() }
const selectorSchema = z.object(selectorFields).strict()
const recategorizeSchema = z.object({ ...selectorFields, category: z.enum(['MARKETING', 'UTILITY', 'AUTHENTICATION']) }).strict()
const reviewSchema = z
  .object({
    delayMs: z.number().min(0),
    rejectLanguages: z.array(z.object({ language: z.string().min(1), reason: z.enum(REJECTION_REASONS).nullable() }).strict()),
    reclassifyUtilityToMarketing: z.enum(['never', 'promotional', 'always']),
  })
  .partial()
  .strict()

/** `{id}` or `{name, language}`. */
function selector(body: { id?: string | undefined; name?: string | undefined; language?: string | undefined }): TemplateSelector {
  if (body.id !== undefined && body.name === undefined && body.language === undefined) return { id: body.id }
  if (body.id === undefined && body.name !== undefined && body.language !== undefined) return { name: body.name, language: body.language }
  throw new SandboxInputError('give a template as {id} or {name, language}')
}

class NotFound extends Error {}

export async function handleControl(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  try {
    const body = req.method === 'POST' || req.method === 'PUT' ? parseJson(await readBody(req)) : undefined
    sendJson(res, 200, await route(sandbox, req.method ?? 'GET', path.slice('/sandbox'.length), body))
  } catch (e) {
    if (e instanceof NotFound) sendJson(res, 404, { error: { message: e.message } })
    else if (e instanceof z.ZodError) sendJson(res, 400, { error: { message: 'invalid body', issues: e.issues } })
    else if (e instanceof SandboxInputError) sendJson(res, 400, { error: { message: e.message } })
    else sendJson(res, 500, { error: { message: (e as Error).message } })
  }
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> }
}

async function route(sandbox: Sandbox, method: string, path: string, body: unknown): Promise<unknown> {
  const userMatch = /^\/users\/([^/]+)(\/messages)?\/?$/.exec(path)
  if (userMatch) {
    const phone = decodeURIComponent(userMatch[1]!)
    if (userMatch[2] && method === 'POST') {
      const { phone_number_id, to, ...message } = inboundSchema.parse(body ?? {})
      return { id: await sandbox.userSends(phone, message as SimulatedInbound, to ?? phone_number_id) }
    }
    if (!userMatch[2] && method === 'PUT') {
      const settings = userSchema.parse(body ?? {})
      return sandbox.setUser(phone, Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)))
    }
    if (!userMatch[2] && method === 'GET') return sandbox.user(phone)
  }
  const smsUser = /^\/sms-users\/([^/]+)(\/messages)?\/?$/.exec(path)
  if (smsUser) {
    const phone = decodeURIComponent(smsUser[1]!)
    if (smsUser[2] && method === 'POST') {
      const { text, to } = z.object({ text: z.string().min(1), to: z.string().min(1) }).strict().parse(body ?? {})
      return { id: await sandbox.userSendsSms(phone, text, to) }
    }
    if (!smsUser[2] && method === 'PUT') return sandbox.setSmsUser(phone, stripUndefined(z.object({ reachable: z.boolean().optional() }).strict().parse(body ?? {})))
    if (!smsUser[2] && method === 'GET') return sandbox.smsUser(phone)
  }
  const callbacks = /^\/callbacks\/([^/]+)\/?$/.exec(path)
  if (callbacks && method === 'PUT') {
    const flavour = z.enum(['meta', ...FLAVOUR_NAMES]).parse(decodeURIComponent(callbacks[1]!))
    const { url } = z.object({ url: z.url().nullable() }).parse(body ?? {})
    sandbox.setCallbackUrl(flavour, url)
    return { flavour, url }
  }
  const throughput = /^\/throughput\/(\d+)\/?$/.exec(path)
  if (throughput && method === 'PUT') {
    const { mps } = z.object({ mps: z.number().positive() }).parse(body ?? {})
    sandbox.setThroughput(throughput[1]!, mps)
    return { phoneNumberId: throughput[1], mps }
  }
  switch (`${method} ${path.replace(/\/$/, '')}`) {
    case 'GET /messages':
      return sandbox.accepted()
    case 'GET /sms-messages':
      return sandbox.smsAccepted()
    case 'GET /read-receipts':
      return sandbox.readReceipts()
    case 'GET /stats':
      return sandbox.stats()
    case 'GET /faults':
      return sandbox.options.faults
    case 'PUT /faults':
      sandbox.setFaults(faultsSchema.parse(body ?? {}))
      return sandbox.options.faults
    case 'PUT /webhook': {
      const { url } = z.object({ url: z.url().nullable() }).parse(body ?? {})
      sandbox.setWebhookUrl(url)
      return { url }
    }
    case 'POST /verify-subscription':
      return { verified: await sandbox.verifySubscription() }
    case 'GET /templates':
      return sandbox.templates()
    case 'GET /templates/review':
      return sandbox.options.templateReview
    case 'PUT /templates/review':
      sandbox.setTemplateReview(stripUndefined(reviewSchema.parse(body ?? {})))
      return sandbox.options.templateReview
    case 'POST /templates/review-now':
      return { reviewed: sandbox.finishTemplateReviews() }
    case 'POST /templates/pause':
      return sandbox.pauseTemplate(selector(selectorSchema.parse(body ?? {})))
    case 'POST /templates/disable':
      return sandbox.disableTemplate(selector(selectorSchema.parse(body ?? {})))
    case 'POST /templates/recategorize': {
      const parsed = recategorizeSchema.parse(body ?? {})
      return sandbox.recategorizeTemplate(selector(parsed), parsed.category)
    }
    case 'POST /reset':
      sandbox.reset()
      return { ok: true }
  }
  throw new NotFound(`no sandbox control route ${method} /sandbox${path}`)
}
