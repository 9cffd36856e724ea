import { nextRecipient } from './workload.js'

/**
 * What the events benchmark posts: the school's business events that examples/rules.yaml acts
 * on, each about a student of its own with one parent (guardian and billing contact at once), and
 * a marketing event for a small pool of parents who gave consent, so that consent and the default
 * marketing cap (1 a day) decide something: the first promotion of a parent's day is queued, the
 * rest are suppressed as `frequency_cap`.
 *
 * Out of every 20 events: 10 `lesson.scheduled` (a confirmation now, a reminder an hour before the
 * lesson), 4 `trial.finished` (the feedback question in 10 minutes), 4 `balance.low` (the payment
 * reminder now) and 2 `promo.summer_camp` (to the pool; a lesson when there is no pool).
 */

/** The school's marketing rule, added to examples/rules.yaml (as test/notifications/scenario.test.ts does). */
export const PROMO_RULE = `
  - id: summer-camp
    on: promo.summer_camp
    send:
      template: summer_camp
      params: { child_name: data.student.first_name }
    category: marketing
    to: guardians
`

/** Its template, in the languages the parents speak (as `POST /v1/templates` takes it). */
export const PROMO_TEMPLATES = [
  ['en', 'Summer camp is coming: book a place for {{child_name}} now and get twenty percent off the first week.'],
  ['tr', 'Yaz kampı başlıyor: {{child_name}} için şimdi yer ayırın ve ilk hafta yüzde yirmi indirim kazanın.'],
  ['ru', 'Скоро летний лагерь: забронируйте место для {{child_name}} сейчас и получите скидку двадцать процентов на первую неделю.'],
].map(([language, text]) => ({ name: 'summer_camp', language: language!, category: 'MARKETING', body: { text: text!, examples: { child_name: 'Can' } } }))

const LANGUAGES = ['tr', 'en', 'ru'] as const
const NAMES = ['Ayşe', 'Emma', 'Olga', 'Zeynep', 'Anna', 'Irina']
const CHILDREN = ['Can', 'Max', 'Misha', 'Elif', 'Lena', 'Sasha']
/** The school's zone: at 21:00–08:00 there, quiet hours defer what would go now (they are counted as `scheduled`). */
export const ZONE = 'Europe/Istanbul'

/** A parent of the pool, as `PUT /v1/contacts/{phone}` sets them up before the clock starts. */
export interface PoolParent {
  phone: string
  profile: { name: string; language: string; timezone: string; marketing_consent: { granted: true; source: string } }
}

/** The parents the promotions go to: one for every ten promotions, so that most of them meet the cap (see eventBodies). */
export function poolParents(events: number): PoolParent[] {
  const promotions = Math.floor(events / 10)
  return Array.from({ length: promotions === 0 ? 0 : Math.ceil(promotions / 10) }, (_, k) => ({
    phone: nextRecipient(),
    profile: { name: NAMES[k % NAMES.length]!, language: LANGUAGES[k % LANGUAGES.length]!, timezone: ZONE, marketing_consent: { granted: true, source: 'signup_form' } },
  }))
}

/**
 * `count` events as `POST /v1/events/batch` bodies of `batchSize`, serialised up front; ids start
 * with `prefix`, so every set is new to Parley. `now` is when they occurred; lessons start a day later.
 */
export function eventBodies(count: number, batchSize: number, prefix: string, pool: readonly PoolParent[], now: number): string[] {
  const occurredAt = new Date(now).toISOString()
  const startsAt = new Date(now + 26 * 3_600_000).toISOString()
  const event = (i: number) => {
    const child = CHILDREN[i % CHILDREN.length]!
    const id = `${prefix}-${i}`
    const slot = i % 20
    if (slot >= 18 && pool.length > 0) {
      // Two parents share each 200 consecutive events (slot 18 one, slot 19 the other): a parent's ten
      // promotions come in two adjacent batches, which are in flight together.
      const k = (2 * Math.floor(i / 200) + (i % 2)) % pool.length
      const subject = { external_id: `pool-student-${k}`, contacts: [{ phone: pool[k]!.phone, role: 'guardian' }] }
      return { id, type: 'promo.summer_camp', occurred_at: occurredAt, subject, data: { student: { first_name: child } } }
    }
    const phone = nextRecipient()
    const parent = { phone, name: NAMES[i % NAMES.length], language: LANGUAGES[i % LANGUAGES.length], timezone: ZONE }
    const subject = { external_id: `student-${id}`, contacts: [{ ...parent, role: 'guardian' }, { phone, role: 'billing' }] }
    const base = { id, occurred_at: occurredAt, subject }
    if (slot >= 14 && slot < 18) return { ...base, type: 'balance.low', data: { balance: { lessons_left: 1 + (i % 2) }, invoice: { id: `inv-${id}` }, student: { first_name: child } } }
    if (slot >= 10 && slot < 14) return { ...base, type: 'trial.finished', data: { lesson: { id: `trial-${id}` }, student: { first_name: child } } }
    return { ...base, type: 'lesson.scheduled', data: { lesson: { id: `lesson-${id}`, kind: 'regular', starts_at: startsAt }, student: { first_name: child } } }
  }
  const bodies: string[] = []
  for (let i = 0; i < count; i += batchSize) {
    bodies.push(JSON.stringify({ events: Array.from({ length: Math.min(batchSize, count - i) }, (_, j) => event(i + j)) }))
  }
  return bodies
}

interface BatchAnswer {
  results: Array<{ id: string; status: string; decisions?: Array<{ rule_id: string; contact: string | null; outcome: string; reason: string | null }>; error?: { code: string } }>
}

/** What the answers say: events by status, decisions by rule, outcome and reason, and how many promotions each pool parent had queued. */
export interface Decisions {
  events: Record<string, number>
  byOutcome: Record<string, number>
  byRule: Record<string, number>
  /** Decisions that made a message (queued or scheduled). */
  messages: number
  /** Pool parents whose promotions were queued more than once in the run (the cap is 1 a day). */
  parentsOverCap: number
  parentsWithPromotion: number
}

export function tallyDecisions(answers: ReadonlyArray<{ status: number; body: string }>): Decisions {
  const tally: Decisions = { events: {}, byOutcome: {}, byRule: {}, messages: 0, parentsOverCap: 0, parentsWithPromotion: 0 }
  const add = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1)
  const promotions = new Map<string, number>()
  for (const answer of answers) {
    if (answer.status !== 202) throw new Error(`events batch answered HTTP ${answer.status}: ${answer.body.slice(0, 500)}`)
    for (const result of (JSON.parse(answer.body) as BatchAnswer).results) {
      add(tally.events, result.error ? `error ${result.error.code}` : result.status)
      for (const d of result.decisions ?? []) {
        const outcome = d.reason ? `${d.outcome} (${d.reason})` : d.outcome
        add(tally.byOutcome, outcome)
        add(tally.byRule, `${d.rule_id}: ${outcome}`)
        if (d.outcome === 'queued' || d.outcome === 'scheduled') tally.messages++
        if (d.rule_id === 'summer-camp' && d.contact && d.outcome !== 'suppressed') promotions.set(d.contact, (promotions.get(d.contact) ?? 0) + 1)
      }
    }
  }
  tally.parentsWithPromotion = promotions.size
  tally.parentsOverCap = [...promotions.values()].filter((n) => n > 1).length
  return tally
}
