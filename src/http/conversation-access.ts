import type { FastifyRequest } from 'fastify'
import { maskPhonesDeep } from '../core/contacts/mask-phone.js'
import type { E164 } from '../core/contacts/phone.js'
import { ParleyError } from '../core/errors.js'
import type { FeedEntry } from '../core/events/feed.js'
import type { ConversationRef, Conversations } from '../core/inbox/conversations.js'
import type { Role } from '../core/operators/model.js'
import { feedEntryVisible, feedSubject } from '../core/teams/feed-visibility.js'
import type { TeamStore } from '../core/teams/ports.js'
import { canSee, needsTeams, visibilityOf, type Viewer, type Visibility } from '../core/teams/visibility.js'
import { normalizePhone } from '../core/contacts/phone.js'
import { requirePhone } from './require-phone.js'

export interface ConversationAccessDeps {
  conversations: Pick<Conversations, 'find' | 'routingOf'>
  teams: Pick<TeamStore, 'teamIdsOf'>
  /** The roles whose sessions see phone numbers masked (PARLEY_MASK_PHONES_FOR). */
  maskPhonesFor: readonly Role[]
}

/** A conversation's address in a path: its phone (E.164) or, for a session that sees masked numbers, its contact id. */
const CONTACT_ID = /^ct_[A-Za-z0-9_]{1,60}$/

function viewerOf(request: FastifyRequest): Viewer {
  const actor = request.actor
  if (!actor || actor.kind === 'key') return { kind: 'key' }
  return { kind: 'operator', id: actor.id, role: actor.role, seesAllTeams: request.session?.operator.seesAllTeams ?? false }
}

/** Whether `ref` names a contact id rather than a phone number. */
export function isContactId(ref: string): boolean {
  return CONTACT_ID.test(ref)
}

/**
 * Who may see which conversation, and whose answers have their phone numbers masked: one place
 * for the list, the per-conversation routes and the live feed. Machines (API keys) see
 * everything unmasked; people see what their teams and role allow.
 */
export function createConversationAccess(deps: ConversationAccessDeps) {
  const visibilities = new WeakMap<FastifyRequest, Promise<Visibility>>()

  function visibility(request: FastifyRequest): Promise<Visibility> {
    let known = visibilities.get(request)
    if (!known) {
      const viewer = viewerOf(request)
      known = needsTeams(viewer) ? deps.teams.teamIdsOf(viewer.id).then((ids) => visibilityOf(viewer, ids)) : Promise.resolve(visibilityOf(viewer, []))
      visibilities.set(request, known)
    }
    return known
  }

  function masked(request: FastifyRequest): boolean {
    const actor = request.actor
    return actor?.kind === 'operator' && deps.maskPhonesFor.includes(actor.role)
  }

  /**
   * The conversation `ref` (a phone or a contact id) names, if this request may see it. Another
   * team's conversation is answered like a number that is no contact, 404 `not_found`, so that
   * its existence is not told either.
   */
  async function resolve(request: FastifyRequest, ref: string): Promise<ConversationRef> {
    const found = await deps.conversations.find(isContactId(ref) ? { contactId: ref } : { phone: requirePhone(ref) })
    if (!found || !canSee(await visibility(request), found)) throw new ParleyError('not_found', `No contact ${ref}.`)
    return found
  }

  /** For a route that creates the contact when missing: its phone, unless it exists and is not this request's to see. */
  async function resolveForUpsert(request: FastifyRequest, ref: string): Promise<E164> {
    if (isContactId(ref)) return (await resolve(request, ref)).phone
    const phone = requirePhone(ref)
    const found = await deps.conversations.find({ phone })
    if (found && !canSee(await visibility(request), found)) throw new ParleyError('not_found', `No contact ${ref}.`)
    return phone
  }

  /**
   * Whether the conversation with `to` (as a sender wrote it) is another team's, not this request's
   * to see: a send there is refused like resolveForUpsert. A new number, or one that does not parse
   * (the send itself then says why), is not.
   */
  async function hidesNumber(request: FastifyRequest, to: string): Promise<boolean> {
    const seen = await visibility(request)
    if (seen.kind === 'all') return false
    const phone = normalizePhone(to)
    if (!phone.ok) return false
    const found = await deps.conversations.find({ phone: phone.e164 })
    return found !== null && !canSee(seen, found)
  }

  /** The items whose contact (by phone) this request may see, in order; one routing look-up for all. */
  async function visibleByPhone<T>(request: FastifyRequest, items: readonly T[], phoneOf: (item: T) => string): Promise<T[]> {
    const seen = await visibility(request)
    if (seen.kind === 'all' || items.length === 0) return [...items]
    const routing = await deps.conversations.routingOf([...new Set(items.map(phoneOf))])
    return items.filter((item) => canSee(seen, routing.get(phoneOf(item)) ?? { teamId: null, assigneeId: null }))
  }

  /** How an answer addresses a conversation: the contact id for a masked session, else the phone. */
  function keyOf(request: FastifyRequest, conversation: { contactId: string; phone: string }): string {
    return masked(request) ? conversation.contactId : conversation.phone
  }

  /** The live feed as this request may read it: other teams' conversations left out, numbers masked for a masked role. */
  async function feedView(request: FastifyRequest): Promise<(entries: FeedEntry[]) => Promise<Array<{ seq: number; type: string; data: unknown }>>> {
    const seen = await visibility(request)
    const mask = masked(request)
    return async (entries) => {
      let visible = entries
      if (seen.kind !== 'all' && entries.length > 0) {
        const keys = entries.map(feedSubject).filter((key) => key !== null)
        const routing = await deps.conversations.routingOf(keys)
        visible = entries.filter((entry) => feedEntryVisible(seen, entry, routing))
      }
      return visible.map((entry) => ({ seq: entry.seq, type: entry.type, data: mask ? maskPhonesDeep(entry.data) : entry.data }))
    }
  }

  return { visibility, masked, resolve, resolveForUpsert, hidesNumber, visibleByPhone, keyOf, feedView }
}

export type ConversationAccess = ReturnType<typeof createConversationAccess>
