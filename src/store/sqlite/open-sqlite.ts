import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect, sql, type Driver, type SqliteDatabase } from 'kysely'
import type { Database, DialectCapabilities } from '../dialect.js'
import type { DB, ReceiptsDB } from '../schema.js'
import { receiptsFileOf, receiptsSchema } from './receipts-file.js'
import { RESTART_FRAMES, startCheckpointer } from './checkpointer.js'
import { LockWaitingDriver } from './lock-waits.js'
import { createOffThreadReader } from './off-thread-reader.js'

const capabilities: DialectCapabilities = {
  name: 'sqlite',
  supportsSkipLocked: false,
  sharedAcrossMachines: false,
  currentTimeMs: sql<number>`cast((julianday('now') - 2440587.5) * 86400000 as integer)`,
  autoIncrementType: 'integer',
  isTransient: (error) => (error as { code?: string } | null)?.code?.startsWith('SQLITE_BUSY') ?? false,
}

export interface SqliteOptions {
  /** Path of the database file; its folder is created. */
  file: string
  /** `normal` survives a process crash (WAL); `full` also survives power loss, at an fsync per commit. */
  synchronous?: 'normal' | 'full'
  /** How long a statement waits for another connection's write lock before it fails with SQLITE_BUSY (default 10 s). */
  lockTimeoutMs?: number
  /** The log's length in pages past which it is made to start over (see checkpointer.ts); tests make it small. */
  walRestartFrames?: number
}

/**
 * Opens (creating if needed) the embedded SQLite database in WAL mode: the main file and, beside
 * it, the file of webhook receipts (see `Database.receipts`), each with its own write lock.
 */
export function openSqlite(options: SqliteOptions): Database {
  mkdirSync(dirname(options.file), { recursive: true })
  const restartFrames = options.walRestartFrames ?? RESTART_FRAMES
  const receiptsFile = receiptsFileOf(options.file)
  const main = openConnection(options.file, options, restartFrames)
  const receiptsConnection = openConnection(receiptsFile, options, restartFrames)
  for (const statement of receiptsSchema()) receiptsConnection.exec(statement)
  const checkpointer = startCheckpointer(
    [options.file, receiptsFile],
    () => {
      // The writers checkpoint for themselves again, or the logs grow without end.
      for (const connection of [main, receiptsConnection]) if (connection.open) connection.pragma('wal_autocheckpoint = 1000')
    },
    { restartFrames },
  )
  const db = new Kysely<DB>({ dialect: new LockWaitingSqliteDialect(main, options.lockTimeoutMs ?? 10_000) })
  const receipts = new Kysely<ReceiptsDB>({ dialect: new LockWaitingSqliteDialect(receiptsConnection, options.lockTimeoutMs ?? 10_000) })
  const reader = createOffThreadReader(options.file)
  return {
    db,
    receipts,
    capabilities,
    longRead: (query) => reader.read(query),
    close: async () => {
      await reader.close()
      await checkpointer.close()
      await receipts.destroy()
      await db.destroy()
    },
  }
}

function openConnection(file: string, options: SqliteOptions, restartFrames: number): BetterSqlite3.Database {
  const connection = new BetterSqlite3(file)
  connection.pragma('journal_mode = WAL')
  connection.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
  // The write lock is waited for off the event loop (see lock-waits.ts), not by sleeping the thread.
  connection.pragma('busy_timeout = 0')
  connection.pragma('foreign_keys = ON')
  // The log is copied back into the file by a thread of its own, not inside this thread's commits.
  connection.pragma('wal_autocheckpoint = 0')
  // A log started over is cut back to this size, not left at the largest it ever was.
  connection.pragma(`journal_size_limit = ${restartFrames * 4096}`)
  return connection
}

/** Kysely's SQLite dialect with the statement cache below and the lock waits of lock-waits.ts. */
class LockWaitingSqliteDialect extends SqliteDialect {
  readonly #connection: BetterSqlite3.Database
  readonly #lockTimeoutMs: number

  constructor(connection: BetterSqlite3.Database, lockTimeoutMs: number) {
    super({ database: withStatementCache(connection) })
    this.#connection = connection
    this.#lockTimeoutMs = lockTimeoutMs
  }

  override createDriver(): Driver {
    return new LockWaitingDriver(super.createDriver(), this.#connection, { timeoutMs: this.#lockTimeoutMs })
  }
}

const STATEMENT_CACHE_SIZE = 500
/**
 * Longer statements are multi-row ones (`values (…), (…), …`): one text per row count, each a
 * large compiled program, run once per batch. Kept, they held some 60 MB of each busy process in
 * the benchmark; prepared afresh, they cost little beside the rows they write.
 */
const LONGEST_CACHED_SQL = 2000

/**
 * Kysely's SQLite driver prepares every statement it runs; preparing costs as much as running a
 * small statement. The same few dozen statements run for every message, so they are prepared once
 * and kept (least recently used dropped past the limit). Safe because better-sqlite3 is synchronous:
 * a statement is never in use twice at once.
 */
function withStatementCache(connection: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>()
  return {
    close: () => connection.close(),
    prepare(sql: string) {
      if (sql.length > LONGEST_CACHED_SQL) return connection.prepare(sql)
      let statement = cache.get(sql)
      if (statement) {
        cache.delete(sql)
      } else {
        statement = connection.prepare(sql)
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!)
      }
      cache.set(sql, statement)
      return statement
    },
  } as SqliteDatabase
}
