import { body, template } from '../fixtures.js'
import { span, type RuleCases } from './case.js'

const EXAMPLES = { '1': 'Anna', '2': 'Max', '3': 'Friday', '4': '17:00' }
/** A body with the standard samples, and the position of `fragment` in it. */
const withBody = (text: string, examples: Record<string, string> = EXAMPLES) => template(body(text, examples))
const named = (text: string, examples: Record<string, string>) => template({ parameterFormat: 'named', header: null, body: { text, examples } })

const MALFORMED_SPACES = 'Hi {{ 1 }}, a reminder that {{2}} has a lesson today. See you!'
const MALFORMED_HASH = 'Hi {{1}}, a reminder that {{#2}} has a lesson today. See you!'
const MALFORMED_CASE = 'Hi {{Name}}, your child has a lesson today. See you!'
const SINGLE = 'Hi {1}, a reminder that {{2}} has a lesson today. See you!'
const GAP = 'Hi {{1}}, a reminder that {{3}} has a lesson today. See you!'
const FROM_TWO = 'Hi {{2}}, your child has an English lesson today. See you!'
const DISORDER = 'Hi {{2}}, a reminder that {{1}} has a lesson today. See you!'
const STARTS = '{{1}}, a reminder that {{2}} has an English lesson today. See you!'
const ENDS_DOT = 'Hi, a reminder that the lesson for {{1}} takes place on {{2}}.'
const ENDS_EMOJI = 'Hi, a reminder that the lesson for {{1}} takes place on {{2}} 👋'
const ADJACENT = 'Hi, a reminder that {{1}} {{2}} has a lesson today. See you!'
const ADJACENT_COMMA = 'Hi {{1}}, {{2}} has an English lesson today. See you in class!'
const SPARSE = 'Hi {{1}} {{2}} at {{3}} on {{4}} ok'
const UNPAIRED = 'Hi {{1}}, {{2}} has a lesson *tomorrow. See you!'
const UNCLOSED = 'Hi {{1}}, {{2}} has a lesson. Code: ```abc'
const DOUBLE_STAR = 'Hi {{1}}, {{2}} has a lesson **tomorrow**. See you!'
const LINK = 'Hi {{1}}, see [the schedule](https://school.example/s) for {{2}}. Thanks!'
const PARTY = (n: number) => `Hi {{1}}, {{2}} has a lesson today ${'🎉'.repeat(n)} See you!`
const ELEVENTH = PARTY(11).indexOf('🎉') + 20

export const VARIABLE_CASES: RuleCases[] = [
  {
    rule: 'variables.malformed',
    severity: 'error',
    pass: [{ name: 'well formed', template: withBody('Hi {{1}}, a reminder that {{2}} has a lesson today. See you!') }],
    fail: [
      { name: 'spaces inside', template: withBody(MALFORMED_SPACES), component: 'body', position: span(MALFORMED_SPACES, '{{ 1 }}'), quotes: '{{1}}' },
      { name: '# inside', template: withBody(MALFORMED_HASH), component: 'body', position: span(MALFORMED_HASH, '{{#2}}'), quotes: '{{2}}' },
      { name: 'capitalised name', template: named(MALFORMED_CASE, { name: 'Anna' }), component: 'body', position: span(MALFORMED_CASE, '{{Name}}'), quotes: '{{name}}' },
      { name: 'triple braces in the header', template: template({ header: { format: 'text', text: 'Lesson for {{{1}}}', examples: { '1': 'Max' } } }), component: 'header', position: { start: 11, end: 18 } },
      { name: 'in a URL', template: template({ buttons: [{ type: 'url', text: 'Join', url: 'https://school.example/{{ 1 }}', example: 'x' }] }), component: 'buttons', position: { button: 0, start: 23, end: 30 } },
    ],
  },
  {
    rule: 'variables.single-brace',
    severity: 'warning',
    pass: [{ name: 'double braces', template: withBody('Hi {{1}}, a reminder that {{2}} has a lesson today. See you!') }],
    fail: [{ name: '{1}', template: withBody(SINGLE), component: 'body', position: span(SINGLE, '{1}'), quotes: '{{1}}' }],
  },
  {
    rule: 'variables.mixed-format',
    severity: 'error',
    pass: [
      { name: 'positional', template: withBody('Hi {{1}}, a reminder that {{2}} has a lesson today. See you!') },
      { name: 'named body, {{1}} in the URL', template: named('Hi {{parent_name}}, {{child_name}} has a lesson today. See you!', { parent_name: 'Anna', child_name: 'Max' }) },
    ],
    fail: [
      { name: 'named variable in a positional template', template: withBody('Hi {{1}}, a reminder that {{child_name}} has a lesson today. See you!'), component: 'body', position: span('Hi {{1}}, a reminder that {{child_name}} has a lesson today. See you!', '{{child_name}}'), quotes: '{{child_name}}' },
      { name: 'numbers in a named template', template: named('Hi {{1}}, a reminder that {{2}} has a lesson today.', EXAMPLES), component: 'body', position: { start: 3, end: 8 }, quotes: '{{1}}, {{2}}' },
    ],
  },
  {
    rule: 'variables.sequence',
    severity: 'error',
    pass: [{ name: '1 to 4', template: withBody('Hi {{1}}, a reminder that {{2}} has a lesson on {{3}} at {{4}}. See you!') }],
    fail: [
      { name: 'gap', template: withBody(GAP), component: 'body', position: span(GAP, '{{3}}'), quotes: '{{2}}' },
      { name: 'starts at 2', template: withBody(FROM_TWO), component: 'body', position: span(FROM_TWO, '{{2}}'), quotes: 'not {{1}}' },
      { name: 'URL variable {{2}}', template: template({ buttons: [{ type: 'url', text: 'Join', url: 'https://school.example/{{2}}', example: 'x' }] }), component: 'buttons', position: { button: 0, start: 23, end: 28 } },
    ],
  },
  {
    rule: 'variables.order',
    severity: 'warning',
    pass: [{ name: 'in order, {{1}} repeated', template: withBody('Hi {{1}}, a reminder that {{2}} has a lesson. Thank you, {{1}}, see you!') }],
    fail: [{ name: '{{2}} before {{1}}', template: withBody(DISORDER), component: 'body', position: span(DISORDER, '{{2}}'), quotes: '{{2}} comes before {{1}}' }],
  },
  {
    rule: 'body.variable-at-edge',
    severity: 'error',
    pass: [
      { name: 'words on both sides', template: withBody('Hi {{1}}, a reminder that {{2}} has a lesson today. See you!') },
      { name: 'AUTHENTICATION body written by the platform', template: template({ category: 'AUTHENTICATION', body: { text: '{{1}} is your verification code.', examples: { '1': '482913' } } }) },
    ],
    fail: [
      { name: 'starts with a variable', template: withBody(STARTS), component: 'body', position: { start: 0, end: 5 }, quotes: 'starts with the variable {{1}}' },
      { name: 'ends with a variable and a full stop', template: withBody(ENDS_DOT), component: 'body', position: span(ENDS_DOT, '{{2}}'), quotes: 'punctuation after it does not count' },
      { name: 'ends with a variable and an emoji', template: withBody(ENDS_EMOJI), component: 'body', position: span(ENDS_EMOJI, '{{2}}') },
    ],
  },
  {
    rule: 'variables.adjacent',
    severity: 'warning',
    pass: [{ name: 'a word between', template: withBody('Hi {{1}}, a reminder that {{2}} has a lesson today. See you!') }],
    fail: [
      { name: 'a space between', template: withBody(ADJACENT), component: 'body', position: { start: span(ADJACENT, '{{1}}').start, end: span(ADJACENT, '{{2}}').end }, quotes: '{{1}} {{2}}' },
      { name: 'a comma between', template: withBody(ADJACENT_COMMA), component: 'body', position: { start: 3, end: 15 }, quotes: '{{1}}, {{2}}' },
    ],
  },
  {
    rule: 'variables.density',
    severity: 'warning',
    pass: [
      { name: 'one variable, three words', template: withBody('Thanks {{1}}, see you!', { '1': 'Anna' }) },
      { name: 'AUTHENTICATION', template: template({ category: 'AUTHENTICATION', body: { text: '{{1}} code', examples: { '1': '1' } } }) },
    ],
    fail: [{ name: 'four variables, four words', template: withBody(SPARSE), component: 'body', position: { start: 0, end: SPARSE.length }, quotes: '4 variables but only 4 fixed words' }],
  },
  {
    rule: 'samples.missing',
    severity: 'error',
    pass: [
      { name: 'all samples', template: template() },
      { name: 'location header needs none', template: template({ header: { format: 'location' } }) },
    ],
    fail: [
      { name: 'body variable', template: withBody('Hi {{1}}, a reminder that {{2}} has a lesson today. See you!', { '1': 'Anna', '2': ' ' }), component: 'body', position: { start: 26, end: 31 }, quotes: '{{2}}' },
      { name: 'header variable', template: template({ header: { format: 'text', text: 'Lesson for {{1}}', examples: {} } }), component: 'header', position: { start: 11, end: 16 } },
      { name: 'image header', template: template({ header: { format: 'image', example: null } }), component: 'header', position: null, quotes: 'image' },
      { name: 'URL variable', template: template({ buttons: [{ type: 'url', text: 'Join', url: 'https://school.example/{{1}}', example: null }] }), component: 'buttons', position: { button: 0 }, quotes: 'https://school.example/{{1}}' },
    ],
  },
  {
    rule: 'samples.format',
    severity: 'warning',
    pass: [{ name: 'one line', template: template() }],
    fail: [{ name: 'newline in a sample', template: withBody('Hi {{1}}, a reminder that {{2}} has a lesson today. See you!', { '1': 'Anna', '2': 'Max\nand Mia' }), component: 'body', position: { start: 26, end: 31 }, quotes: 'Max\\nand Mia' }],
  },
  {
    rule: 'samples.unused',
    severity: 'info',
    pass: [{ name: 'matching', template: template() }],
    fail: [{ name: 'sample for a missing variable', template: withBody('Hi {{1}}, a reminder that {{2}} has a lesson today. See you!', { '1': 'Anna', '2': 'Max', '5': 'x' }), component: 'body', position: null, quotes: '"5"' }],
  },
  {
    rule: 'formatting.unbalanced',
    severity: 'info',
    pass: [
      { name: 'pairs, bullets, snake_case links', template: withBody('Hi {{1}}, *tomorrow* {{2}} has:\n* reading\n* _grammar_\nDetails: https://school.example/my_lessons. See you!') },
    ],
    fail: [
      { name: 'unpaired *', template: withBody(UNPAIRED), component: 'body', position: span(UNPAIRED, '*'), quotes: '"*"' },
      { name: 'unclosed ```', template: withBody(UNCLOSED), component: 'body', position: span(UNCLOSED, '```'), quotes: '```' },
    ],
  },
  {
    rule: 'formatting.markdown',
    severity: 'info',
    pass: [{ name: 'WhatsApp bold', template: withBody('Hi {{1}}, {{2}} has a lesson *tomorrow*. See you!') }],
    fail: [
      { name: '**bold**', template: withBody(DOUBLE_STAR), component: 'body', position: span(DOUBLE_STAR, '**tomorrow**'), quotes: '**tomorrow**' },
      { name: 'link syntax', template: withBody(LINK), component: 'body', position: span(LINK, '[the schedule](https://school.example/s)') },
    ],
  },
  {
    rule: 'formatting.emoji-count',
    severity: 'info',
    pass: [{ name: '10 emojis', template: withBody(PARTY(10)) }],
    fail: [{ name: '11 emojis', template: withBody(PARTY(11)), component: 'body', position: { start: ELEVENTH, end: ELEVENTH + 2 }, quotes: '11 emojis' }],
  },
]
