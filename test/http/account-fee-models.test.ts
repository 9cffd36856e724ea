import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

/*
 * Two accounts, each priced with its own provider fee model (issue 12), through the real sandbox:
 * `main` (Meta) names none and takes PARLEY_PROVIDER_FEE_MODEL, the Twilio example (US$0.005 =
 * 5,000 micros on every message, either way); `clinic` (360dialog) names `acme`, the user's own
 * file (2,000 micros per outbound message, 500 per inbound). The replies go inside the window,
 * in the month's free allowance: the platform's part is 0 and the provider's is all there is.
 */
const ACME = `kind: provider_fee_model
id: acme
name: Acme BSP (our contract)
currency: USD
source: our contract with Acme, 2026
retrieved: 2026-11-01
example: false
message_fees:
  - { direction: outbound, flat: 0.002 }
  - { direction: inbound, flat: 0.0005 }
`
const PARLEY_YAML = `accounts:
  main:
    provider: meta
    sandbox: true
  clinic:
    provider: 360dialog
    sandbox: true
    feeModel: acme
senders:
  - id: main
    account: main
  - id: clinic
    account: clinic
`
const MAIN_NUMBER = '+15550001234'
const CLINIC_NUMBER = '+15550001235'
const PARENT_MAIN = '+5511987651001'
const PARENT_CLINIC = '+5511987651002'

describeEachDatabase('fee models per account', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-account-fees-'))
    const models = mkdtempSync(join(tmpdir(), 'parley-fee-models-'))
    writeFileSync(join(models, 'acme.yaml'), ACME)
    writeFileSync(join(dir, 'parley.yaml'), PARLEY_YAML)
    h = await startHarness(dialect, { env: { PARLEY_CONFIG_FILE: join(dir, 'parley.yaml'), PARLEY_FEE_MODELS_DIR: models, PARLEY_PROVIDER_FEE_MODEL: 'twilio-example' } })
  })
  afterAll(async () => h?.close())

  const inboundFrom = (phone: string) =>
    eventually(async () => {
      const list = await h.api('GET', `/v1/contacts/${encodeURIComponent(phone)}/messages`)
      return (list.body.data as Array<{ direction: string; account: string; cost: unknown }>).find((m) => m.direction === 'inbound')
    }, 10_000, `the inbound message from ${phone}`)

  const settled = (id: string) =>
    eventually(async () => {
      const got = await h.api('GET', `/v1/messages/${id}`)
      return got.body.cost?.final ? got.body : undefined
    }, 10_000, `${id} to be priced`)

  it("prices each account's inbound messages, estimates and finals with that account's model", async () => {
    await h.sandbox.userSends(PARENT_MAIN, { text: 'Is the lesson on?' }, MAIN_NUMBER)
    await h.sandbox.userSends(PARENT_CLINIC, { text: 'Is my appointment on?' }, CLINIC_NUMBER)
    const fee = (micros: number) => ({ total_micros: micros, platform_micros: 0, provider_micros: micros, currency: 'USD', category: 'service', reason: 'inbound', card: null })
    const inMain = await inboundFrom(PARENT_MAIN)
    const inClinic = await inboundFrom(PARENT_CLINIC)
    expect(inMain).toMatchObject({ account: 'main', cost: { estimated: fee(5_000), final: fee(5_000) } })
    expect(inClinic).toMatchObject({ account: 'clinic', cost: { estimated: fee(500), final: fee(500) } })

    const fromMain = await h.api('POST', '/v1/messages', { to: PARENT_MAIN, text: 'Yes, at 15:00.' })
    const fromClinic = await h.api('POST', '/v1/messages', { to: PARENT_CLINIC, from: 'clinic', text: 'Yes, at 10:00.' })
    expect(fromMain.status).toBe(202)
    expect(fromClinic.status).toBe(202)
    expect(fromMain.body.cost).toMatchObject({ estimated_micros: 5_000, platform_micros: 0, provider_micros: 5_000, reason: 'free_allowance' })
    expect(fromClinic.body.cost).toMatchObject({ estimated_micros: 2_000, platform_micros: 0, provider_micros: 2_000, reason: 'free_allowance' })

    const main = await settled(fromMain.body.id)
    const clinic = await settled(fromClinic.body.id)
    expect(main).toMatchObject({ account: 'main', pricing: { type: 'free_customer_service' } })
    expect(main.cost.final).toMatchObject({ total_micros: 5_000, platform_micros: 0, provider_micros: 5_000, reason: 'free_in_window' })
    expect(clinic).toMatchObject({ account: 'clinic', provider: '360dialog', pricing: { type: 'free_customer_service' } })
    expect(clinic.cost.final).toMatchObject({ total_micros: 2_000, platform_micros: 0, provider_micros: 2_000, reason: 'free_in_window' })
  })

  it('lists every known model with the accounts it prices and the default, for admins only', async () => {
    const listed = await h.api('GET', '/v1/costs/models')
    expect(listed.status).toBe(200)
    expect(listed.body.default).toBe('twilio-example')
    const byId = new Map((listed.body.models as Array<{ id: string }>).map((m) => [m.id, m]))
    expect([...byId.keys()]).toEqual(['direct', '360dialog-regular-example', 'gupshup-example', 'saas-inbox-example', 'twilio-example', 'acme'])
    expect(byId.get('twilio-example')).toMatchObject({ example: true, default: true, accounts: ['main'], file: null, currency: 'USD', retrieved: '2026-12-02' })
    expect(byId.get('acme')).toEqual({
      id: 'acme',
      name: 'Acme BSP (our contract)',
      currency: 'USD',
      example: false,
      source: 'our contract with Acme, 2026',
      retrieved: '2026-11-01',
      note: null,
      file: expect.stringMatching(/acme\.yaml$/),
      default: false,
      accounts: ['clinic'],
    })
    expect(byId.get('direct')).toMatchObject({ default: false, accounts: [] })

    const reader = await h.api('POST', '/v1/keys', { name: 'reader', scopes: ['messages:read'] })
    const refused = await fetch(`${h.url}/v1/costs/models`, { headers: { authorization: `Bearer ${reader.body.secret}` } })
    expect(refused.status).toBe(403)
    const spec = (await h.api('GET', '/openapi.json')).body
    expect(spec.paths['/v1/costs/models'].get.security).toEqual([{ bearer: ['admin'] }, { session: [] }])
  })
})
