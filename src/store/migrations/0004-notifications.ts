import { sql, type Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/**
 * Event-triggered notifications: contacts get a name, time zone, external id, consent and
 * reachability; students (subjects) link to their guardians; business events and every decision
 * they led to; scheduled and cancellable messages; feedback replies; outgoing webhooks.
 */
export async function up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void> {
  for (const [column, type] of [
    ['name', 'text'],
    ['timezone', 'text'],
    ['external_id', 'text'],
    ['opt_out_at', 'bigint'],
    ['opt_out_source', 'text'],
    ['marketing_consent', 'integer'],
    ['marketing_consent_source', 'text'],
    ['marketing_consent_at', 'bigint'],
    ['on_whatsapp', 'integer'],
  ] as const) {
    await db.schema.alterTable('contacts').addColumn(column, type).execute()
  }
  await db.schema.createIndex('contacts_external_id').on('contacts').column('external_id').unique().execute()

  await db.schema
    .createTable('subjects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('subject_contacts')
    .addColumn('subject_id', 'text', (c) => c.notNull().references('subjects.id'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('subject_contacts_pk', ['subject_id', 'contact_id', 'role'])
    .execute()

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('events_by_type').on('events').columns(['type', 'received_at']).execute()

  await db.schema
    .createTable('notification_decisions')
    .addColumn('id', caps.autoIncrementType, (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('detail', 'text')
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('notification_decisions_by_event').on('notification_decisions').columns(['event_id', 'id']).execute()
  await db.schema.createIndex('notification_decisions_by_message').on('notification_decisions').column('message_id').execute()

  for (const [column, type] of [
    ['event_id', 'text'],
    ['rule_id', 'text'],
    ['category', 'text'],
    ['expires_at', 'bigint'],
    ['expect_reply', 'text'],
  ] as const) {
    await db.schema.alterTable('messages').addColumn(column, type).execute()
  }
  await db.schema
    .createIndex('messages_scheduled_due')
    .on('messages')
    .columns(['due_at'])
    .where(sql.ref('status'), '=', 'scheduled')
    .execute()
  await db.schema
    .createIndex('messages_expiring')
    .on('messages')
    .columns(['expires_at'])
    .where(sql<boolean>`status in ('scheduled', 'queued') and expires_at is not null`)
    .execute()
  await db.schema.createIndex('messages_by_contact_category').on('messages').columns(['contact_id', 'category', 'due_at']).execute()

  await db.schema
    .createTable('cancel_keys')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cancel_keys_pk', ['key', 'message_id'])
    .execute()

  await db.schema
    .createTable('feedback')
    .addColumn('id', caps.autoIncrementType, (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('reply_message_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('feedback_by_event').on('feedback').column('event_id').execute()
  await db.schema.createIndex('feedback_by_rule').on('feedback').column('rule_id').execute()

  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .execute()
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', caps.autoIncrementType, (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('webhook_subscriptions.id'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .columns(['next_attempt_at'])
    .where(sql.ref('state'), '=', 'pending')
    .execute()
}
