import { describe, expect, it } from 'vitest'
import { classifyNetworkError, networkErrorCode } from '../../src/providers/network-errors.js'

const errorWith = (code: string): Error => Object.assign(new Error(`failed with ${code}`), { code })

describe('network error classification', () => {
  it.each([
    // [code, written to a socket?, expected]
    ['UND_ERR_CONNECT_TIMEOUT', false, 'not_sent'],
    ['ECONNREFUSED', false, 'not_sent'],
    ['ENOTFOUND', false, 'not_sent'],
    ['EAI_AGAIN', false, 'not_sent'],
    ['ECONNRESET', false, 'not_sent'], // e.g. reset during the TLS handshake: no request went out
    ['UND_ERR_CONNECT_TIMEOUT', true, 'not_sent'], // connect-phase codes prove it on their own
    ['ECONNREFUSED', true, 'not_sent'],
    ['UND_ERR_HEADERS_TIMEOUT', true, 'no_answer'],
    ['UND_ERR_BODY_TIMEOUT', true, 'no_answer'],
    ['UND_ERR_SOCKET', true, 'no_answer'],
    ['ECONNRESET', true, 'no_answer'],
    ['EPIPE', true, 'no_answer'],
    ['SOMETHING_NEW', true, 'no_answer'], // unknown after writing: in doubt, never blindly resent
    ['SOMETHING_NEW', false, 'not_sent'],
  ] as const)('%s (written: %s) → %s', (code, written, kind) => {
    const result = classifyNetworkError(errorWith(code), written)
    expect(result.kind).toBe(kind)
    expect(result.message).toBe(`${code}: failed with ${code}`)
  })

  it('finds a code on a wrapped cause', () => {
    const wrapped = new Error('fetch failed', { cause: errorWith('ECONNREFUSED') })
    expect(networkErrorCode(wrapped)).toBe('ECONNREFUSED')
  })

  it('copes with non-errors', () => {
    expect(classifyNetworkError('boom', true)).toEqual({ kind: 'no_answer', message: 'boom' })
  })
})
