import { afterEach, describe, expect, it } from 'vitest'
import type { Sandbox } from '../../src/sandbox/index.js'
import { callMessages, PHONE_NUMBER_ID, startFast, template } from './support.js'

/** Synchronous rate limits (docs/platform.md §5): throughput per number (130429), pair rate per user (131056). */
describe('sandbox rate limits', () => {
  let sb: Sandbox | undefined
  afterEach(async () => {
    await sb?.close()
    sb = undefined
  })

  it('answers 130429 once a number exceeds its messages per second', async () => {
    // The sandbox's clock stands still, so the bucket does not refill however long the loop takes.
    sb = await startFast(null, { now: () => 1_780_000_000_000 })
    sb.setThroughput(PHONE_NUMBER_ID, 5)
    const results = []
    for (let i = 0; i < 12; i++) results.push(await callMessages(sb, template(`+49151000000${String(i).padStart(2, '1')}`)))
    const ok = results.filter((r) => r.status === 200).length
    const limited = results.filter((r) => r.status === 400)
    // A bucket of one second's worth (5).
    expect(ok).toBe(5)
    expect(limited.length).toBe(12 - ok)
    expect(limited[0]!.body.error).toMatchObject({ code: 130429, type: 'OAuthException', error_data: { messaging_product: 'whatsapp' } })
    expect(limited[0]!.body.error.message).toBe('(#130429) Rate limit hit')
    expect(sb.stats().rejected[130429]).toBe(12 - ok)
    expect(sb.accepted()).toHaveLength(ok)
    expect(sb.options.phoneNumbers[0]!.mps).toBe(5)
  })

  it('answers 131056 after a burst to the same user, other users unaffected, and refills over time', async () => {
    let at = 1_780_000_000_000
    sb = await startFast(null, { pairRate: { burst: 3, refillEverySeconds: 0.1 }, now: () => at })
    const user = '+4915112345678'
    for (let i = 0; i < 3; i++) expect((await callMessages(sb, template(user))).status).toBe(200)
    const limited = await callMessages(sb, template(user))
    expect(limited.status).toBe(400)
    expect(limited.body.error).toMatchObject({ code: 131056, message: '(#131056) (Business Account, Consumer Account) pair rate limit hit' })
    expect((await callMessages(sb, template('+4915112345679'))).status).toBe(200)
    at += 99
    expect((await callMessages(sb, template(user))).status).toBe(400)
    at += 1
    expect((await callMessages(sb, template(user))).status).toBe(200)
  })

  it('keeps the pair limit per business number', async () => {
    sb = await startFast(null, {
      pairRate: { burst: 1, refillEverySeconds: 60 },
      phoneNumbers: [
        { id: '100000000000002', displayPhoneNumber: '15550001234', mps: 80 },
        { id: '100000000000003', displayPhoneNumber: '15550001235', mps: 80 },
      ],
    })
    const user = '+4915112345678'
    expect((await callMessages(sb, template(user))).status).toBe(200)
    expect((await callMessages(sb, template(user))).body.error.code).toBe(131056)
    expect((await callMessages(sb, template(user), { phoneNumberId: '100000000000003' })).status).toBe(200)
  })

  it('uses the default Meta limits: 45-message burst per user', async () => {
    sb = await startFast(null)
    const user = '+4915112345678'
    const codes: number[] = []
    for (let i = 0; i < 46; i++) codes.push((await callMessages(sb, template(user))).status)
    expect(codes.slice(0, 45).every((c) => c === 200)).toBe(true)
    expect(codes[45]).toBe(400)
  })
})
