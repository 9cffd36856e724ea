import type { CompiledQuery, Kysely, RawBuilder } from 'kysely'
import type { DB, ReceiptsDB } from './schema.js'

/** What differs between the engines, as capabilities: business code never asks which engine it is. */
export interface DialectCapabilities {
  readonly name: 'sqlite' | 'postgres'
  /** Row locks that concurrent claimers skip (`FOR UPDATE SKIP LOCKED`). */
  readonly supportsSkipLocked: boolean
  /**
   * Whether processes on several machines may share the database (PostgreSQL): their clocks then
   * disagree, so "due" is decided by the database's clock, the one they share.
   */
  readonly sharedAcrossMachines: boolean
  /** An expression for the database server's time in epoch milliseconds. */
  readonly currentTimeMs: RawBuilder<number>
  /** The column type of an auto-incrementing 64-bit key. */
  readonly autoIncrementType: 'integer' | 'bigserial'
  /** An error that means "run the transaction again" (deadlock, serialization failure, busy). */
  isTransient(error: unknown): boolean
}

/** An open database: the query builder, what its engine can do, and how to close it. */
export interface Database {
  readonly db: Kysely<DB>
  /**
   * Where raw webhook receipts are stored and leased. On PostgreSQL the same database. On SQLite a
   * file of its own beside the main one (`<name>-receipts.db`): SQLite has one write lock per file,
   * and webhook intake storing a receipt would otherwise wait for every transaction of the worker
   * that applies them, and the worker for intake — the two busiest writers, on one lock.
   */
  readonly receipts: Kysely<ReceiptsDB>
  readonly capabilities: DialectCapabilities
  /** The schema Parley's tables live in, where the engine has schemas (PostgreSQL: the connection's current schema). */
  readonly schema?: string
  /**
   * Runs a long read (a report over many rows) where it cannot hold up the event loop: on
   * PostgreSQL as any query (the client waits on the network); on SQLite, whose driver runs a
   * statement on the calling thread, on a read-only connection in a worker thread.
   */
  longRead<Row>(query: CompiledQuery<Row>): Promise<Row[]>
  close(): Promise<void>
}
