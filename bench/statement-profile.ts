import { readFileSync, writeFileSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'

/**
 * Which statements Parley's time goes to, by their SQL text, for `npm run bench -- --statements`.
 * Installed in the Parley process before it opens its database. On SQLite, better-sqlite3's
 * statements (run, get, all, iterate): the process's own wall time inside SQLite, which on one
 * thread is its CPU there. On PostgreSQL, node-postgres queries from sent to answered: round trips
 * and the server's work, overlapping when several connections are busy. Reported per phase, worst first.
 */

export interface StatementFigure {
  sql: string
  calls: number
  totalMs: number
}

const figures = new Map<string, StatementFigure>()

function record(text: string, ms: number): void {
  const figure = figures.get(text) ?? { sql: text, calls: 0, totalMs: 0 }
  figure.calls++
  figure.totalMs += ms
  figures.set(text, figure)
}

export function installStatementProfile(): void {
  installPostgresProfile()
  const proto = BetterSqlite3.prototype as unknown as { prepare(this: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement }
  const prepare = proto.prepare
  proto.prepare = function (this: BetterSqlite3.Database, text: string) {
    const statement = prepare.call(this, text)
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const original = (statement as unknown as Record<string, (...args: unknown[]) => unknown>)[method]!
      ;(statement as unknown as Record<string, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
        const start = performance.now()
        try {
          return original.apply(this, args)
        } finally {
          record(text, performance.now() - start)
        }
      }
    }
    return statement
  }
}

/** Kysely's PostgreSQL driver calls `client.query(sql, parameters)` and awaits the promise. */
function installPostgresProfile(): void {
  const proto = pg.Client.prototype as unknown as { query(this: pg.Client, ...args: unknown[]): unknown }
  const query = proto.query
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const result = query.apply(this, args)
    const text = typeof args[0] === 'string' ? args[0] : null
    if (text === null || !(result instanceof Promise)) return result
    const start = performance.now()
    return result.finally(() => record(text, performance.now() - start))
  }
}

/** The statements since the last reset, by total time. */
export function statementFigures(top = 25): StatementFigure[] {
  return [...figures.values()].sort((a, b) => b.totalMs - a.totalMs).slice(0, top)
}

/**
 * Another process's figures (the worker process's): it writes all of its own to `file` every
 * half second; what it did within a window is the later snapshot less the earlier one.
 */
export function publishStatementFigures(file: string): void {
  setInterval(() => writeFileSync(file, JSON.stringify([...figures.values()])), 500).unref()
}

export function readStatementSnapshot(file: string): StatementFigure[] {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StatementFigure[]
  } catch {
    return []
  }
}

export function figuresBetween(before: readonly StatementFigure[], after: readonly StatementFigure[], top = 25): StatementFigure[] {
  const earlier = new Map(before.map((f) => [f.sql, f]))
  return after
    .map((f) => ({ sql: f.sql, calls: f.calls - (earlier.get(f.sql)?.calls ?? 0), totalMs: f.totalMs - (earlier.get(f.sql)?.totalMs ?? 0) }))
    .filter((f) => f.calls > 0)
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, top)
}

export function resetStatementFigures(): void {
  figures.clear()
}
