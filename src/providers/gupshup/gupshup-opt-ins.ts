import type { HttpClient } from '../http-client.js'
import type { AccountCheckContext, OptInRegister, SetupFinding } from '../provider-kind.js'
import type { ResolvedGupshupAccount } from './gupshup-account.js'
import { callGupshup } from './gupshup-http.js'

/**
 * Gupshup's opt-in register (docs/platform.md §7.1): legacy apps refuse templates to users not in
 * it (1006–1008), so a number moved to Gupshup needs its contacts registered. Meta itself checks
 * no opt-in flag (§8); this is Gupshup's bookkeeping, not the contact's consent.
 */
export function createGupshupOptIns(account: ResolvedGupshupAccount, http: HttpClient): OptInRegister {
  const app = encodeURIComponent(account.appName)
  return {
    async optIn(phone) {
      const answer = await callGupshup(account, http, { method: 'POST', api: 'api', path: `/sm/api/v1/app/opt/in/${app}`, form: { user: phone.replace(/\D/g, '') } })
      return answer.ok ? { kind: 'ok', value: null } : answer.failure
    },

    async optedInUsers() {
      const answer = await callGupshup(account, http, { method: 'GET', api: 'api', path: `/sm/api/v1/users/${app}` })
      if (!answer.ok) return answer.failure
      const users = (answer.json as { users?: unknown } | undefined)?.users
      if (!Array.isArray(users)) return { kind: 'retryable', error: { code: 'unreadable_response', title: 'Gupshup listed no users array' } }
      const phones = users.flatMap((user) => {
        const u = (typeof user === 'object' && user !== null ? user : {}) as Record<string, unknown>
        const phone = phoneOf(u)
        return u.optinStatus === 'OPT_IN' && phone ? [`+${phone}`] : []
      })
      return { kind: 'ok', value: phones }
    },
  }
}

/**
 * The user's number in digits. Gupshup lists it as `phoneCode` beside `countryCode`, and clients
 * have been seen both with the country code inside `phoneCode` and without it; a `phone` wins.
 */
function phoneOf(user: Record<string, unknown>): string | null {
  const digits = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value).replace(/\D/g, '') : '')
  const phone = digits(user.phone)
  if (phone) return phone
  const national = digits(user.phoneCode)
  const country = digits(user.countryCode)
  if (!national) return null
  return country && !national.startsWith(country) ? `${country}${national}` : national
}

/**
 * The account's finding for `parley providers check`: which contacts Parley may message are not in
 * Gupshup's register, and a fix that registers them one by one (Gupshup has no bulk call in the
 * platform notes). Only legacy apps refuse unregistered users; on others the todo is harmless.
 */
export async function checkOptIns(register: OptInRegister, context: AccountCheckContext): Promise<SetupFinding[]> {
  const [phones, listed] = await Promise.all([context.contactPhones(), register.optedInUsers()])
  if (listed.kind !== 'ok') return [{ item: 'opt-ins', state: 'failed', detail: `Gupshup's opt-in list could not be read: ${listed.error.title} (${listed.error.code})` }]
  const registered = new Set(listed.value)
  const missing = phones.filter((phone) => !registered.has(phone))
  if (missing.length === 0) return [{ item: 'opt-ins', state: 'ok', detail: `all ${phones.length} contact(s) Parley may message are in Gupshup's opt-in register` }]
  return [
    {
      item: 'opt-ins',
      state: 'todo',
      detail: `${missing.length} of ${phones.length} contact(s) are not in Gupshup's opt-in register (legacy Gupshup apps refuse them templates, 1006): --fix registers them`,
      fix: async () => {
        const failures: string[] = []
        for (const phone of missing) {
          const outcome = await register.optIn(phone)
          if (outcome.kind !== 'ok') failures.push(`${phone}: ${outcome.error.title} (${outcome.error.code})`)
        }
        return `${missing.length - failures.length} of ${missing.length} registered${failures.length ? `; not registered: ${failures.join('; ')}` : ''}`
      },
    },
  ]
}
