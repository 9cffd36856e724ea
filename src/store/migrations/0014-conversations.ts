import { sql, type Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * The operator inbox's conversation list, one row per contact: what the list shows (last message,
 * unread count, assignee, whether the parent waits for an answer) kept on the contact by the
 * transactions that store messages, so the list is an index scan instead of an aggregate over
 * every message. And the live feed: the inbox's events in commit order, for every process to read.
 *
 * Existing conversations are backfilled from their messages: the inbound messages after the last
 * outbound one count as unread and make the parent "waiting" since the first of them.
 */
export async function up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void> {
  const columns: Array<[string, 'bigint' | 'text' | 'integer']> = [
    ['last_activity_at', 'bigint'],
    ['last_message_preview', 'text'],
    ['last_message_direction', 'text'],
    ['read_up_to_at', 'bigint'],
    ['assignee_id', 'text'],
    ['waiting_since', 'bigint'],
  ]
  for (const [name, type] of columns) await db.schema.alterTable('contacts').addColumn(name, type).execute()
  await db.schema.alterTable('contacts').addColumn('unread_count', 'integer', (c) => c.notNull().defaultTo(0)).execute()

  await sql`
    update contacts set
      last_activity_at = (select max(m.created_at) from messages m where m.contact_id = contacts.id),
      last_message_preview = (select m.preview from messages m where m.contact_id = contacts.id order by m.created_at desc, m.seq desc limit 1),
      last_message_direction = (select m.direction from messages m where m.contact_id = contacts.id order by m.created_at desc, m.seq desc limit 1),
      unread_count = (select count(*) from messages m where m.contact_id = contacts.id and m.direction = 'inbound'
        and m.created_at > coalesce((select max(o.created_at) from messages o where o.contact_id = contacts.id and o.direction = 'outbound'), -1)),
      waiting_since = (select min(m.created_at) from messages m where m.contact_id = contacts.id and m.direction = 'inbound'
        and m.created_at > coalesce((select max(o.created_at) from messages o where o.contact_id = contacts.id and o.direction = 'outbound'), -1))
    where exists (select 1 from messages m where m.contact_id = contacts.id)`.execute(db)

  // One index per list filter, each in the list's order (newest activity first, then phone), so a
  // page is a range scan whatever the filter. SQLite uses a partial index only when the query
  // repeats its condition word for word (see conversation-list.ts).
  const order = sql`(last_activity_at desc, phone)`
  await sql`create index contacts_activity on contacts ${order}`.execute(db)
  await sql`create index contacts_assignee_activity on contacts (assignee_id, last_activity_at desc, phone)`.execute(db)
  await sql`create index contacts_unassigned_activity on contacts ${order} where assignee_id is null`.execute(db)
  await sql`create index contacts_waiting_activity on contacts ${order} where waiting_since is not null`.execute(db)
  await sql`create index contacts_opted_out_activity on contacts ${order} where opt_out_at is not null`.execute(db)
  // Search by name is a prefix match on this expression (a range scan); substring search would read every row.
  await sql`create index contacts_search_name on contacts (lower(coalesce(name, profile_name)))`.execute(db)

  await db.schema
    .createTable('feed')
    // AUTOINCREMENT on SQLite: a pruned-empty feed must not hand out a seq a client already saw.
    .addColumn('seq', caps.autoIncrementType, (c) => (caps.name === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('feed_at').on('feed').column('at').execute()
}
