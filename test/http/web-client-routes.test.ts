import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROUTES } from '../../web/src/api/routes.js'
import { startHarness, type Harness } from '../support/harness.js'

/**
 * Routes the inbox already calls that other parts of issue 10 are adding. Each must be absent from
 * /openapi.json: once its route exists this test fails, so that the entry is removed here and the
 * route is checked like the others from then on.
 */
const PENDING = new Set<string>([])

describe("the inbox's API client", () => {
  let harness: Harness
  let operations: Set<string>
  beforeAll(async () => {
    harness = await startHarness('sqlite')
    const spec = (await fetch(`${harness.url}/openapi.json`).then((r) => r.json())) as { paths: Record<string, Record<string, unknown>> }
    operations = new Set(Object.entries(spec.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)))
  })
  afterAll(() => harness?.close())

  const calls = Object.entries(ROUTES).map(([name, route]) => [name, `${route.method} ${route.path}`] as const)

  it.each(calls.filter(([, operation]) => !PENDING.has(operation)))('%s calls %s, which Parley documents', (_name, operation) => {
    expect(operations).toContain(operation)
  })

  it.each(calls.filter(([, operation]) => PENDING.has(operation)))('%s calls %s, still pending: remove it from PENDING once the route exists', (_name, operation) => {
    expect(operations, `${operation} now exists: remove it from PENDING in this file`).not.toContain(operation)
  })

  it('lists nothing as pending that the client does not call', () => {
    expect([...PENDING].filter((operation) => !calls.some(([, call]) => call === operation))).toEqual([])
  })
})
