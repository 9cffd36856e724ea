import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEFAULT_CONFIRMATIONS } from '../../src/core/notifications/keyword-confirmations.js'
import { describeEachDatabase } from '../support/databases.js'
import { eventually, startHarness, type Harness } from '../support/harness.js'

describeEachDatabase('the opt-out confirmation speaks the contact’s language', (dialect) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(dialect)
  })
  afterAll(async () => h?.close())

  const confirmation = (phone: string) =>
    eventually(
      async () =>
        (await h.api('GET', `/v1/contacts/${encodeURIComponent(phone)}/messages?limit=10`)).body.data?.find(
          (m: { direction: string; metadata: { reason?: string } | null }) => m.direction === 'outbound' && m.metadata?.reason === 'opt_out_confirmation',
        ),
      10_000,
      `the confirmation to ${phone}`,
    )

  it.each([
    // STOP is an English keyword; the contact is known to read German.
    ['+4915112340001', 'de', 'STOP', DEFAULT_CONFIRMATIONS.de!.optOut],
    // PARAR is a keyword in Spanish and Portuguese: a Brazilian contact is answered in Portuguese.
    ['+5511912340002', 'pt_BR', 'PARAR', DEFAULT_CONFIRMATIONS.pt!.optOut],
    // Language unknown: the keyword's own language.
    ['+905321230003', null, 'DUR', DEFAULT_CONFIRMATIONS.tr!.optOut],
  ])('%s (%s) writes %s', async (phone, language, keyword, text) => {
    if (language) expect((await h.api('PUT', `/v1/contacts/${encodeURIComponent(phone)}`, { language })).body.language).toBe(language)
    await h.sandbox.userSends(phone, { text: keyword })
    expect((await confirmation(phone)).text).toBe(text)
  })
})
