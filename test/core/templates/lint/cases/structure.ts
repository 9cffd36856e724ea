import type { TemplateButton } from '../../../../../src/core/templates/model.js'
import { body, LESSON_REMINDER_EN, template } from '../fixtures.js'
import { span, type RuleCases } from './case.js'

const header = (text: string, examples: Record<string, string> = {}) => template({ header: { format: 'text', text, examples } })
const buttons = (...list: TemplateButton[]) => template({ buttons: list })
const reply = (text: string): TemplateButton => ({ type: 'quick_reply', text })
const link = (url: string, text = 'Join the lesson', example: string | null = 'b7k2q9'): TemplateButton => ({ type: 'url', text, url, example })
const call = (phoneNumber: string): TemplateButton => ({ type: 'phone_number', text: 'Call the school', phoneNumber })

const sixty = 'Your English lesson with teacher Emma starts in ten minutes!'.padEnd(60, '!')
const longUrl = `https://school.example/${'a'.repeat(1970)}`

export const STRUCTURE_CASES: RuleCases[] = [
  {
    rule: 'name.format',
    severity: 'error',
    pass: [{ name: 'lower_snake with digits', template: template({ name: 'lesson_reminder_2' }) }],
    fail: [
      { name: 'spaces and capitals', template: template({ name: 'Lesson Reminder' }), component: 'name', position: null, quotes: '"Lesson Reminder"' },
      { name: 'hyphen', template: template({ name: 'lesson-reminder' }), component: 'name', position: null, quotes: '"lesson_reminder"' },
      { name: 'empty', template: template({ name: '' }), component: 'name', position: null },
    ],
  },
  {
    rule: 'name.too-long',
    severity: 'error',
    pass: [{ name: '512 characters', template: template({ name: 'a'.repeat(512) }) }],
    fail: [{ name: '513 characters', template: template({ name: 'a'.repeat(513) }), component: 'name', position: null, quotes: '513' }],
  },
  {
    rule: 'language.format',
    severity: 'error',
    pass: [{ name: 'pt_BR', template: template({ language: 'pt_BR' }) }, { name: 'fil', template: template({ language: 'fil' }) }],
    fail: [
      { name: 'hyphen', template: template({ language: 'pt-BR' }), component: 'language', position: null, quotes: '"pt_BR"' },
      { name: 'lowercase region', template: template({ language: 'en_us' }), component: 'language', position: null, quotes: '"en_US"' },
    ],
  },
  {
    rule: 'language.unsupported',
    severity: 'error',
    pass: [{ name: 'tr', template: template({ language: 'tr' }) }, { name: 'unlisted region is the next rule', template: template({ language: 'tr_TR' }) }],
    fail: [
      { name: 'bare pt', template: template({ language: 'pt' }), component: 'language', position: null, quotes: 'pt_BR, pt_PT' },
      { name: 'bare zh', template: template({ language: 'zh' }), component: 'language', position: null, quotes: 'zh_CN' },
      { name: 'unknown language', template: template({ language: 'xx' }), component: 'language', position: null, quotes: '"xx"' },
    ],
  },
  {
    rule: 'language.region-unlisted',
    severity: 'warning',
    pass: [{ name: 'en_GB', template: template({ language: 'en_GB' }) }, { name: 'es_MX', template: template({ language: 'es_MX' }) }],
    fail: [{ name: 'tr_TR', template: template({ language: 'tr_TR' }), component: 'language', position: null, quotes: '"tr_TR"' }],
  },
  {
    rule: 'header.empty',
    severity: 'error',
    pass: [{ name: 'media header', template: template({ header: { format: 'image', example: 'https://cdn.example/a.jpg' } }) }],
    fail: [{ name: 'blank', template: header('  '), component: 'header', position: null }],
  },
  {
    rule: 'header.too-long',
    severity: 'error',
    pass: [{ name: '60 characters', template: header(sixty) }, { name: '60 Cyrillic letters', template: header('Ж'.repeat(60)) }],
    fail: [{ name: '61 characters', template: header(`${sixty}X`), component: 'header', position: { start: 60, end: 61 }, quotes: '"X"' }],
  },
  {
    rule: 'header.too-many-variables',
    severity: 'error',
    pass: [{ name: 'one variable used twice', template: header('{{1}}: lesson for {{1}}', { '1': 'Max' }) }],
    fail: [{ name: 'two variables', template: header('Lesson for {{1}} on {{2}}', { '1': 'Max', '2': 'Friday' }), component: 'header', position: span('Lesson for {{1}} on {{2}}', '{{2}}'), quotes: '{{2}}' }],
  },
  {
    rule: 'header.newline',
    severity: 'error',
    pass: [{ name: 'one line', template: header('Lesson reminder') }],
    fail: [{ name: 'line break', template: header('Lesson\nreminder'), component: 'header', position: { start: 6, end: 7 }, quotes: 'Lesson\\nreminder' }],
  },
  {
    rule: 'header.format-characters',
    severity: 'error',
    pass: [{ name: 'underscore inside a named variable', template: template({ parameterFormat: 'named', header: { format: 'text', text: 'Lesson for {{child_name}}', examples: { child_name: 'Max' } } }) }],
    fail: [
      { name: 'bold', template: header('*Lesson* reminder'), component: 'header', position: { start: 0, end: 1 }, quotes: '"*"' },
      { name: 'strike', template: header('Lesson ~moved~'), component: 'header', position: span('Lesson ~moved~', '~'), quotes: '"~"' },
    ],
  },
  {
    rule: 'header.emoji',
    severity: 'warning',
    pass: [{ name: 'plain', template: header('Lesson reminder') }],
    fail: [{ name: 'emoji', template: header('Lesson reminder 📚'), component: 'header', position: span('Lesson reminder 📚', '📚'), quotes: '📚' }],
  },
  {
    rule: 'body.required',
    severity: 'error',
    pass: [{ name: 'text', template: LESSON_REMINDER_EN }],
    fail: [{ name: 'blank', template: template(body(' \n ', {})), component: 'body', position: null }],
  },
  {
    rule: 'body.too-long',
    severity: 'error',
    pass: [{ name: '1,024 characters', template: template(body('Lesson '.repeat(146) + 'ok', {})) }],
    fail: [{ name: '1,025 characters', template: template(body('Lesson '.repeat(146) + 'ok!', {})), component: 'body', position: { start: 1024, end: 1025 }, quotes: '1025' }],
  },
  {
    rule: 'body.filled-too-long',
    severity: 'warning',
    pass: [{ name: 'short samples', template: template(body(`Hi {{1}}, ${'a'.repeat(990)} see you!`, { '1': 'Anna' })) }],
    fail: [{ name: 'long sample pushes it over', template: template(body(`Hi {{1}}, ${'a'.repeat(990)} see you!`, { '1': 'Anna-Maria Louisa Charlotte' })), component: 'body', position: null, quotes: '1031' }],
  },
  {
    rule: 'footer.variable',
    severity: 'error',
    pass: [{ name: 'fixed footer', template: LESSON_REMINDER_EN }],
    fail: [{ name: 'variable', template: template({ footer: 'Sent to {{1}}' }), component: 'footer', position: { start: 8, end: 13 }, quotes: '{{1}}' }],
  },
  {
    rule: 'footer.too-long',
    severity: 'error',
    pass: [{ name: '60 characters', template: template({ footer: sixty }) }],
    fail: [{ name: '61 characters', template: template({ footer: `${sixty}Z` }), component: 'footer', position: { start: 60, end: 61 }, quotes: '"Z"' }],
  },
  {
    rule: 'buttons.too-many',
    severity: 'error',
    pass: [{ name: '10 quick replies', template: buttons(...Array.from({ length: 10 }, (_, i) => reply(`Option ${i + 1}`))) }],
    fail: [{ name: '11 quick replies', template: buttons(...Array.from({ length: 11 }, (_, i) => reply(`Option ${i + 1}`))), component: 'buttons', position: { button: 10 }, quotes: '"Option 11"' }],
  },
  {
    rule: 'buttons.type-limit',
    severity: 'error',
    pass: [{ name: '2 URLs and a phone', template: buttons(link('https://school.example/a'), link('https://school.example/b', 'Pay'), call('+905321234567')) }],
    fail: [
      { name: '3 URL buttons', template: buttons(link('https://school.example/a'), link('https://school.example/b', 'Pay'), link('https://school.example/c', 'Homework')), component: 'buttons', position: { button: 2 }, quotes: '"Homework"' },
      { name: '2 phone buttons', template: buttons(call('+905321234567'), reply('Reschedule'), call('+905321234568')), component: 'buttons', position: { button: 2 }, quotes: 'phone-number' },
    ],
  },
  {
    rule: 'buttons.label-empty',
    severity: 'error',
    pass: [{ name: 'labels', template: LESSON_REMINDER_EN }],
    fail: [{ name: 'blank quick reply', template: buttons(reply(' '), reply('Cancel lesson')), component: 'buttons', position: { button: 0 } }],
  },
  {
    rule: 'buttons.label-too-long',
    severity: 'error',
    pass: [{ name: '25 characters', template: buttons(reply('Move the lesson to Friday')) }],
    fail: [{ name: '27 characters', template: buttons(reply('Move the lesson to Saturday')), component: 'buttons', position: { button: 0, start: 25, end: 27 }, quotes: '"ay"' }],
  },
  {
    rule: 'buttons.duplicate-label',
    severity: 'warning',
    pass: [{ name: 'distinct', template: LESSON_REMINDER_EN }],
    fail: [{ name: 'same label, other case', template: buttons(reply('Reschedule'), reply('reschedule ')), component: 'buttons', position: { button: 1 }, quotes: 'Buttons 1 and 2' }],
  },
  {
    rule: 'buttons.quick-reply-grouping',
    severity: 'error',
    pass: [
      { name: 'quick replies first', template: LESSON_REMINDER_EN },
      { name: 'quick replies last', template: buttons(link('https://school.example/a'), reply('Reschedule'), reply('Cancel lesson')) },
    ],
    fail: [{ name: 'split by a URL button', template: buttons(reply('Reschedule'), link('https://school.example/a'), reply('Cancel lesson')), component: 'buttons', position: { button: 2 }, quotes: '"Cancel lesson"' }],
  },
  {
    rule: 'buttons.phone-number',
    severity: 'error',
    pass: [{ name: 'international with spaces', template: buttons(call('+90 532 123 45 67')) }],
    fail: [
      { name: 'words', template: buttons(reply('Reschedule'), call('call the office')), component: 'buttons', position: { button: 1 }, quotes: '"call the office"' },
      { name: 'too long', template: buttons(call('+90 (532) 123-45-67 ext 1')), component: 'buttons', position: { button: 0 } },
      { name: '21 digits', template: buttons(call('+12345678901234567890')), component: 'buttons', position: { button: 0 }, quotes: '21 characters' },
    ],
  },
  {
    rule: 'buttons.copy-code',
    severity: 'error',
    pass: [{ name: '15 characters', template: buttons({ type: 'copy_code', example: 'SPRING-2026-ABC' }) }],
    fail: [
      { name: '16 characters', template: buttons({ type: 'copy_code', example: 'SPRING-2026-ABCD' }), component: 'buttons', position: { button: 0 }, quotes: '"SPRING-2026-ABCD"' },
      { name: 'empty', template: buttons({ type: 'copy_code', example: '' }), component: 'buttons', position: { button: 0 } },
    ],
  },
  {
    rule: 'url.invalid',
    severity: 'error',
    pass: [{ name: 'https with variable', template: LESSON_REMINDER_EN }, { name: 'query', template: buttons(link('https://school.example/pay?invoice={{1}}')) }],
    fail: [
      { name: 'no scheme', template: buttons(link('school.example/lesson/{{1}}')), component: 'buttons', position: { button: 0 }, quotes: 'school.example/lesson' },
      { name: 'not a web address', template: buttons(link('mailto:office@school.example')), component: 'buttons', position: { button: 0 } },
    ],
  },
  {
    rule: 'url.too-long',
    severity: 'error',
    pass: [{ name: '2,000 characters', template: buttons(link(longUrl.padEnd(2000, 'b'))) }],
    fail: [{ name: '2,001 characters', template: buttons(link(longUrl.padEnd(2001, 'b'))), component: 'buttons', position: { button: 0, start: 2000, end: 2001 }, quotes: '2001' }],
  },
  {
    rule: 'url.too-many-variables',
    severity: 'error',
    pass: [{ name: 'one', template: LESSON_REMINDER_EN }],
    fail: [{ name: 'two', template: buttons(link('https://school.example/{{1}}/{{2}}')), component: 'buttons', position: { button: 0, ...span('https://school.example/{{1}}/{{2}}', '{{2}}') }, quotes: '{{1}}, {{2}}' }],
  },
  {
    rule: 'url.variable-not-at-end',
    severity: 'error',
    pass: [{ name: 'at the end', template: LESSON_REMINDER_EN }, { name: 'trailing space ignored', template: buttons(link('https://school.example/lesson/{{1}} ')) }],
    fail: [
      { name: 'path after it', template: buttons(reply('Reschedule'), link('https://school.example/{{1}}/join')), component: 'buttons', position: { button: 1, start: 23, end: 28 }, quotes: '"/join"' },
      { name: 'query after it', template: buttons(link('https://school.example/l/{{1}}?src=wa')), component: 'buttons', position: { button: 0, start: 25, end: 30 }, quotes: '"?src=wa"' },
    ],
  },
  {
    rule: 'url.variable-in-domain',
    severity: 'error',
    pass: [{ name: 'variable in the path', template: LESSON_REMINDER_EN }],
    fail: [
      { name: 'whole address', template: buttons(link('https://{{1}}')), component: 'buttons', position: { button: 0, start: 8, end: 13 }, quotes: 'https://{{1}}' },
      { name: 'end of the host', template: buttons(link('https://school{{1}}')), component: 'buttons', position: { button: 0, start: 14, end: 19 } },
    ],
  },
  {
    rule: 'url.shortener',
    severity: 'warning',
    pass: [{ name: 'own domain', template: template(body('Hi {{1}}, homework for {{2}} is at https://school.example/hw/123 before the lesson. Thank you!')) }],
    fail: [
      { name: 'in the body', template: template(body('Hi {{1}}, homework for {{2}} is at https://bit.ly/3xYz before the lesson. Thank you!')), component: 'body', position: span('Hi {{1}}, homework for {{2}} is at https://bit.ly/3xYz before the lesson. Thank you!', 'https://bit.ly/3xYz'), quotes: 'bit.ly' },
      { name: 'in a button', template: buttons(link('https://tinyurl.com/{{1}}')), component: 'buttons', position: { button: 0 }, quotes: 'tinyurl.com' },
    ],
  },
]
