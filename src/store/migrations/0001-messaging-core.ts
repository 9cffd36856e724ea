import { sql, type Kysely } from 'kysely'
import type { DialectCapabilities } from '../dialect.js'

/** Contacts, the outbox and its history, webhook receipts, API keys, idempotency and rate buckets. */
export async function up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone', 'text', (c) => c.notNull().unique())
    .addColumn('provider_user_id', 'text')
    .addColumn('profile_name', 'text')
    .addColumn('last_inbound_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('contact_provider_ids')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_user_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_provider_ids_pk', ['provider', 'provider_user_id'])
    .execute()

  await db.schema
    .createTable('messages')
    .addColumn('seq', caps.autoIncrementType, (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
    .addColumn('sender_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('preview', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('due_at', 'bigint')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('provider_message_id', 'text', (c) => c.unique())
    .addColumn('reply_to', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_title', 'text')
    .addColumn('error_retryable', 'integer')
    .addColumn('market', 'text')
    .addColumn('pricing_category', 'text')
    .addColumn('pricing_type', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  // The claim scans queued rows by due time; the per-contact order check looks for an earlier
  // unfinished message of the same contact. Both indexes are partial, so finished messages (the
  // vast majority over time) cost them nothing.
  await db.schema
    .createIndex('messages_due')
    .on('messages')
    .columns(['sender_id', 'due_at', 'seq'])
    .where(sql.ref('status'), '=', 'queued')
    .execute()
  await db.schema
    .createIndex('messages_unfinished_by_contact')
    .on('messages')
    .columns(['contact_id', 'seq'])
    .where(sql.ref('status'), 'in', ['queued', 'sending'])
    .execute()
  await db.schema
    .createIndex('messages_sending_lease')
    .on('messages')
    .columns(['lease_until'])
    .where(sql.ref('status'), '=', 'sending')
    .execute()
  await db.schema.createIndex('messages_contact_history').on('messages').columns(['contact_id', 'seq']).execute()
  await db.schema.createIndex('messages_by_status').on('messages').columns(['status']).execute()

  await db.schema
    .createTable('message_events')
    .addColumn('id', caps.autoIncrementType, (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('dedupe_key', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_title', 'text')
    .execute()
  await db.schema.createIndex('message_events_by_message').on('message_events').columns(['message_id', 'id']).execute()
  await db.schema.createIndex('message_events_dedupe').on('message_events').columns(['message_id', 'dedupe_key']).unique().execute()

  await db.schema
    .createTable('webhook_receipts')
    .addColumn('id', caps.autoIncrementType, (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed_at', 'bigint')
    .addColumn('error', 'text')
    .execute()
  await db.schema
    .createIndex('webhook_receipts_pending')
    .on('webhook_receipts')
    .column('id')
    .where(sql.ref('state'), '=', 'pending')
    .execute()

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute()

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute()

  await db.schema
    .createTable('rate_buckets')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('tokens', 'double precision', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
}
