import type { SendHistory } from '../core/notifications/ports.js'
import type { Database } from './dialect.js'

/** The statuses of a message the platform has taken: from the first of them it counts as sent. */
const WENT = ['accepted', 'sent', 'delivered', 'read']

/** The SendHistory port over Kysely, the same on SQLite and PostgreSQL. */
export function createSendHistory(database: Database): SendHistory {
  const { db } = database
  return {
    async sendTimes(contactId, category, from, to, exceptKeys = []) {
      // A queued or scheduled message counts at its due time. Once the platform took it, `due_at`
      // is cleared (it is no longer waiting), so it counts at when it went: its first accepted or
      // later event. `updated_at` moves with every such event, so it is never before that instant.
      const rows = await db
        .selectFrom('messages as m')
        .select((eb) => [
          'm.due_at',
          eb
            .selectFrom('message_events as e')
            .select((ee) => ee.fn.min<number>('e.at').as('at'))
            .whereRef('e.message_id', '=', 'm.id')
            .where('e.status', 'in', WENT)
            .as('went_at'),
        ])
        .where('m.contact_id', '=', contactId)
        .where('m.category', '=', category)
        .where('m.direction', '=', 'outbound')
        .where('m.status', 'not in', ['cancelled', 'failed'])
        .$if(exceptKeys.length > 0, (q) =>
          q.where((eb) =>
            eb.not(
              eb.and([
                eb('m.status', 'in', ['scheduled', 'queued']),
                eb('m.id', 'in', eb.selectFrom('cancel_keys').select('message_id').where('key', 'in', [...exceptKeys])),
              ]),
            ),
          ),
        )
        .where((eb) =>
          eb.or([
            eb.and([eb('m.due_at', '>=', from), eb('m.due_at', '<', to)]),
            eb.and([eb('m.due_at', 'is', null), eb('m.updated_at', '>=', from), eb('m.created_at', '<', to)]),
          ]),
        )
        .execute()
      return rows
        .map((r) => (r.due_at !== null ? Number(r.due_at) : r.went_at !== null ? Number(r.went_at) : null))
        .filter((at): at is number => at !== null && at >= from && at < to)
        .sort((a, b) => a - b)
    },
    async countFreeForm(senderId, from, upTo) {
      if (upTo <= 0) return 0
      // At most `upTo` rows of the partial index of migration 0028: once the allowance is used up, counting further says nothing.
      const used = db
        .selectFrom('messages')
        .select('id')
        .where('sender_id', '=', senderId)
        .where('cost_estimated_reason', '=', 'free_allowance')
        .where('created_at', '>=', from)
        .where('status', 'not in', ['failed', 'cancelled'])
        .limit(upTo)
      const row = await db.selectFrom(used.as('u')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      return Number(row.n)
    },
  }
}
