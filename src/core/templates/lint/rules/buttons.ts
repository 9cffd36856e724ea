import { TEMPLATE_LIMITS } from '../../limits.js'
import type { TemplateButton } from '../../model.js'
import { defineRule, hit, type Hit } from './rule.js'
import { charLength, exact, offsetOfCodePoint } from './text.js'

const MAX_BUTTONS = 10
const MAX_LABEL = TEMPLATE_LIMITS.buttonText
const MAX_PHONE = TEMPLATE_LIMITS.phoneNumber
const MAX_COPY_CODE = TEMPLATE_LIMITS.copyCode
/** Per-type caps (docs/platform.md §3.6 "Buttons"); quick replies are capped by the total. */
const TYPE_LIMITS: Partial<Record<TemplateButton['type'], { max: number; name: string }>> = {
  url: { max: 2, name: 'URL buttons' },
  phone_number: { max: 1, name: 'phone-number button' },
  copy_code: { max: 1, name: 'copy-code button' },
}

function labelOf(button: TemplateButton): string | null {
  return button.type === 'copy_code' ? null : button.text
}

function describe(button: TemplateButton, index: number): string {
  const label = labelOf(button)
  return label === null ? `button ${index + 1} (copy code)` : `button ${index + 1} (${JSON.stringify(label)})`
}

/** Source: platform doc §3.6 "Buttons" — at most 10 buttons in all. */
export const buttonsTooMany = defineRule({
  id: 'buttons.too-many',
  severity: 'error',
  summary: 'At most 10 buttons.',
  source: 'Platform doc §3.6 (Buttons ≤10 total)',
  check(template) {
    const count = template.buttons.length
    if (count <= MAX_BUTTONS) return []
    return [hit('buttons', { button: MAX_BUTTONS }, `The template has ${count} buttons; the platform allows ${MAX_BUTTONS}. From ${describe(template.buttons[MAX_BUTTONS]!, MAX_BUTTONS)} on they are too many.`, `Remove ${count - MAX_BUTTONS} button${count - MAX_BUTTONS === 1 ? '' : 's'}.`)]
  },
})

/** Source: platform doc §3.6 "Buttons" — URL ≤2, PHONE_NUMBER ≤1, COPY_CODE ≤1. */
export const buttonsTypeLimit = defineRule({
  id: 'buttons.type-limit',
  severity: 'error',
  summary: 'At most 2 URL buttons, 1 phone-number button and 1 copy-code button.',
  source: 'Platform doc §3.6 (Buttons: URL ≤2, PHONE_NUMBER ≤1, COPY_CODE ≤1)',
  check(template) {
    const hits: Hit[] = []
    const seen = new Map<TemplateButton['type'], number>()
    template.buttons.forEach((button, index) => {
      const count = (seen.get(button.type) ?? 0) + 1
      seen.set(button.type, count)
      const limit = TYPE_LIMITS[button.type]
      if (limit === undefined || count !== limit.max + 1) return
      hits.push(hit('buttons', { button: index }, `${describe(button, index)} is one too many: the platform allows ${limit.max} ${limit.name}.`, `Keep at most ${limit.max} ${limit.name} and remove the rest.`))
    })
    return hits
  },
})

/** Source: platform doc §3.6 "Buttons" — labels are at most 25 characters. */
export const buttonsLabelTooLong = defineRule({
  id: 'buttons.label-too-long',
  severity: 'error',
  summary: 'Button labels are at most 25 characters.',
  source: 'Platform doc §3.6 (Buttons: label ≤25)',
  check(template) {
    const hits: Hit[] = []
    template.buttons.forEach((button, index) => {
      const label = labelOf(button)
      if (label === null || charLength(label) <= MAX_LABEL) return
      const start = offsetOfCodePoint(label, MAX_LABEL)
      hits.push(hit('buttons', { button: index, start, end: label.length }, `The label of button ${index + 1}, ${JSON.stringify(label)}, is ${charLength(label)} characters; the limit is ${MAX_LABEL} (${exact(label, start, label.length)} is over).`, `Shorten the label to ${MAX_LABEL} characters.`))
    })
    return hits
  },
})

/** Source: platform doc §3.2/§3.6 "Buttons" — quick-reply, URL and phone buttons carry a `text` label. */
export const buttonsLabelEmpty = defineRule({
  id: 'buttons.label-empty',
  severity: 'error',
  summary: 'Buttons have a label.',
  source: 'Platform doc §3.2, §3.6 (Buttons: text)',
  check(template) {
    const hits: Hit[] = []
    template.buttons.forEach((button, index) => {
      const label = labelOf(button)
      if (label === null || label.trim() !== '') return
      hits.push(hit('buttons', { button: index }, `Button ${index + 1} (${button.type.replace('_', ' ')}) has no label.`, 'Give the button a short label, e.g. "Reschedule".'))
    })
    return hits
  },
})

/** Source: WhatsApp Manager refuses two buttons with the same text (not in the API reference: warning). */
export const buttonsDuplicateLabel = defineRule({
  id: 'buttons.duplicate-label',
  severity: 'warning',
  summary: 'Two buttons with the same label.',
  source: 'WhatsApp Manager (button texts must differ); platform doc §1.6 (a quick reply without payload comes back as its label)',
  check(template) {
    const hits: Hit[] = []
    const seen = new Map<string, number>()
    template.buttons.forEach((button, index) => {
      const label = labelOf(button)?.trim().toLowerCase()
      if (label === undefined || label === '') return
      const earlier = seen.get(label)
      if (earlier === undefined) seen.set(label, index)
      else hits.push(hit('buttons', { button: index }, `Buttons ${earlier + 1} and ${index + 1} are both labelled ${JSON.stringify(labelOf(button))}.`, 'Give every button its own label, so users and your reply handling can tell them apart.'))
    })
    return hits
  },
})

/** Source: platform doc §3.6 "Buttons" — quick replies are grouped: all before or all after the other buttons. */
export const buttonsQuickReplyGrouping = defineRule({
  id: 'buttons.quick-reply-grouping',
  severity: 'error',
  summary: 'Quick replies sit together, all before or all after the other buttons.',
  source: 'Platform doc §3.6 (Buttons: quick replies must be grouped)',
  check(template) {
    const groups: { quick: boolean; first: number }[] = []
    template.buttons.forEach((button, index) => {
      const quick = button.type === 'quick_reply'
      if (groups[groups.length - 1]?.quick !== quick) groups.push({ quick, first: index })
    })
    if (groups.length <= 2) return []
    const stray = groups[2]!
    const order = template.buttons.map((b) => (b.type === 'quick_reply' ? 'quick reply' : b.type.replace('_', ' '))).join(', ')
    return [hit('buttons', { button: stray.first }, `Quick replies are split by other buttons (${order}); from ${describe(template.buttons[stray.first]!, stray.first)} on the order breaks the group.`, 'Move all quick replies next to each other, before or after the URL/phone buttons.')]
  },
})

const PHONE = /^\+?[0-9]+$/u

/** Source: platform doc §3.6 "Buttons" — a phone-number button's number is at most 20 characters. */
export const buttonsPhoneNumber = defineRule({
  id: 'buttons.phone-number',
  severity: 'error',
  summary: 'Phone-number buttons carry a number of at most 20 characters, digits with an optional leading +.',
  source: 'Platform doc §3.6 (Buttons: PHONE_NUMBER number ≤20)',
  check(template) {
    const hits: Hit[] = []
    template.buttons.forEach((button, index) => {
      if (button.type !== 'phone_number') return
      const number = button.phoneNumber
      const compact = number.replace(/[\s().-]/gu, '')
      if (PHONE.test(compact) && number.length <= MAX_PHONE) return
      hits.push(hit('buttons', { button: index }, `The phone number of button ${index + 1}, ${JSON.stringify(number)}, ${PHONE.test(compact) ? `is ${number.length} characters (limit ${MAX_PHONE})` : 'is not a phone number'}.`, `Write the number in international form, e.g. ${JSON.stringify('+' + (compact.replace(/\D/gu, '') || '905321234567'))}.`))
    })
    return hits
  },
})

/** Source: platform doc §1.6 and §3.6 "Buttons" — a copy-code button's example (the code) is 1–15 characters. */
export const buttonsCopyCode = defineRule({
  id: 'buttons.copy-code',
  severity: 'error',
  summary: 'A copy-code button has an example code of at most 15 characters.',
  source: 'Platform doc §1.6 (code ≤15 chars), §3.6 (COPY_CODE example ≤15)',
  check(template) {
    const hits: Hit[] = []
    template.buttons.forEach((button, index) => {
      if (button.type !== 'copy_code') return
      const code = button.example
      if (code.trim() !== '' && charLength(code) <= MAX_COPY_CODE) return
      hits.push(hit('buttons', { button: index }, code.trim() === '' ? `Copy-code button ${index + 1} has no example code.` : `The example code of button ${index + 1}, ${JSON.stringify(code)}, is ${charLength(code)} characters; the limit is ${MAX_COPY_CODE}.`, `Give an example code of ${MAX_COPY_CODE} characters or fewer, e.g. "SPRING25" or "482913".`))
    })
    return hits
  },
})

export const BUTTON_RULES = [buttonsTooMany, buttonsTypeLimit, buttonsLabelEmpty, buttonsLabelTooLong, buttonsDuplicateLabel, buttonsQuickReplyGrouping, buttonsPhoneNumber, buttonsCopyCode]
