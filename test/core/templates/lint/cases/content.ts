import type { TemplateDefinition } from '../../../../../src/core/templates/model.js'
import { LESSON_REMINDER_EN, LESSON_REMINDERS, template } from '../fixtures.js'
import { span, type Failing, type RuleCases } from './case.js'

const EXAMPLES = { '1': 'Anna', '2': 'Max' }

/** A body in `language`, failing at `fragment` for `rule`'s word list. */
function wording(language: string, text: string, fragment: string, category: TemplateDefinition['category'] = 'UTILITY'): Failing {
  return {
    name: `${language}: ${fragment}`,
    template: template({ language, category, body: { text, examples: EXAMPLES } }),
    component: 'body',
    position: span(text, fragment),
    quotes: JSON.stringify(fragment),
  }
}

const AUTH: TemplateDefinition = {
  name: 'login_code',
  language: 'en',
  category: 'AUTHENTICATION',
  parameterFormat: 'positional',
  header: null,
  body: { text: '{{1}} is your verification code. For your security, do not share this code.', examples: { '1': '482913' } },
  footer: 'This code expires in 10 minutes.',
  buttons: [{ type: 'copy_code', example: '482913' }],
}
const auth = (over: Partial<TemplateDefinition>): TemplateDefinition => ({ ...AUTH, ...over })

const MARKETING: TemplateDefinition = {
  ...LESSON_REMINDER_EN,
  name: 'spring_course',
  category: 'MARKETING',
  body: { text: 'Hi {{1}}, our spring speaking club for {{2}} starts in April: 20% off until Friday!', examples: EXAMPLES },
  buttons: [{ type: 'url', text: 'Book a place', url: 'https://school.example/spring', example: null }],
}

const TURKISH_AS_EN = 'Merhaba {{1}}, {{2}} için İngilizce dersi yarın saat 17:00\'de başlıyor. Derste görüşmek üzere!'
const RUSSIAN_AS_TR = 'Здравствуйте, {{1}}! Напоминаем, что у {{2}} завтра урок английского. До встречи!'
const ENGLISH_AS_ES = 'Hi {{1}}, your payment for the lessons of {{2}} was received. Thank you!'
const PORTUGUESE_AS_RU = 'Olá {{1}}, recebemos o pagamento das aulas de {{2}}. Obrigado!'

const copy = (over: Partial<TemplateDefinition>): TemplateDefinition => ({ ...LESSON_REMINDER_EN, name: 'lesson_reminder_copy', ...over })
const NEAR = 'Hi {{1}}, a reminder that {{2}} has an English lesson on {{3}} at {{4}}. See you in the class!'

export const CONTENT_CASES: RuleCases[] = [
  {
    rule: 'category.promotional-in-utility',
    severity: 'warning',
    pass: [
      { name: 'lesson reminders in five languages', template: LESSON_REMINDERS[1]! },
      { name: '"feel free" is not "free"', template: template({ body: { text: 'Hi {{1}}, the lesson for {{2}} is confirmed. Feel free to reply with questions.', examples: EXAMPLES } }) },
      { name: 'MARKETING may promote', template: MARKETING },
      { name: 'Spanish "sale" means leaves', template: template({ language: 'es', body: { text: 'Hola {{1}}, la clase de {{2}} sale a las cinco. ¡Hasta pronto!', examples: EXAMPLES } }) },
    ],
    fail: [
      wording('en', 'Hi {{1}}, book the next course for {{2}} now and get 20% off!', '20% off'),
      wording('en', 'Hi {{1}}, the first lesson for {{2}} is free this week only.', 'free'),
      wording('ru', 'Здравствуйте, {{1}}! Для {{2}} действует скидка на следующий курс.', 'скидка'),
      wording('tr', 'Merhaba {{1}}, {{2}} için yeni kursta İNDİRİM var. Görüşmek üzere!', 'İNDİRİM'),
      wording('es', 'Hola {{1}}, aprovecha el descuento para {{2}} en el próximo curso.', 'descuento'),
      wording('pt_BR', 'Olá {{1}}, a promoção para {{2}} termina na sexta-feira.', 'promoção'),
    ],
  },
  {
    rule: 'category.otp-outside-authentication',
    severity: 'warning',
    pass: [
      { name: 'AUTHENTICATION', template: AUTH },
      { name: 'a lesson reminder', template: LESSON_REMINDER_EN },
    ],
    fail: [
      wording('en', 'Hi {{1}}, your code is {{2}}. Use it to sign in to the parent app.', 'your code is'),
      wording('ru', 'Здравствуйте, {{1}}! Код подтверждения для входа: {{2}}. Никому его не сообщайте.', 'Код подтверждения'),
      wording('tr', 'Merhaba {{1}}, doğrulama kodunuz {{2}} olarak gönderildi, lütfen paylaşmayın.', 'doğrulama kodunuz'),
      wording('es', 'Hola {{1}}, tu código de verificación es {{2}}. No lo compartas.', 'código de verificación'),
      wording('pt_BR', 'Olá {{1}}, seu código de verificação é {{2}}. Não compartilhe.', 'código de verificação'),
      wording('en', 'Hi {{1}}, your OTP is {{2}}. Do not share it with anyone.', 'OTP', 'MARKETING'),
    ],
  },
  {
    rule: 'category.vague-content',
    severity: 'warning',
    pass: [{ name: 'specific', template: LESSON_REMINDER_EN }, { name: 'MARKETING', template: { ...MARKETING, body: { text: 'Congratulations {{1}}!', examples: EXAMPLES } } }],
    fail: [{ name: 'Congratulations', template: template({ body: { text: 'Congratulations {{1}}!', examples: EXAMPLES } }), component: 'body', position: { start: 0, end: 22 }, quotes: 'Congratulations' }],
  },
  {
    rule: 'category.marketing-opt-out',
    severity: 'info',
    pass: [{ name: 'with "Stop promotions"', template: { ...MARKETING, buttons: [...MARKETING.buttons, { type: 'quick_reply', text: 'Stop promotions' }] } }],
    fail: [{ name: 'no quick reply', template: MARKETING, component: 'buttons', position: null, quotes: 'Stop promotions' }],
  },
  {
    rule: 'authentication.otp-button',
    severity: 'error',
    pass: [{ name: 'copy-code button', template: AUTH }],
    fail: [{ name: 'no button', template: auth({ buttons: [] }), component: 'buttons', position: null, quotes: 'copy-code' }],
  },
  {
    rule: 'authentication.buttons',
    severity: 'error',
    pass: [{ name: 'copy code only', template: AUTH }],
    fail: [{ name: 'quick reply', template: auth({ buttons: [{ type: 'copy_code', example: '482913' }, { type: 'quick_reply', text: 'Not me' }] }), component: 'buttons', position: { button: 1 }, quotes: '"Not me"' }],
  },
  {
    rule: 'authentication.url',
    severity: 'error',
    pass: [{ name: 'no links', template: AUTH }],
    fail: [
      { name: 'link in the body', template: auth({ body: { text: '{{1}} is your code. Sign in at https://school.example/login', examples: { '1': '482913' } } }), component: 'body', position: span('{{1}} is your code. Sign in at https://school.example/login', 'https://school.example/login'), quotes: 'https://school.example/login' },
      { name: 'URL button', template: auth({ buttons: [{ type: 'copy_code', example: '482913' }, { type: 'url', text: 'Sign in', url: 'https://school.example/login', example: null }] }), component: 'buttons', position: { button: 1 } },
    ],
  },
  {
    rule: 'authentication.media',
    severity: 'error',
    pass: [{ name: 'no header', template: AUTH }],
    fail: [{ name: 'image header', template: auth({ header: { format: 'image', example: 'https://cdn.example/logo.png' } }), component: 'header', position: null, quotes: 'image' }],
  },
  {
    rule: 'authentication.emoji',
    severity: 'error',
    pass: [{ name: 'plain', template: AUTH }],
    fail: [{ name: 'emoji in the body', template: auth({ body: { text: '{{1}} is your verification code 🔐', examples: { '1': '482913' } } }), component: 'body', position: span('{{1}} is your verification code 🔐', '🔐'), quotes: '🔐' }],
  },
  {
    rule: 'authentication.code-length',
    severity: 'error',
    pass: [{ name: '6 digits', template: AUTH }],
    fail: [{ name: '16 characters', template: auth({ body: { text: '{{1}} is your verification code.', examples: { '1': '1234567890123456' } } }), component: 'body', position: { start: 0, end: 5 }, quotes: '"1234567890123456"' }],
  },
  {
    rule: 'policy.sensitive-data-request',
    severity: 'warning',
    pass: [
      { name: 'a warning not to share', template: template({ body: { text: 'Hi {{1}}, never share your card number or PIN with anyone, not even with {{2}}.', examples: EXAMPLES } }) },
      { name: 'a payment reminder with a link', template: template({ body: { text: 'Hi {{1}}, the payment for {{2}} failed. Please update your card at https://school.example/pay', examples: EXAMPLES } }) },
    ],
    fail: [
      wording('en', 'Hi {{1}}, to keep lessons for {{2}} please reply with your card number and CVV.', 'card number'),
      wording('ru', 'Здравствуйте, {{1}}! Чтобы продлить уроки {{2}}, пришлите номер карты.', 'номер карты'),
      wording('tr', 'Merhaba {{1}}, {{2}} için ödeme yapmak üzere kart numaranızı gönderin.', 'kart numaranızı'),
      wording('pt_BR', 'Olá {{1}}, para {{2}} continuar, informe o número do cartão.', 'número do cartão'),
    ],
  },
  {
    rule: 'content.duplicate',
    severity: 'error',
    pass: [
      { name: 'only itself in existing', template: LESSON_REMINDER_EN, context: { existing: [LESSON_REMINDER_EN] } },
      { name: 'same text, other language', template: LESSON_REMINDER_EN, context: { existing: [copy({ language: 'en_GB' })] } },
      { name: 'AUTHENTICATION exempt', template: AUTH, context: { existing: [{ ...AUTH, name: 'login_code_2' }] } },
    ],
    fail: [
      {
        name: 'same words, other spacing, case and variable names',
        template: LESSON_REMINDER_EN,
        context: { existing: [copy({ parameterFormat: 'named', body: { text: 'HI {{parent}},  a reminder that {{child}} has an English lesson on {{day}} at {{time}} - see you in class', examples: {} } })] },
        component: 'body',
        position: { start: 0, end: LESSON_REMINDER_EN.body.text.length },
        quotes: '"lesson_reminder_copy"',
      },
    ],
  },
  {
    rule: 'content.near-duplicate',
    severity: 'warning',
    pass: [
      { name: 'a different message', template: LESSON_REMINDER_EN, context: { existing: [copy({ body: { text: 'Hi {{1}}, the payment for the lessons of {{2}} was received. Thank you!', examples: {} } })] } },
      { name: 'identical is the duplicate rule', template: LESSON_REMINDER_EN, context: { existing: [copy({})] } },
    ],
    fail: [{ name: 'one word added', template: LESSON_REMINDER_EN, context: { existing: [copy({ body: { text: NEAR, examples: {} } })] }, component: 'body', position: { start: 0, end: LESSON_REMINDER_EN.body.text.length }, quotes: '96% the same as the existing template "lesson_reminder_copy"' }],
  },
  {
    rule: 'language.mismatch',
    severity: 'warning',
    pass: [
      ...LESSON_REMINDERS.map((t) => ({ name: `lesson reminder in ${t.language}`, template: t })),
      { name: 'too little text to judge', template: template({ header: null, footer: null, body: { text: 'Merhaba {{1}}, görüşürüz!', examples: EXAMPLES } }) },
      { name: 'language the detector does not know', template: template({ language: 'sw', body: { text: ENGLISH_AS_ES, examples: EXAMPLES } }) },
    ],
    fail: [
      { name: 'Turkish declared en', template: template({ header: null, footer: null, body: { text: TURKISH_AS_EN, examples: EXAMPLES } }), component: 'language', position: null, quotes: 'Turkish (tr)' },
      { name: 'Russian declared tr', template: template({ language: 'tr', header: null, footer: null, body: { text: RUSSIAN_AS_TR, examples: EXAMPLES } }), component: 'language', position: null, quotes: 'Russian (ru)' },
      { name: 'English declared es', template: template({ language: 'es', header: null, footer: null, body: { text: ENGLISH_AS_ES, examples: EXAMPLES } }), component: 'language', position: null, quotes: 'English (en)' },
      { name: 'Portuguese declared ru', template: template({ language: 'ru', header: null, footer: null, body: { text: PORTUGUESE_AS_RU, examples: EXAMPLES } }), component: 'language', position: null, quotes: '"pt_BR"' },
    ],
  },
]
