import { sql, type Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * Sharing the inbox's work (issue 10): a conversation is resolved (`resolved_at` set) or open
 * (null), so the state and its time cannot disagree; the current cycle's start and first answer
 * for response times; who last handled it, for sticky assignment. Operators' live streams, as
 * heartbeats every API process writes and reads (who is online), and the round robin's pointer,
 * one row that assignments lock, so two processes never hand out the same turn.
 *
 * Existing conversations are open; a parent already waiting starts their cycle then.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  for (const [name, type] of [
    ['resolved_at', 'bigint'],
    ['cycle_started_at', 'bigint'],
    ['first_response_at', 'bigint'],
    ['last_handler_id', 'text'],
  ] as const) {
    await db.schema.alterTable('contacts').addColumn(name, type).execute()
  }
  await sql`update contacts set cycle_started_at = waiting_since where waiting_since is not null`.execute(db)

  // The default list shows open conversations and the `resolved` filter the others: one index each,
  // in the list's order (see migration 0014 on why the condition is repeated word for word).
  const order = sql`(last_activity_at desc, phone)`
  await sql`create index contacts_open_activity on contacts ${order} where resolved_at is null`.execute(db)
  await sql`create index contacts_resolved_activity on contacts ${order} where resolved_at is not null`.execute(db)

  await db.schema
    .createTable('operator_presence')
    // One row per open stream (a tab, a process): closing one tab leaves the operator online in another.
    .addColumn('connection_id', 'text', (c) => c.primaryKey())
    .addColumn('operator_id', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('operator_presence_seen').on('operator_presence').columns(['last_seen_at', 'operator_id']).execute()

  await db.schema
    .createTable('assignment_rotation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('last_operator_id', 'text')
    .addColumn('turns', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute()
  await sql`insert into assignment_rotation (id, last_operator_id, turns) values ('inbox', null, 0)`.execute(db)
}
