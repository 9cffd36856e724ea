import { describe, expect, it } from 'vitest'
import {
  isRetryableMetaError,
  outcomeOfBareStatus,
  outcomeOfMetaError,
  outcomeOfNetworkFailure,
  readMetaError,
  toProviderError,
} from '../../src/providers/meta-cloud/meta-errors.js'

const RETRYABLE: Array<[code: number, retryAfterMs?: number]> = [
  [1], [2], [4], [80007], [131000], [131016],
  [131057, 60_000], [134100, 60_000], [134101, 60_000],
]

/** Refusals for sending too fast (docs/platform.md §5): the number's throughput, and the pair rate to one user. */
const THROTTLED: Array<[code: number, scope: 'sender' | 'recipient', retryAfterMs: number]> = [
  [130429, 'sender', 1000],
  [131056, 'recipient', 6000],
]

const REJECTED = [
  0, 190, 3, 10, 200, 250, 299, 131005, 100, 368, 130472, 130497, 131008, 131009, 131021, 131026, 131031, 131042,
  131045, 131047, 131048, 131049, 131050, 131051, 131052, 131053, 132000, 132001, 132005, 132007, 132012, 132015,
  132016, 132018, 133010, 470,
]

describe('Meta error table', () => {
  it.each(RETRYABLE)('%i is retryable (retry after %s ms)', (code, retryAfterMs) => {
    // HTTP 400 on purpose: the code decides, not the status.
    const outcome = outcomeOfMetaError({ code, message: `(#${code}) something` }, 400)
    expect(outcome).toEqual({ kind: 'retryable', code: String(code), title: 'something', ...(retryAfterMs ? { retryAfterMs } : {}) })
    expect(isRetryableMetaError({ code })).toBe(true)
  })

  it.each(THROTTLED)('%i is a throttle of the %s (retry after %i ms), not a failure of the message', (code, scope, retryAfterMs) => {
    const outcome = outcomeOfMetaError({ code, message: `(#${code}) Rate limit hit` }, 400)
    expect(outcome).toEqual({ kind: 'throttled', scope, code: String(code), title: 'Rate limit hit', retryAfterMs })
    expect(isRetryableMetaError({ code })).toBe(true)
  })

  it.each(REJECTED)('%i is rejected, even on a 5xx', (code) => {
    expect(outcomeOfMetaError({ code, title: 'T' }, 500)).toEqual({ kind: 'rejected', code: String(code), title: 'T' })
    expect(isRetryableMetaError({ code })).toBe(false)
  })

  it('falls back on the HTTP status only for codes it does not know', () => {
    expect(outcomeOfMetaError({ code: 999_999 }, 503).kind).toBe('retryable')
    expect(outcomeOfMetaError({ code: 999_999 }, 400).kind).toBe('rejected')
    expect(isRetryableMetaError({ code: 999_999 })).toBe(false)
  })

  it('keeps the best title, the details and the subcode', () => {
    expect(toProviderError({ code: 131056, message: '(#131056) (Business Account, Consumer Account) pair rate limit hit' })).toEqual({
      code: '131056',
      title: '(Business Account, Consumer Account) pair rate limit hit',
    })
    expect(toProviderError({ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable' }).title).toBe('Message undeliverable')
    expect(toProviderError({ code: 100, error_subcode: 33, message: '(#100) Invalid parameter', error_user_title: 'Bad phone id', error_data: { details: 'x' } })).toEqual({
      code: '100',
      title: 'Bad phone id',
      detail: 'x; subcode 33',
    })
    expect(toProviderError({ code: 7 }).title).toBe('Meta error 7')
  })

  it('reads only well-typed fields from untrusted JSON', () => {
    expect(readMetaError({ code: '131047' })).toBeUndefined()
    expect(readMetaError(null)).toBeUndefined()
    expect(readMetaError({ code: 131047, title: 5, message: 'm', error_data: { details: 'd' }, error_subcode: 'x' })).toEqual({
      code: 131047,
      message: 'm',
      error_data: { details: 'd' },
    })
  })
})

describe('answers without a Graph error body', () => {
  it.each([
    [500, {}, { kind: 'retryable', code: 'http_500' }],
    [502, {}, { kind: 'retryable', code: 'http_502' }],
    [408, {}, { kind: 'retryable', code: 'http_408' }],
    [429, { 'retry-after': '7' }, { kind: 'retryable', code: 'http_429', retryAfterMs: 7000 }],
    [429, { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' }, { kind: 'retryable', code: 'http_429' }],
    [404, {}, { kind: 'rejected', code: 'http_404' }],
  ] as const)('HTTP %i → %o', (status, headers, expected) => {
    const outcome = outcomeOfBareStatus(status, headers)
    expect(outcome).toMatchObject(expected)
    if (!('retryAfterMs' in expected)) expect(outcome).not.toHaveProperty('retryAfterMs')
  })

  it('network failures: not sent is retryable, no answer is in doubt', () => {
    expect(outcomeOfNetworkFailure({ kind: 'not_sent', message: 'ECONNREFUSED: x' })).toMatchObject({ kind: 'retryable', code: 'network_error', detail: 'ECONNREFUSED: x' })
    expect(outcomeOfNetworkFailure({ kind: 'no_answer', message: 'UND_ERR_SOCKET: y' })).toMatchObject({ kind: 'in_doubt', code: 'no_answer', detail: 'UND_ERR_SOCKET: y' })
  })
})
