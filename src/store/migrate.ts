import { Migrator, type Migration, type MigrationResultSet } from 'kysely'
import type { Database } from './dialect.js'
import * as m0001 from './migrations/0001-messaging-core.js'
import * as m0002 from './migrations/0002-templates.js'
import * as m0003 from './migrations/0003-claim-in-acceptance-order.js'
import * as m0004 from './migrations/0004-notifications.js'
import * as m0005 from './migrations/0005-documents.js'
import * as m0006 from './migrations/0006-contact-tags-attributes.js'
import * as m0007 from './migrations/0007-leased-queues.js'
import * as m0008 from './migrations/0008-receiver-heartbeats.js'
import * as m0009 from './migrations/0009-stale-messages.js'
import * as m0010 from './migrations/0010-scoped-api-keys.js'
import * as m0011 from './migrations/0011-adaptive-rate.js'
import * as m0012 from './migrations/0012-webhook-receipt-bytes.js'
import * as m0013 from './migrations/0013-operators.js'
import * as m0014 from './migrations/0014-conversations.js'
import * as m0015 from './migrations/0015-teams.js'
import * as m0016 from './migrations/0016-conversation-workflow.js'
import * as m0017 from './migrations/0017-notes.js'
import * as m0018 from './migrations/0018-messages-by-time.js'
import * as m0019 from './migrations/0019-message-accounts.js'
import * as m0020 from './migrations/0020-sms-segments.js'
import * as m0021 from './migrations/0021-sms-fallbacks.js'
import * as m0022 from './migrations/0022-message-sent-at.js'
import * as m0023 from './migrations/0023-message-costs.js'
import * as m0027 from './migrations/0027-cancellations.js'
import * as m0028 from './migrations/0028-free-allowance-used.js'
import * as m0029 from './migrations/0029-cost-reports.js'
import * as m0032 from './migrations/0032-cost-compare.js'
import * as m0030 from './migrations/0030-cost-budgets.js'
import * as m0033 from './migrations/0033-receipts-file.js'

/** Every migration, in order. One list serves both engines; a migration gets the engine's capabilities. */
const MIGRATIONS = {
  '0001-messaging-core': m0001,
  '0002-templates': m0002,
  '0003-claim-in-acceptance-order': m0003,
  '0004-notifications': m0004,
  '0005-documents': m0005,
  '0006-contact-tags-attributes': m0006,
  '0007-leased-queues': m0007,
  '0008-receiver-heartbeats': m0008,
  '0009-stale-messages': m0009,
  '0010-scoped-api-keys': m0010,
  '0011-adaptive-rate': m0011,
  '0012-webhook-receipt-bytes': m0012,
  '0013-operators': m0013,
  '0014-conversations': m0014,
  '0015-teams': m0015,
  '0016-conversation-workflow': m0016,
  '0017-notes': m0017,
  '0018-messages-by-time': m0018,
  '0019-message-accounts': m0019,
  '0020-sms-segments': m0020,
  '0021-sms-fallbacks': m0021,
  '0022-message-sent-at': m0022,
  '0023-message-costs': m0023,
  '0027-cancellations': m0027,
  '0028-free-allowance-used': m0028,
  '0029-cost-reports': m0029,
  '0032-cost-compare': m0032,
  '0030-cost-budgets': m0030,
  '0033-receipts-file': m0033,
} as const

/**
 * Applies every pending migration; safe to run from several processes at once (Kysely takes a lock).
 * `before` stops short of the migration of that name and every later one (tests of a migration use it).
 */
export async function migrateToLatest(database: Database, options: { before?: string } = {}): Promise<string[]> {
  const migrations: Record<string, Migration> = {}
  for (const [name, module] of Object.entries(MIGRATIONS)) {
    if (options.before !== undefined && name >= options.before) continue
    migrations[name] = { up: (db) => module.up(db, database.capabilities) }
  }
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'parley_migrations',
    migrationLockTableName: 'parley_migrations_lock',
    // Migrations are written on parallel branches: one numbered below the latest applied still runs.
    allowUnorderedMigrations: true,
    // Kysely looks for its tables across every schema unless told which one is ours.
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  })
  const result: MigrationResultSet = await migrator.migrateToLatest()
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new Error(`Migration ${failed} failed: ${String(result.error)}`, { cause: result.error })
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
