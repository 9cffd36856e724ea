import fc from 'fast-check'
import { TEST_API_KEY } from '../support/harness.js'
import { anyJson, boundaryString, edgeNumber, nastyString, regexBait, validOrMutated } from '../support/fuzz.js'

/** One request as `inject()` takes it. */
export interface FuzzRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'
  url: string
  headers: Record<string, string>
  payload?: string
}

/** Resources that exist before the run, so that reads and updates also find something. */
export interface Known {
  messageId: string
  eventId: string
  webhookId: string
  deliveryId: number
  template: { name: string; language: string }
}

const AUTH = `Bearer ${TEST_API_KEY}`
const PHONES = ['+4915112345678', '+905321234567', '+5511987654321', '+447911123456']
/** Numbers as people write them, some of which are no number at all. */
const ODD_PHONES = ['4915112345678', '+49 151 1234 5678', '(0151) 12345678', '+15550001111', '+4915112340000', '+', '+0', '+999999999999999999']

// ---- Valid bodies, one per route family --------------------------------------------------------

const phone = fc.constantFrom(...PHONES)
const shortText = fc.string({ minLength: 1, maxLength: 30 })
const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/)

const message = fc.record(
  {
    to: phone,
    text: shortText,
    template: fc.record({ name: fc.constantFrom('hello_world', 'fuzz_notice'), language: fc.constantFrom('en_US', 'en', 'tr'), params: fc.array(shortText, { maxLength: 3 }), buttons: fc.constant({ '0': 'x' }) }, { requiredKeys: ['name'] }),
    metadata: fc.dictionary(word, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    from: fc.constantFrom('default', 'nobody'),
    policy: fc.constantFrom({ override: 'transactional' }, { override: 'requested_by_contact' }),
    preview_url: fc.boolean(),
  },
  { requiredKeys: ['to'] },
)

const contactUpdate = fc.record(
  {
    language: fc.constantFrom('tr', 'pt_BR', 'en', null),
    name: fc.constantFrom('Ayşe', 'Max', 'Ana María'),
    timezone: fc.constantFrom('Europe/Istanbul', 'America/Sao_Paulo', 'UTC'),
    external_id: word,
    marketing_consent: fc.record({ granted: fc.boolean(), source: fc.constantFrom('signup_form', 'api') }),
    tags: fc.array(word, { maxLength: 3 }),
    attributes: fc.dictionary(word, fc.oneof(shortText, fc.integer(), fc.boolean()), { maxKeys: 3 }),
  },
  { requiredKeys: [] },
)

const eventContact = fc.record({ phone, name: fc.constantFrom('Ayşe', 'Can'), language: fc.constantFrom('tr', 'en'), timezone: fc.constantFrom('Europe/Istanbul', 'UTC') }, { requiredKeys: ['phone'] })

const event = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 20 }),
    type: fc.constantFrom('lesson.scheduled', 'account.created', 'lesson.cancelled'),
    occurred_at: fc.constantFrom('2026-01-05T10:00:00Z', '2026-01-05T10:00:00+03:00', '2026-06-30T23:59:59.999Z'),
    contact: eventContact,
    subject: fc.record({ external_id: word, contacts: fc.array(eventContact.map((c) => ({ ...c, role: 'guardian' })), { maxLength: 2 }) }),
    data: fc.record({ lesson: fc.record({ id: word, kind: fc.constantFrom('regular', 'trial'), starts_at: fc.constant('2026-01-06T15:00:00+03:00') }), plan: fc.constantFrom('pro', 'free') }),
  },
  { requiredKeys: ['id', 'type', 'occurred_at'] },
)

const template = fc.record(
  {
    name: fc.constantFrom('fuzz_notice', 'fuzz_reminder'),
    language: fc.constantFrom('en', 'tr', 'pt_BR'),
    category: fc.constantFrom('UTILITY', 'marketing', 'AUTHENTICATION'),
    body: fc.constantFrom('Hello {{1}}, your lesson is at {{2}}. See you soon!', 'Hi {{child_name}}, the lesson starts at {{time}} today.', { text: 'Your code is {{1}}.', examples: { '1': '123456' } }),
    examples: fc.constant({ '1': 'Max', '2': '15:00', child_name: 'Max', time: '15:00' }),
    header: fc.constantFrom('Lesson', { format: 'text', text: 'Lesson {{1}}', examples: { '1': 'today' } }, { format: 'image', example: 'https://example.com/a.png' }),
    footer: fc.constant('Reply STOP to opt out'),
    buttons: fc.constantFrom(
      [{ type: 'quick_reply', text: 'Yes' }],
      [{ type: 'url', text: 'Open', url: 'https://example.com/{{1}}', example: 'https://example.com/a' }],
      [{ type: 'phone_number', text: 'Call', phone_number: '+4915112345678' }, { type: 'copy_code', example: 'ABC123' }],
    ),
    tags: fc.array(word, { maxLength: 2 }),
    folder: fc.constantFrom('lessons', 'a/b', null),
    parameter_format: fc.constantFrom('positional', 'named'),
  },
  { requiredKeys: ['name', 'language', 'category', 'body'] },
)

const rulesDocument = fc.record({
  rules: fc.tuple(
    fc.record(
      {
        id: fc.constantFrom('fuzz-welcome', 'fuzz.reminder'),
        on: fc.constantFrom('account.created', 'lesson.*', ['lesson.scheduled', 'lesson.moved']),
        when: fc.constantFrom('data.plan == "pro"', 'exists(data.lesson) and data.lesson.kind in ["trial", "group"]', 'not (data.x ?? 1) > 2'),
        send: fc.record({ template: fc.constantFrom('hello_world', 'fuzz_notice'), params: fc.constantFrom({ name: 'recipient.name' }, ['data.plan'], { time: { from: 'data.lesson.starts_at', format: 'time' } }) }, { requiredKeys: ['template'] }),
        category: fc.constantFrom('utility', 'marketing'),
        to: fc.constantFrom('contact', 'guardians', ['billing', 'guardians']),
        delay: fc.constantFrom('10m', '1h'),
        expires: fc.constantFrom('6h', 'data.lesson.starts_at'),
        cancel_on: fc.constant([{ event: 'lesson.cancelled', match: 'data.lesson.id' }]),
        expect_reply: fc.constant({ buttons: ['1', '2'], text_within: '24h' }),
      },
      { requiredKeys: ['id', 'on', 'send', 'category'] },
    ),
  ),
})

const subscription = fc.record(
  {
    url: fc.constantFrom('https://hooks.example.com/parley', 'http://hooks.example.com:8080/p?x=1', 'https://hooks.example.com/parley', 'https://169.254.169.254/latest', 'https://0x7f000001/'),
    topics: fc.subarray(['message.status', 'message.inbound', 'feedback', 'contact.opt_out', 'contact.opt_in'], { minLength: 1 }),
    secret: fc.constant('s'.repeat(24)),
  },
  { requiredKeys: ['url', 'topics'] },
)

// ---- URLs --------------------------------------------------------------------------------------

/**
 * `encodeURIComponent` that also writes a lone surrogate (which it refuses) as the three bytes
 * WTF-8 gives it: percent-encoding that is not UTF-8, exactly what the router must refuse cleanly.
 */
export function encodeSegment(value: string): string {
  return value.replace(/[\ud800-\udbff][\udc00-\udfff]|[\s\S]/g, (unit) => {
    if (unit.length === 2 || unit.charCodeAt(0) < 0xd800 || unit.charCodeAt(0) > 0xdfff) return encodeURIComponent(unit)
    const c = unit.charCodeAt(0)
    return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
  })
}

/** A path segment: the expected value or an existing id, encoded or not, or something odd in its place. */
function segment(...valid: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...valid).map(encodeSegment) },
    { weight: 1, arbitrary: fc.constantFrom(...valid) },
    { weight: 2, arbitrary: nastyString.map(encodeSegment) },
    { weight: 1, arbitrary: boundaryString.map(encodeSegment) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%ff', '%00', '%2e%2e', '..', '%252B4915112345678', 'a'.repeat(600), '%C0%AF', '%ED%A0%80') },
  )
}

/** A query string from parameters that are each valid, odd or left out; sometimes repeated or raw. */
function query(params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const value = (valid: fc.Arbitrary<string>) => fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: fc.oneof(nastyString, boundaryString, edgeNumber.map(String), fc.constantFrom('1e400', '0x10', '-0', ' 5', '5 ', 'Infinity')) })
  const entries = Object.entries(params).map(([key, valid]) => fc.option(value(valid).map((v) => `${key}=${encodeSegment(v)}`), { nil: undefined, freq: 2 }))
  return fc
    .tuple(fc.tuple(...entries), fc.constantFrom('', '', '', '&limit=1&limit=2', '&status[]=x', '&&', '&=', '&%zz=1', '&q=%', '&__proto__[x]=1', '&constructor=1'))
    .map(([parts, extra]) => {
      const q = parts.filter((p) => p !== undefined).join('&') + extra
      return q === '' ? '' : `?${q}`
    })
}

// ---- Headers and bodies ------------------------------------------------------------------------

/** The value one time in six, else nothing. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary })

const authorization = fc.oneof(
  { weight: 40, arbitrary: fc.constant(AUTH) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, '', 'Bearer', 'Bearer ', `bearer ${TEST_API_KEY}`, `Bearer ${TEST_API_KEY}x`, `Bearer  ${TEST_API_KEY}`, 'Basic YWxhZGRpbjpvcGVuc2VzYW1l', `Bearer ${'a'.repeat(10_000)}`) },
  { weight: 1, arbitrary: nastyString.map((s) => `Bearer ${s}`) },
)

const contentType = fc.oneof(
  { weight: 30, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      undefined,
      '',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'APPLICATION/JSON',
      'application/json;;;',
      'application/jsonx',
      'application/merge-patch+json',
      'text/plain',
      'text/yaml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      '*/*',
    ),
  },
  { weight: 1, arbitrary: nastyString },
)

/** Extra headers: idempotency keys of every kind, a wrong content length, odd accept and encoding headers. */
const extraHeaders = fc.record(
  {
    'idempotency-key': fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), nastyString, boundaryString),
    'content-length': rarely(fc.constantFrom('0', '1', '-1', '99999999', 'abc')),
    'content-encoding': fc.constantFrom('gzip', 'br', 'identity', 'x'),
    accept: fc.constantFrom('text/html', 'application/xml', '*/*'),
    'x-forwarded-for': nastyString,
  },
  { requiredKeys: [] },
)

/** The JSON text of a body, sometimes broken: cut short, with garbage, huge numbers, duplicate or poisoned keys. */
function bodyText(body: unknown): fc.Arbitrary<string | undefined> {
  const text = JSON.stringify(body)
  if (text === undefined) return fc.constant(undefined)
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(text) },
    {
      weight: 3,
      arbitrary: fc.oneof(
        fc.nat({ max: text.length }).map((n) => text.slice(0, n)),
        fc.tuple(fc.nat({ max: text.length }), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 })).map(([n, s]) => text.slice(0, n) + s + text.slice(n)),
        fc.constantFrom('\ufeff', ' \n\t', '[', 'null', '"', '{"__proto__": {"x": 1}, ', '{"constructor": {"prototype": {"x": 1}}, ').map((prefix) => (prefix.endsWith(', ') && text.startsWith('{') ? prefix + text.slice(1) : prefix + text)),
        fc.constantFrom('1e999', '-1e999', '123456789012345678901234567890', '-0', '1.0000000000000000000001').map((n) => text.replace(/:\s*("[^"]*"|\d+)/, `:${n}`)),
        fc.constant(text.startsWith('{') ? `{"to":"+4915112345678","to":1,${text.slice(1)}` : text),
      ),
    },
  )
}

function request(method: FuzzRequest['method'], url: fc.Arbitrary<string>, body?: fc.Arbitrary<unknown>): fc.Arbitrary<FuzzRequest> {
  const payload = body ? body.chain(bodyText) : rarely(fc.constantFrom('{}', '', 'x'))
  return fc.tuple(url, payload, authorization, body ? contentType : fc.constant(undefined), rarely(extraHeaders)).map(([u, p, auth, type, extra]) => {
    const headers: Record<string, string> = {}
    if (auth !== undefined) headers.authorization = auth
    if (type !== undefined && p !== undefined) headers['content-type'] = type
    for (const [name, value] of Object.entries(extra ?? {})) if (value !== undefined) headers[name] = value
    return { method, url: u, headers, ...(p !== undefined ? { payload: p } : {}) }
  })
}

const constant = (url: string) => fc.constant(url)

/** Every public route, with a valid request mutated (fields dropped, replaced by arbitrary JSON, wrong types, edge lengths). */
export function apiRequest(known: Known): fc.Arbitrary<FuzzRequest> {
  const phoneSegment = segment(...PHONES, ...ODD_PHONES)
  const tpl = known.template
  return fc.oneof(
    request('POST', constant('/v1/messages'), validOrMutated(message)),
    request('POST', constant('/v1/messages/batch'), validOrMutated(fc.record({ messages: fc.array(message, { minLength: 1, maxLength: 4 }) }))),
    request('GET', segment(known.messageId, 'msg_nope').map((id) => `/v1/messages/${id}`)),
    request('PUT', phoneSegment.map((p) => `/v1/contacts/${p}`), validOrMutated(contactUpdate)),
    request('GET', phoneSegment.map((p) => `/v1/contacts/${p}`)),
    request('GET', fc.tuple(phoneSegment, query({ limit: fc.constantFrom('1', '50', '200'), cursor: fc.constantFrom('abc', 'eyJ0IjoxfQ') })).map(([p, q]) => `/v1/contacts/${p}/messages${q}`)),
    request('POST', constant('/v1/events'), validOrMutated(event)),
    request('POST', constant('/v1/events/batch'), validOrMutated(fc.record({ events: fc.array(event, { minLength: 1, maxLength: 3 }) }))),
    request('GET', segment(known.eventId, 'evt-nope').map((id) => `/v1/events/${id}`)),
    request('GET', constant('/v1/feedback')),
    request('POST', constant('/v1/templates/lint'), validOrMutated(template)),
    request('POST', query({ submit: fc.constantFrom('false') }).map((q) => `/v1/templates${q}`), validOrMutated(template)),
    request(
      'GET',
      query({
        status: fc.constantFrom('approved', 'draft,pending', 'rejected,'),
        language: fc.constantFrom('en', 'en_US'),
        category: fc.constantFrom('UTILITY', 'utility'),
        tag: word,
        origin: fc.constantFrom('own', 'provider', 'all'),
        folder: fc.constantFrom('lessons', 'a/b'),
        q: fc.constantFrom('hello', '%', '_', '\\', "'"),
        sort: fc.constantFrom('name', 'updated', 'usage', 'last_sent'),
        order: fc.constantFrom('asc', 'desc'),
        limit: fc.constantFrom('1', '500'),
        offset: fc.constantFrom('0', '10'),
      }).map((q) => `/v1/templates${q}`),
    ),
    request('GET', query({ languages: fc.constantFrom('en,tr', ' , ,', 'pt_BR') }).map((q) => `/v1/templates/languages${q}`)),
    request('GET', fc.tuple(segment(tpl.name, 'fuzz_notice'), segment(tpl.language, 'tr')).map(([n, l]) => `/v1/templates/${n}/${l}`)),
    request('PATCH', fc.tuple(segment(tpl.name), segment(tpl.language)).map(([n, l]) => `/v1/templates/${n}/${l}`), validOrMutated(fc.record({ tags: fc.array(word, { maxLength: 3 }), folder: fc.constantFrom('x', null) }, { requiredKeys: [] }))),
    request('GET', constant('/v1/rules')),
    request('PUT', constant('/v1/rules'), validOrMutated(rulesDocument).map((doc) => ({ document: JSON.stringify(doc) }))),
    request('PUT', constant('/v1/rules'), validOrMutated(fc.record({ document: validOrMutated(rulesDocument).map((doc) => JSON.stringify(doc) ?? 'null') }))),
    request('POST', constant('/v1/webhooks'), validOrMutated(subscription)),
    request('GET', constant('/v1/webhooks')),
    request('DELETE', segment('whs_nope', 'x').map((id) => `/v1/webhooks/${id}`)),
    request('GET', fc.tuple(segment(known.webhookId, 'whs_nope'), query({ limit: fc.constantFrom('1', '500') })).map(([id, q]) => `/v1/webhooks/${id}/deliveries${q}`)),
    request('POST', segment(String(known.deliveryId), '999999', '0', '-1', '1.5', '1e3').map((id) => `/v1/webhooks/deliveries/${id}/replay`)),
    request('GET', query({ 'hub.mode': fc.constant('subscribe'), 'hub.verify_token': fc.constant('wrong'), 'hub.challenge': fc.constant('123') }).map((q) => `/webhooks/meta${q}`)),
    request('GET', fc.constantFrom('/healthz', '/metrics')),
  )
}

/** Text a regex or a per-character loop reads: long repeated patterns in every field lint, phone parsing, rule expressions and search look at. */
export function regexHeavyRequest(): fc.Arbitrary<FuzzRequest> {
  const bait = regexBait
  const short = regexBait.map((s) => s.slice(0, 40))
  return fc.oneof(
    request('POST', constant('/v1/templates/lint'), fc.tuple(bait, bait, fc.constantFrom('en', 'tr', 'ru', 'pt_BR', 'xx'), fc.constantFrom('UTILITY', 'MARKETING', 'AUTHENTICATION')).map(([body, other, language, category]) => ({
      name: 'fuzz_regex',
      language,
      category,
      body: body.slice(0, 4096),
      header: other.slice(0, 240),
      footer: other.slice(0, 240),
      buttons: [{ type: 'url', text: other.slice(0, 100), url: `https://example.com/${body}`.slice(0, 8000), example: 'https://example.com/a' }, { type: 'quick_reply', text: other.slice(0, 100) }],
      examples: { '1': other.slice(0, 4096) },
    }))),
    request('POST', constant('/v1/messages'), short.map((to) => ({ to, text: 'hi' }))),
    request('POST', constant('/v1/events'), fc.tuple(bait, short).map(([type, phone]) => ({ id: 'regex', type, occurred_at: '2026-01-05T10:00:00Z', contact: { phone, timezone: phone } }))),
    request('PUT', constant('/v1/rules'), bait.map((when) => ({ document: `rules:\n  - id: r\n    on: a.b\n    when: ${JSON.stringify(when)}\n    send: { template: hello_world }\n    category: utility\n` }))),
    request('PUT', constant('/v1/rules'), bait.map((document) => ({ document }))),
    request('GET', bait.map((q) => `/v1/templates?q=${encodeSegment(q.slice(0, 200))}`)),
    request('GET', short.map((p) => `/v1/contacts/${encodeSegment(p)}`)),
  )
}

const METHODS: Array<FuzzRequest['method']> = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
const PREFIXES = ['/v1/messages', '/v1/messages/batch', '/v1/contacts', '/v1/events', '/v1/events/batch', '/v1/templates', '/v1/templates/lint', '/v1/rules', '/v1/webhooks', '/v1/feedback', '/webhooks/meta', '/webhooks/other', '/healthz', '/', '/v1', '/v2/messages']

/** Anything at all: any method, a known prefix with random segments, any body with any content type. */
export function randomRequest(): fc.Arbitrary<FuzzRequest> {
  const url = fc
    .tuple(fc.constantFrom(...PREFIXES), fc.array(fc.oneof(nastyString.map(encodeSegment), fc.webSegment()), { maxLength: 3 }), fc.option(fc.webQueryParameters(), { nil: undefined }))
    .map(([prefix, segments, q]) => [prefix, ...segments].join('/') + (q === undefined ? '' : `?${q}`))
  const body = fc.oneof(anyJson.map((v) => JSON.stringify(v) ?? ''), fc.string({ unit: 'binary', maxLength: 200 }), regexBait)
  return fc.tuple(fc.constantFrom(...METHODS), url, fc.option(body, { nil: undefined }), authorization, contentType).map(([method, u, payload, auth, type]) => {
    const headers: Record<string, string> = {}
    if (auth !== undefined) headers.authorization = auth
    if (type !== undefined && payload !== undefined) headers['content-type'] = type
    return { method, url: u, headers, ...(payload !== undefined && method !== 'GET' && method !== 'HEAD' ? { payload } : {}) }
  })
}

/** A request as a line of a failure message (bodies cut short: some are megabytes). */
export function describeRequest(r: FuzzRequest): string {
  const body = r.payload === undefined ? '' : ` ${JSON.stringify(r.payload.length > 300 ? `${r.payload.slice(0, 300)}…(${r.payload.length})` : r.payload)}`
  return `${r.method} ${r.url.length > 200 ? `${r.url.slice(0, 200)}…` : r.url} ${JSON.stringify(r.headers).slice(0, 300)}${body}`
}
