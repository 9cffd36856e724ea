import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { startHarness, type Harness } from '../support/harness.js'

/*
 * The document is checked by an OpenAPI validator (the specification's own JSON Schema for 3.1,
 * with every $ref resolved), and besides by what a code generator also needs: the structure below
 * without extensions a generator would not know, path parameters declared, and every answer typed.
 */

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const
const jsonSchema = z.union([z.boolean(), z.record(z.string(), z.unknown())])
const mediaType = z.object({ schema: jsonSchema.optional(), example: z.unknown().optional(), examples: z.unknown().optional() }).strict()
const parameter = z
  .object({
    name: z.string().min(1),
    in: z.enum(['query', 'header', 'path', 'cookie']),
    required: z.boolean().optional(),
    description: z.string().optional(),
    schema: jsonSchema.optional(),
    deprecated: z.boolean().optional(),
  })
  .strict()
  .refine((p) => p.in !== 'path' || p.required === true, 'path parameters must be required')
const response = z.object({ description: z.string(), content: z.record(z.string(), mediaType).optional(), headers: z.record(z.string(), z.unknown()).optional() }).strict()
const operation = z
  .object({
    summary: z.string().optional(),
    description: z.string().optional(),
    tags: z.array(z.string()).optional(),
    operationId: z.string().optional(),
    parameters: z.array(parameter).optional(),
    requestBody: z.object({ content: z.record(z.string(), mediaType), required: z.boolean().optional(), description: z.string().optional() }).strict().optional(),
    responses: z.record(z.string().regex(/^([1-5]\d\d|[1-5]XX|default)$/), response).refine((r) => Object.keys(r).length > 0, 'at least one response'),
    security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
    deprecated: z.boolean().optional(),
  })
  .strict()
const pathItem = z.object({ summary: z.string().optional(), description: z.string().optional(), parameters: z.array(parameter).optional(), ...Object.fromEntries(METHODS.map((m) => [m, operation.optional()])) }).strict()
const openApiDocument = z
  .object({
    openapi: z.string().regex(/^3\.1\.\d+$/),
    info: z.object({ title: z.string().min(1), version: z.string().min(1), description: z.string().optional() }).strict(),
    servers: z.array(z.object({ url: z.string() }).passthrough()).optional(),
    paths: z.record(z.string().regex(/^\//), pathItem),
    components: z
      .object({
        schemas: z.record(z.string().regex(/^[A-Za-z0-9._-]+$/), jsonSchema).optional(),
        securitySchemes: z.record(z.string(), z.object({ type: z.enum(['apiKey', 'http', 'mutualTLS', 'oauth2', 'openIdConnect']) }).passthrough()).optional(),
      })
      .strict(),
    security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
    tags: z.array(z.object({ name: z.string() }).passthrough()).optional(),
  })
  .strict()

type Json = unknown

/** Every `$ref` in the document with where it is. */
function refsIn(node: Json, at: string, out: Array<{ ref: string; at: string }> = []): Array<{ ref: string; at: string }> {
  if (Array.isArray(node)) node.forEach((item, i) => refsIn(item, `${at}/${i}`, out))
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref') out.push({ ref: String(value), at })
      else refsIn(value, `${at}/${key}`, out)
    }
  }
  return out
}

/** Follows a local JSON pointer (`#/components/schemas/Error`); undefined when it leads nowhere. */
function resolve(document: Json, ref: string): Json {
  if (!ref.startsWith('#/')) return undefined
  let node: Json = document
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
    if (!node || typeof node !== 'object' || !(key in node)) return undefined
    node = (node as Record<string, Json>)[key]
  }
  return node
}

// Fields whose content is the client's or the platform's own JSON, free-form by design.
const FREE_FORM = new Set(['metadata', 'content', 'detail', 'details', 'payload', 'event'])

/** Places in a response schema that say nothing about their shape (`{}` or an open record), outside FREE_FORM fields. */
function untyped(document: Json, schema: Json, at: string, seen = new Set<Json>()): string[] {
  if (schema === true) return [at]
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return []
  seen.add(schema)
  const s = schema as Record<string, Json>
  if (typeof s.$ref === 'string') return untyped(document, resolve(document, s.$ref), at, seen)
  const found: string[] = []
  const keys = Object.keys(s).filter((k) => !['description', 'default', 'examples', 'title', '$schema', 'id'].includes(k))
  if (keys.length === 0) found.push(at)
  const types = Array.isArray(s.type) ? s.type : [s.type]
  if (types.includes('object') && s.properties === undefined) {
    const extra = s.additionalProperties
    if (extra === undefined || extra === true || (extra && typeof extra === 'object' && Object.keys(extra).length === 0)) found.push(at)
  }
  for (const [name, property] of Object.entries((s.properties as Record<string, Json> | undefined) ?? {})) {
    if (!FREE_FORM.has(name)) found.push(...untyped(document, property, `${at}.${name}`, seen))
  }
  for (const key of ['items', 'additionalProperties'] as const) if (s[key] && typeof s[key] === 'object') found.push(...untyped(document, s[key], `${at}[]`, seen))
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) for (const option of (s[key] as Json[] | undefined) ?? []) found.push(...untyped(document, option, at, seen))
  return found
}

describe('the OpenAPI document', () => {
  let h: Harness
  let document: any
  beforeAll(async () => {
    h = await startHarness('sqlite', { worker: false })
    const res = await h.parley.app!.inject({ method: 'GET', url: '/openapi.json' })
    expect(res.statusCode).toBe(200)
    document = res.json()
  })
  afterAll(async () => h?.close())

  const operations = () =>
    Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] })),
    )

  it('is valid OpenAPI 3.1 by a validator, every $ref resolving', async () => {
    const validator = new Validator()
    const result = await validator.validate(structuredClone(document))
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
    // resolveRefs throws on a $ref that leads nowhere.
    expect(() => validator.resolveRefs()).not.toThrow()
  })

  it('has the structure of OpenAPI 3.1', () => {
    const checked = openApiDocument.safeParse(document)
    expect(checked.success ? [] : checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([])
    for (const requirement of document.security ?? []) for (const name of Object.keys(requirement)) expect(document.components.securitySchemes).toHaveProperty(name)
  })

  it('resolves every $ref', () => {
    const refs = refsIn(document, '#')
    expect(refs.length).toBeGreaterThan(0)
    expect(refs.filter(({ ref }) => resolve(document, ref) === undefined)).toEqual([])
  })

  it('declares every path parameter, and only those', () => {
    for (const { path, method, op } of operations()) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort()
      const declared = (op.parameters ?? []).filter((p: { in: string }) => p.in === 'path').map((p: { name: string }) => p.name).sort()
      expect(declared, `${method.toUpperCase()} ${path}`).toEqual(inPath)
    }
  })

  it('types every answer: a schema for each JSON response, with no open records outside free-form fields', () => {
    const problems: string[] = []
    for (const { path, method, op } of operations()) {
      for (const [status, res] of Object.entries(op.responses as Record<string, { content?: Record<string, { schema?: Json }> }>)) {
        const where = `${method.toUpperCase()} ${path} ${status}`
        const schema = res.content?.['application/json']?.schema
        if (status === '204') continue
        if (schema === undefined) {
          problems.push(`${where}: no schema`)
          continue
        }
        problems.push(...untyped(document, schema, 'body').map((at) => `${where}: ${at} is untyped`))
        if (/^[45]/.test(status)) expect((schema as { $ref?: string }).$ref, where).toBe('#/components/schemas/Error')
      }
    }
    expect(problems).toEqual([])
  })

  it('documents the main routes with a request body where they take one', () => {
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v1/messages', '/v1/messages/batch', '/v1/messages/{id}', '/v1/contacts/{phone}/messages', '/v1/events', '/v1/templates', '/v1/webhooks']),
    )
    for (const { path, method, op } of operations()) {
      if (['post', 'put', 'patch'].includes(method) && op.requestBody) expect(Object.keys(op.requestBody.content), `${method} ${path}`).toContain('application/json')
    }
  })
})
