import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadTemplateFolder } from '../../../src/cli/template-files.js'
import { cancellationKeys } from '../../../src/core/rules/cancel-keys.js'
import { matchRules } from '../../../src/core/rules/match-rules.js'
import type { Rule, RuleEvent } from '../../../src/core/rules/model.js'
import { planRuleSend, type RuleSendPlan } from '../../../src/core/rules/plan-rule-send.js'
import { renderTemplate } from '../../../src/core/templates/render.js'
import { balanceLow, lessonCancelled, lessonScheduled, paymentReceived, rulesOf, trialFinished } from './fixtures.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const rules: Rule[] = rulesOf(await readFile(`${root}examples/rules.yaml`, 'utf8'))
const templates = await loadTemplateFolder(`${root}examples/templates`)

const at = (iso: string) => Date.parse(iso)

function plansFor(event: RuleEvent, recipient = { timezone: 'Europe/Istanbul', language: 'tr', name: 'Ayşe' }): RuleSendPlan[] {
  return matchRules(rules, event).map((match) => {
    if (match.kind !== 'fired') throw new Error(JSON.stringify(match.error))
    const planned = planRuleSend(match, event, recipient)
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors))
    return planned.plan
  })
}

describe("the school's example rules (examples/rules.yaml)", () => {
  it('parses, with the template families of examples/templates/', () => {
    expect(templates.problems).toEqual([])
    expect(rules.map((r) => [r.id, r.on, r.send.template])).toEqual([
      ['lesson-confirmation', ['lesson.scheduled'], 'lesson_scheduled'],
      ['lesson-reminder', ['lesson.scheduled'], 'lesson_reminder'],
      ['trial-feedback', ['trial.finished'], 'trial_finished'],
      ['balance-low', ['balance.low'], 'balance_low'],
      ['payment-thanks', ['payment.received'], 'payment_received'],
    ])
  })

  it('lesson.scheduled → a confirmation now and a reminder an hour before, both cancelled by lesson.cancelled', () => {
    const [confirmation, reminder] = plansFor(lessonScheduled)
    expect(confirmation).toMatchObject({
      ruleId: 'lesson-confirmation',
      template: { name: 'lesson_scheduled', params: { parent_name: 'Ayşe', child_name: 'Can', date: '26 Kasım Perşembe', time: '15:00' } },
      desiredAt: at('2026-11-25T19:30:00Z'),
      recipients: ['guardians'],
      freeForm: true,
    })
    expect(reminder).toMatchObject({
      ruleId: 'lesson-reminder',
      template: { name: 'lesson_reminder', params: { child_name: 'Can', time: '15:00' }, buttons: { 0: 'lesson-9' } },
      desiredAt: at('2026-11-26T11:00:00Z'),
      expiresAt: at('2026-11-26T12:00:00Z'),
    })
    const cancelled = cancellationKeys(rules, lessonCancelled)
    expect(cancelled).toEqual({ keys: ['lesson.cancelled:data.lesson.id=lesson-9'], errors: [] })
    expect(reminder!.cancelKeys).toEqual(cancelled.keys)
    expect(confirmation!.cancelKeys).toEqual(cancelled.keys)
  })

  it('trial.finished → a feedback request ten minutes later that waits for a score', () => {
    expect(plansFor(trialFinished)).toEqual([
      expect.objectContaining({
        ruleId: 'trial-feedback',
        template: { name: 'trial_finished', params: { child_name: 'Max' } },
        desiredAt: at('2026-11-25T16:10:00Z'),
        expiresAt: at('2026-11-27T16:10:00Z'),
        expectReply: { buttons: ['1', '2', '3', '4', '5'], textWithinMs: 24 * 3_600_000 },
      }),
    ])
  })

  it('balance.low → the payment link to the billing contact, cancelled by the payment of that invoice', () => {
    const [plan] = plansFor(balanceLow)
    expect(plan).toMatchObject({
      template: { name: 'balance_low', params: { parent_name: 'Ayşe', child_name: 'Can', lessons_left: '1' }, buttons: { 0: 'INV-2093' } },
      recipients: ['billing'],
      sendNowIfWindowOpen: true,
      cancelKeys: ['payment.received:data.payment.invoice_id=INV-2093'],
    })
    expect(cancellationKeys(rules, paymentReceived).keys).toEqual(plan!.cancelKeys)
    expect(plansFor({ ...balanceLow, data: { ...balanceLow.data, balance: { lessons_left: 5 } } })).toEqual([])
  })

  it('payment.received → the receipt with the amount in the payer’s language', () => {
    expect(plansFor(paymentReceived)[0]!.template.params).toEqual({ parent_name: 'Ayşe', amount: '₺4.200,00', child_name: 'Can', lessons: '8' })
    const en = plansFor({ ...paymentReceived, data: { ...paymentReceived.data, payment: { amount_minor: 12000, currency: 'EUR', invoice_id: 'x' } } }, { timezone: 'Europe/Dublin', language: 'en', name: 'Anna' })
    expect(en[0]!.template.params).toMatchObject({ amount: '€120.00' })
  })

  it.each(['en', 'tr', 'ru', 'es', 'pt_BR'])('every plan renders against its template in %s', (language) => {
    const events = [lessonScheduled, trialFinished, balanceLow, paymentReceived]
    for (const event of events) {
      for (const plan of plansFor(event, { timezone: 'Europe/Istanbul', language, name: 'Ayşe' })) {
        const input = templates.inputs.find((t) => t.definition.name === plan.template.name && t.definition.language === language)
        expect(input, `${plan.template.name} (${language})`).toBeDefined()
        const rendered = renderTemplate(input!.definition, plan.template)
        expect(rendered.ok ? [] : rendered.issues, `${plan.ruleId} → ${plan.template.name} (${language})`).toEqual([])
      }
    }
  })
})
