import { sql, type Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * Teams of operators, with the response targets a team promises (stored here, read by the SLA
 * check), the team a conversation is routed to (on the contact, where the rest of the
 * conversation's state lives, migration 0014), and operators who may see every team's conversations.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('first_response_sla_minutes', 'integer')
    .addColumn('resolution_sla_minutes', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'operator_id'])
    .execute()
  // A request's visibility starts from "which teams is this operator in".
  await db.schema.createIndex('team_members_by_operator').on('team_members').columns(['operator_id', 'team_id']).execute()

  await db.schema.alterTable('contacts').addColumn('team_id', 'text').execute()
  // The `?team=` filter as a range scan in the list's order, like the assignee's index of 0014.
  await sql`create index contacts_team_activity on contacts (team_id, last_activity_at desc, phone)`.execute(db)

  await db.schema.alterTable('operators').addColumn('sees_all_teams', 'integer', (c) => c.notNull().defaultTo(0)).execute()
}
