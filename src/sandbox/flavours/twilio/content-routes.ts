import type { IncomingMessage, ServerResponse } from 'node:http'
import { respond, type RouteContext } from '../../graph-answers.js'
import { BodyTooLarge, parseJson, readBody } from '../../http-io.js'
import { sendText } from '../../http-io.js'
import { ContentInputError, type Approval, type ContentEntry, type ContentStore } from './content-store.js'
import { twilioFailure } from './twilio-errors.js'
import { TWILIO_ACCOUNT_SID } from './twilio-identity.js'
import { refuse } from './twilio-messages-route.js'

/**
 * Twilio's Content API (docs/platform.md §7.2) under `/twilio-content`: a client's base URL is
 * `<sandbox>/twilio-content` where Twilio's is `https://content.twilio.com`. JSON in and out, ISO
 * dates, pages of `PageSize` (default 50, at most 1,000) with `Page` numbers; resource and page URLs
 * point back at the sandbox, so a client can follow them.
 */

const CONTENT = /^\/v1\/Content\/(HX[0-9a-fA-F]{32})$/
const APPROVAL_CREATE = /^\/v1\/Content\/(HX[0-9a-fA-F]{32})\/ApprovalRequests\/whatsapp$/
const APPROVAL_FETCH = /^\/v1\/Content\/(HX[0-9a-fA-F]{32})\/ApprovalRequests$/

export async function handleContent(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, rest: string, contents: ContentStore): Promise<void> {
  const now = ctx.state.now()
  const base = `http://${req.headers.host ?? '127.0.0.1'}/twilio-content`
  const method = req.method ?? 'GET'
  const path = rest.replace(/\/$/, '')
  const notFound = () => refuse(ctx, res, twilioFailure(20404, `The requested resource ${path} was not found`))
  try {
    if (path === '/v1/Content' && method === 'POST') {
      const body = await jsonBody(req)
      return answer(ctx, res, 201, contentResource(contents.create(body, now), base))
    }
    if ((path === '/v1/Content' || path === '/v1/ContentAndApprovals') && method === 'GET') {
      const withApprovals = path === '/v1/ContentAndApprovals'
      const query = new URL(req.url ?? '/', 'http://x').searchParams
      const page = listPage(contents.list(), query, `${base}${path}`)
      const items = page.items.map((c) => (withApprovals ? withApproval(c) : contentResource(c, base)))
      return answer(ctx, res, 200, { contents: items, meta: page.meta })
    }
    const one = CONTENT.exec(path)
    if (one && method === 'GET') {
      const c = contents.get(one[1]!)
      return c ? answer(ctx, res, 200, contentResource(c, base)) : notFound()
    }
    if (one && method === 'DELETE') {
      if (!contents.delete(one[1]!, now)) return notFound()
      return void sendText(res, 204, '', {})
    }
    const create = APPROVAL_CREATE.exec(path)
    if (create && method === 'POST') {
      const approval = contents.submit(create[1]!, await jsonBody(req), now)
      return approval ? answer(ctx, res, 201, approvalBody(approval)) : notFound()
    }
    const fetch = APPROVAL_FETCH.exec(path)
    if (fetch && method === 'GET') {
      const c = contents.get(fetch[1]!)
      if (!c) return notFound()
      const whatsapp = { type: 'whatsapp', ...approvalBody(c.approval), flows: null }
      return answer(ctx, res, 200, { sid: c.sid, account_sid: TWILIO_ACCOUNT_SID, url: `${base}/v1/Content/${c.sid}/ApprovalRequests`, whatsapp })
    }
    return notFound()
  } catch (e) {
    if (e instanceof ContentInputError) return refuse(ctx, res, twilioFailure(20422, e.message))
    if (e instanceof BodyTooLarge) return refuse(ctx, res, twilioFailure(20422, e.message))
    throw e
  }
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const body = parseJson(await readBody(req))
  if (body === undefined) throw new ContentInputError('The request body must be JSON.')
  return body
}

function answer(ctx: RouteContext, res: ServerResponse, status: number, body: unknown): void {
  respond(ctx, res, status, JSON.stringify(body))
}

/** ISO 8601 without milliseconds, as the Content API writes dates. */
function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function contentResource(c: ContentEntry, base: string): Record<string, unknown> {
  const url = `${base}/v1/Content/${c.sid}`
  return {
    sid: c.sid,
    account_sid: TWILIO_ACCOUNT_SID,
    friendly_name: c.friendlyName,
    language: c.language,
    variables: c.variables,
    types: c.types,
    url,
    date_created: iso(c.createdAt),
    date_updated: iso(c.updatedAt),
    links: { approval_create: `${url}/ApprovalRequests/whatsapp`, approval_fetch: `${url}/ApprovalRequests` },
  }
}

function withApproval(c: ContentEntry): Record<string, unknown> {
  return {
    sid: c.sid,
    account_sid: TWILIO_ACCOUNT_SID,
    friendly_name: c.friendlyName,
    language: c.language,
    variables: c.variables,
    types: c.types,
    date_created: iso(c.createdAt),
    date_updated: iso(c.updatedAt),
    approval_requests: approvalBody(c.approval),
  }
}

function approvalBody(a: Approval): Record<string, unknown> {
  return {
    name: a.name,
    category: a.category,
    content_type: a.contentType,
    status: a.status,
    rejection_reason: a.rejectionReason,
    allow_category_change: a.allowCategoryChange,
  }
}

function listPage<T>(all: T[], query: URLSearchParams, listUrl: string): { items: T[]; meta: Record<string, unknown> } {
  const size = clamp(Number(query.get('PageSize') ?? 50), 1, 1000)
  const page = Math.max(0, Math.floor(Number(query.get('Page') ?? 0)) || 0)
  const pageUrl = (p: number) => `${listUrl}?PageSize=${size}&Page=${p}`
  const items = all.slice(page * size, (page + 1) * size)
  const more = (page + 1) * size < all.length
  return {
    items,
    meta: {
      page,
      page_size: size,
      first_page_url: pageUrl(0),
      previous_page_url: page > 0 ? pageUrl(page - 1) : null,
      url: pageUrl(page),
      next_page_url: more ? pageUrl(page + 1) : null,
      key: 'contents',
    },
  }
}

function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.floor(n))) : 50
}
