import fc from 'fast-check'
import { expect } from 'vitest'
import { ERROR_CODES, type ErrorCode } from '../../src/core/errors.js'
import { ERROR_STATUS } from '../../src/http/errors.js'
import type { Database } from '../../src/store/dialect.js'

/**
 * One seed per test process, printed, so that a failure in CI is replayed with `FUZZ_SEED=<n>`
 * (fast-check also prints the seed and the counterexample's path). Fresh by default: every CI run
 * explores new inputs. `FUZZ_RUNS` multiplies every property's runs, for a long local session.
 */
export const FUZZ_SEED = integerFromEnv('FUZZ_SEED') ?? (Date.now() ^ (process.pid << 16)) >>> 1
const RUNS_FACTOR = numberFromEnv('FUZZ_RUNS') ?? 1
console.log(`fuzz seed ${FUZZ_SEED} — replay with FUZZ_SEED=${FUZZ_SEED}`)

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return undefined
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`)
  return value
}

function integerFromEnv(name: string): number | undefined {
  const value = numberFromEnv(name)
  if (value !== undefined && !Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got "${process.env[name]}"`)
  return value
}

/** fast-check parameters: the run's seed and `numRuns` (scaled by `FUZZ_RUNS`). */
export function fuzzRuns(numRuns: number): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(numRuns * RUNS_FACTOR)) }
}

const CODES: ReadonlySet<string> = new Set(ERROR_CODES)

/**
 * The documented error answer (README › The API): `{"error": {"code", "message", "details"}}`,
 * nothing else, a code from the closed list answered with that code's status, `details` an object.
 */
export function expectDocumentedError(status: number, text: string, what: string): void {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new Error(`${what}: answered ${status} with a body that is not JSON: ${text.slice(0, 200)}`)
  }
  expect(body, what).toEqual({ error: { code: expect.any(String), message: expect.any(String), details: expect.any(Object) } })
  const { code, details } = (body as { error: { code: string; details: unknown } }).error
  expect(CODES.has(code), `${what}: code "${code}" is not in the documented list`).toBe(true)
  expect(status, `${what}: ${code} answered with the wrong status`).toBe(ERROR_STATUS[code as ErrorCode])
  expect(Array.isArray(details), `${what}: details is an array`).toBe(false)
}

/**
 * Every table of the main family a request can write to (webhook receipts, their own family, are added below; API keys and rate buckets are left out: using a key and
 * keeping the rate are bookkeeping, not something the request stores).
 */
const STORED_TABLES = [
  'contacts',
  'contact_provider_ids',
  'messages',
  'message_events',
  'idempotency_keys',
  'templates',
  'template_events',
  'subjects',
  'subject_contacts',
  'events',
  'notification_decisions',
  'cancel_keys',
  'feedback',
  'webhook_subscriptions',
  'webhook_deliveries',
  'documents',
] as const

const asJson = (row: object): string => JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))

/** Every stored row, as sorted JSON per table: equal snapshots mean nothing was written, updated or deleted. */
export async function snapshotTables(database: Database): Promise<Record<string, string[]>> {
  const snapshot: Record<string, string[]> = {}
  for (const table of STORED_TABLES) {
    const rows = await database.db.selectFrom(table).selectAll().execute()
    snapshot[table] = rows.map(asJson).sort()
  }
  snapshot['webhook_receipts'] = (await database.receipts.selectFrom('webhook_receipts').selectAll().execute()).map(asJson).sort()
  return snapshot
}

/** The tables whose rows differ between two snapshots, for a failure message that says where. */
export function changedTables(before: Record<string, string[]>, after: Record<string, string[]>): string[] {
  return Object.keys(before).filter((table) => JSON.stringify(before[table]) !== JSON.stringify(after[table]))
}

// ---- Inputs that have broken parsers elsewhere -------------------------------------------------

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))

/** Strings a parser should survive: any code unit (lone surrogates included), control characters, RTL and zero-width marks. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.oneof(loneSurrogate, fc.constantFrom('\u0000', '\u202e', '\u200b', '\ufeff', '\u0130', '\u0131', '%', '\\', '"', '{{', '}}', '\n', '💥')), maxLength: 40 }),
  fc.constantFrom('', ' ', '__proto__', 'constructor', 'toString', '../../etc/passwd', '%00', '%2F', '+', '+0', '00', 'null', 'undefined', 'NaN', '1e999', '-0', 'x'.repeat(65)),
)

/** Long repeated patterns: the inputs that make a backtracking regex or a quadratic loop show itself. */
export const regexBait: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('a', 'a ', '{{', '}}', '{{1}}', '{{a}}', '{{ {{', '*', '_~', '* _ ~ `', 'http://', 'https://a.b/', '%', '% off', '1', '1.', '+1', '+', ' ', '\t', '\n', '-', '.', 'a.', 'ı', 'İ', '💥', '\ud800', 'aa!', '((', '[[', 'free '),
    fc.constantFrom(10, 100, 1000, 4000, 20_000, 200_000),
    fc.constantFrom('', '!', 'x', '\u0000', '}', '%'),
  )
  .map(([unit, times, tail]) => unit.repeat(Math.ceil(times / unit.length)) + tail)

/** Numbers at and past every edge JSON and the schemas have. */
export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 0.5, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e308, -1e308, 5e-324, Number.MAX_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
)

/** Strings exactly at, and one past, the lengths the API names as limits. */
export const boundaryString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(0, 1, 15, 16, 40, 41, 60, 61, 64, 65, 100, 101, 200, 201, 240, 241, 256, 257, 512, 513, 1000, 1001, 1024, 1025, 4096, 4097, 8193, 65_537), fc.constantFrom('a', 'é', '💥', '1', '_'))
  .map(([length, unit]) => unit.repeat(length))

/** Any JSON value, or one of the edge cases above in its place. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: nastyString },
  { weight: 1, arbitrary: regexBait },
  { weight: 2, arbitrary: edgeNumber },
  { weight: 2, arbitrary: boundaryString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [[[[]]]], { '': '' }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((n) => Array.from({ length: n }, () => ({}))) },
)

// ---- Mutating a valid value --------------------------------------------------------------------

type Path = Array<string | number>

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix]
  if (Array.isArray(value)) value.forEach((child, i) => paths.push(...pathsOf(child, [...prefix, i])))
  else if (value !== null && typeof value === 'object') for (const [key, child] of Object.entries(value)) paths.push(...pathsOf(child, [...prefix, key]))
  return paths
}

type Mutation = { kind: 'delete' } | { kind: 'replace'; value: unknown } | { kind: 'add'; key: string; value: unknown } | { kind: 'repeat'; times: number }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'delete' as const }) },
  { weight: 6, arbitrary: anyJson.map((value) => ({ kind: 'replace' as const, value })) },
  { weight: 1, arbitrary: fc.tuple(fc.oneof(nastyString, fc.string()), anyJson).map(([key, value]) => ({ kind: 'add' as const, key, value })) },
  { weight: 1, arbitrary: fc.constantFrom(2, 101, 1001).map((times) => ({ kind: 'repeat' as const, times })) },
)

function apply(root: unknown, path: Path, change: Mutation): unknown {
  if (path.length === 0) {
    if (change.kind === 'replace') return change.value
    if (change.kind === 'add' && root !== null && typeof root === 'object' && !Array.isArray(root)) return { ...root, [change.key]: change.value }
    if (change.kind === 'repeat') return Array.from({ length: change.times }, () => root)
    return change.kind === 'delete' ? undefined : root
  }
  const [head, ...rest] = path
  if (Array.isArray(root)) {
    const copy = [...root]
    const next = apply(copy[head as number], rest, change)
    if (next === undefined && rest.length === 0) copy.splice(head as number, 1)
    else copy[head as number] = next
    return copy
  }
  const copy = { ...(root as Record<string, unknown>) }
  const next = apply(copy[head as string], rest, change)
  if (next === undefined) delete copy[head as string]
  else copy[head as string] = next
  return copy
}

/**
 * Whether a value's JSON text stays within `limit` characters (roughly: separators are not all
 * counted), measured without writing it. Repeats share their parts, so a value that is small in
 * memory can be gigabytes as text: the test process itself would run out of memory writing it.
 */
export function jsonFits(value: unknown, limit: number): boolean {
  const pending: unknown[] = [value]
  let size = 0
  while (pending.length > 0) {
    const next = pending.pop()
    if (typeof next === 'string') size += next.length + 2
    else if (next !== null && typeof next === 'object') {
      const children = Array.isArray(next) ? next : Object.entries(next).flat()
      size += 2 + children.length
      if (size > limit) return false
      for (const child of children) pending.push(child)
    } else size += 5
    if (size > limit) return false
  }
  return true
}

/** The largest body a mutation may make: past the API's largest limit (8 MB), not past what a test can hold. */
const MUTATED_MAX_CHARS = 9 * 1024 * 1024

/** A valid value with one to three of its parts dropped, replaced (wrong types, edge lengths, arbitrary JSON), added or repeated. */
export function mutated<T>(valid: T): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid)
  return fc
    .array(fc.tuple(fc.constantFrom(...paths), mutation), { minLength: 1, maxLength: 3 })
    .map((changes) => changes.reduce<unknown>((value, [path, change]) => apply(value, path, change), structuredClone(valid)))
    .filter((value) => jsonFits(value, MUTATED_MAX_CHARS))
}

/** Mostly mutated, sometimes the valid value itself (so the success path, and what it stores, is exercised too). */
export function validOrMutated<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return valid.chain((v) => fc.oneof({ weight: 1, arbitrary: fc.constant(v as unknown) }, { weight: 3, arbitrary: mutated(v) }))
}
