import type { HttpClient } from '../http-client.js'
import { callContentApi, type ContentFailure, type TwilioAccountConfig } from './twilio-api.js'
import { readContent, type TwilioContent } from './twilio-content.js'

/** Twilio's recommended page size for the Content API: answers are capped at 1 MB, about 500 templates (docs/platform.md §7.2). */
const PAGE_SIZE = 500
/** A guard against a paging loop, far above WhatsApp's 6,000 approved templates per account. */
const MAX_PAGES = 200

export type ContentListing = { ok: true; contents: TwilioContent[] } | { ok: false; failure: ContentFailure }

/** Where a template send stands: Twilio's ContentSid for it, or why there is none. */
export type ContentResolution =
  | { kind: 'found'; sid: string }
  | { kind: 'not_found' }
  | { kind: 'not_approved'; status: string }
  | { kind: 'failed'; failure: ContentFailure }

/** The account's Content resources, and the ContentSid a template send names. */
export interface ContentDirectory {
  /** Every Content resource with its WhatsApp approval, all pages; refreshes what `resolve` knows. */
  list(): Promise<ContentListing>
  /** The ContentSid of the approved template `name` in `language`; a miss reloads the list once. */
  resolve(name: string, language: string): Promise<ContentResolution>
}

/**
 * Sends name templates by `name` + `language` (docs/platform.md §7.2): Twilio sends them by
 * ContentSid. The list is kept between sends and reloaded when a name is missing or not approved
 * yet (a template approved since, a new one); concurrent misses share one reload.
 */
export function createContentDirectory(config: TwilioAccountConfig, http: HttpClient): ContentDirectory {
  let known: TwilioContent[] | null = null
  let loading: Promise<ContentListing> | null = null

  const load = (): Promise<ContentListing> => {
    loading ??= listAll(config, http)
      .then((listing) => {
        if (listing.ok) known = listing.contents
        return listing
      })
      .finally(() => {
        loading = null
      })
    return loading
  }

  const lookup = (contents: readonly TwilioContent[], name: string, language: string): ContentResolution => {
    const named = contents.filter((c) => (c.name === name || c.friendlyName === name) && sameLanguage(c.language, language))
    const approved = named.find((c) => c.approvalStatus === 'approved')
    if (approved) return { kind: 'found', sid: approved.sid }
    return named[0] ? { kind: 'not_approved', status: named[0].approvalStatus } : { kind: 'not_found' }
  }

  return {
    list: load,
    async resolve(name, language) {
      if (known) {
        const cached = lookup(known, name, language)
        if (cached.kind === 'found') return cached
      }
      const listing = await load()
      if (!listing.ok) return { kind: 'failed', failure: listing.failure }
      return lookup(listing.contents, name, language)
    },
  }
}

/** `en_US` and `en-US` name the same language. */
function sameLanguage(a: string, b: string): boolean {
  return a.replace('-', '_').toLowerCase() === b.replace('-', '_').toLowerCase()
}

/**
 * `GET /v1/ContentAndApprovals`, page by page: `{contents: […], meta: {next_page_url}}`. The next
 * page is fetched from our configured origin with the path and query Twilio gave (its URL names
 * Twilio's public host, wrong behind a proxy or in the sandbox).
 */
async function listAll(config: TwilioAccountConfig, http: HttpClient): Promise<ContentListing> {
  const contents: TwilioContent[] = []
  const seen = new Set<string>()
  let path = `/v1/ContentAndApprovals?PageSize=${PAGE_SIZE}`
  for (;;) {
    if (seen.size >= MAX_PAGES || seen.has(path)) return unreadable(`paging did not end after ${seen.size} pages`)
    seen.add(path)
    const answer = await callContentApi(config, http, 'GET', path)
    if (!answer.ok) return answer
    const page = answer.json as { contents?: unknown; meta?: { next_page_url?: unknown } } | null
    if (!Array.isArray(page?.contents)) return unreadable('a page without a contents array')
    for (const raw of page.contents) {
      const content = readContent(raw)
      if (!content) return unreadable('a content without a sid')
      contents.push(content)
    }
    const next = page.meta?.next_page_url
    if (typeof next !== 'string' || next === '') return { ok: true, contents }
    const rest = /\/v1\/.*$/.exec(next)?.[0]
    if (rest === undefined) return unreadable(`next_page_url ${next} names no /v1/ path`)
    path = rest
  }
}

function unreadable(problem: string): ContentListing {
  return { ok: false, failure: { kind: 'retryable', error: { code: 'unreadable_response', title: 'Twilio answered with something Parley cannot read', detail: problem } } }
}
