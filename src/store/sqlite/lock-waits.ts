import type BetterSqlite3 from 'better-sqlite3'
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely'

export interface LockWaitOptions {
  /** How long a statement may wait for the write lock before its SQLITE_BUSY is thrown (as busy_timeout did). */
  timeoutMs: number
  sleep?: (ms: number) => Promise<void>
  now?: () => number
}

const MAX_PAUSE_MS = 1

/**
 * SQLite lets one connection write at a time; with two processes on one file (`parley start` on
 * two cores) each waits for the other's transactions. SQLite's own wait (busy_timeout) sleeps the
 * thread, and with it the event loop: every request of the process stood still for the lock. Here
 * the connection does not wait (busy_timeout 0) and a statement refused with SQLITE_BUSY is tried
 * again after a timer, so the process goes on serving while it waits.
 *
 * Transactions begin IMMEDIATE, taking the write lock before their first statement: a refusal then
 * comes at BEGIN, before any work, and is simply tried again. (A deferred transaction is refused
 * only at its first write, after its reads, and must then be rolled back and run again.) A
 * statement inside a transaction is never tried again here: the transaction holds the lock.
 */
export class LockWaitingDriver implements Driver {
  readonly #inner: Driver
  readonly #connection: BetterSqlite3.Database
  readonly #options: Required<LockWaitOptions>

  constructor(inner: Driver, connection: BetterSqlite3.Database, options: LockWaitOptions) {
    this.#inner = inner
    this.#connection = connection
    this.#options = { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), now: Date.now, ...options }
  }

  init(): Promise<void> {
    return this.#inner.init()
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await this.#inner.acquireConnection()
    return new LockWaitingConnection(inner, this.#connection, this.#options)
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection)
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection)
  }

  savepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]): Promise<void> {
    return this.#inner.savepoint!(connection, name, compile)
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['rollbackToSavepoint']>>[2]): Promise<void> {
    return this.#inner.rollbackToSavepoint!(connection, name, compile)
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['releaseSavepoint']>>[2]): Promise<void> {
    return this.#inner.releaseSavepoint!(connection, name, compile)
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection((connection as LockWaitingConnection).inner)
  }

  destroy(): Promise<void> {
    return this.#inner.destroy()
  }
}

class LockWaitingConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly connection: BetterSqlite3.Database,
    private readonly options: Required<LockWaitOptions>,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    let deadline: number | null = null
    for (let pause = 1; ; pause = Math.min(pause * 2, MAX_PAUSE_MS)) {
      try {
        return await this.inner.executeQuery<R>(query)
      } catch (error) {
        if (!isBusy(error) || this.connection.inTransaction) throw error
        deadline ??= this.options.now() + this.options.timeoutMs
        if (this.options.now() >= deadline) throw error
        await this.options.sleep(pause)
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize)
  }
}

function isBusy(error: unknown): boolean {
  return (error as { code?: string } | null)?.code?.startsWith('SQLITE_BUSY') ?? false
}
