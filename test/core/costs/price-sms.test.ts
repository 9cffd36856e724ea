import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DIRECT } from '../../../src/core/costs/fee-model.js'
import { parseFeeModelYaml } from '../../../src/core/costs/fee-model-file.js'
import { smsCost } from '../../../src/core/costs/price-sms.js'

const twilio = (() => {
  const parsed = parseFeeModelYaml(readFileSync('src/core/costs/fee-models/twilio.example.yaml', 'utf8'))
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  return parsed.value
})()

describe('SMS prices', () => {
  it("reads a fee model's price per segment, the inbound one defaulting to it", () => {
    expect(twilio.sms).toEqual({ perSegment: 8_300, inboundPerSegment: 8_300 })
    const own = parseFeeModelYaml('kind: provider_fee_model\nid: x\nname: X\ncurrency: EUR\nsource: s\nretrieved: 2026-12-01\nexample: false\nsms: { per_segment: 0.05, inbound_per_segment: 0 }\n')
    expect(own.ok && own.value.sms).toEqual({ perSegment: 50_000, inboundPerSegment: 0 })
    const bad = parseFeeModelYaml('kind: provider_fee_model\nid: x\nname: X\ncurrency: EUR\nsource: s\nretrieved: 2026-12-01\nexample: false\nsms: { per_message: 0.05 }\n')
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['sms.per_segment']))
  })

  it('prices the segments sent or received, the failed fee for one not sent, and nothing without an SMS price', () => {
    expect(smsCost(twilio, 3, 'sent')).toEqual({ platformMicros: 0, providerMicros: 24_900, currency: 'USD', category: 'sms', reason: 'charged', window: 'open', cardId: null })
    expect(smsCost(twilio, 2, 'inbound')).toMatchObject({ providerMicros: 16_600, reason: 'inbound' })
    expect(smsCost(twilio, 2, 'failed')).toMatchObject({ providerMicros: 1_000, reason: 'failed' })
    expect(smsCost(DIRECT, 1, 'sent')).toBeNull()
  })
})
