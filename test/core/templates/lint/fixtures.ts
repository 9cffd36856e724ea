import type { TemplateDefinition } from '../../../../src/core/templates/model.js'

/** The school's English lesson reminder, clean: the base every rule case starts from. */
export const LESSON_REMINDER_EN: TemplateDefinition = {
  name: 'lesson_reminder',
  language: 'en',
  category: 'UTILITY',
  parameterFormat: 'positional',
  header: { format: 'text', text: 'Lesson reminder', examples: {} },
  body: {
    text: 'Hi {{1}}, a reminder that {{2}} has an English lesson on {{3}} at {{4}}. See you in class!',
    examples: { '1': 'Anna', '2': 'Max', '3': 'Friday, 12 June', '4': '17:00' },
  },
  footer: 'Online English school for kids',
  buttons: [
    { type: 'quick_reply', text: 'Reschedule' },
    { type: 'quick_reply', text: 'Cancel lesson' },
    { type: 'url', text: 'Join the lesson', url: 'https://school.example/lesson/{{1}}', example: 'b7k2q9' },
  ],
}

/** A copy of the English reminder with some fields replaced. */
export function template(over: Partial<TemplateDefinition> = {}): TemplateDefinition {
  return { ...LESSON_REMINDER_EN, ...over }
}

/** The reminder's body with other text (and optionally other samples). */
export function body(text: string, examples: Record<string, string> = LESSON_REMINDER_EN.body.examples): Pick<TemplateDefinition, 'body'> {
  return { body: { text, examples } }
}

function reminder(language: string, header: string, text: string, footer: string, labels: [string, string, string], examples: Record<string, string>): TemplateDefinition {
  return {
    ...LESSON_REMINDER_EN,
    language,
    header: { format: 'text', text: header, examples: {} },
    body: { text, examples },
    footer,
    buttons: [
      { type: 'quick_reply', text: labels[0] },
      { type: 'quick_reply', text: labels[1] },
      { type: 'url', text: labels[2], url: 'https://school.example/lesson/{{1}}', example: 'b7k2q9' },
    ],
  }
}

/** The same reminder as the school would write it in each of its languages. */
export const LESSON_REMINDERS: readonly TemplateDefinition[] = [
  LESSON_REMINDER_EN,
  reminder(
    'ru',
    'Напоминание об уроке',
    'Здравствуйте, {{1}}! Напоминаем, что у {{2}} урок английского {{3}} в {{4}}. До встречи на занятии!',
    'Онлайн-школа английского для детей',
    ['Перенести урок', 'Отменить урок', 'Войти в урок'],
    { '1': 'Анна', '2': 'Максима', '3': 'в пятницу, 12 июня', '4': '17:00' },
  ),
  reminder(
    'tr',
    'Ders hatırlatması',
    'Merhaba {{1}}, hatırlatmak isteriz: {{2}} için İngilizce dersi {{3}} günü saat {{4}} itibarıyla başlıyor. Derste görüşmek üzere!',
    'Çocuklar için online İngilizce okulu',
    ['Dersi ertele', 'Dersi iptal et', 'Derse katıl'],
    { '1': 'Ayşe', '2': 'Mehmet', '3': 'Cuma', '4': '17:00' },
  ),
  reminder(
    'es',
    'Recordatorio de clase',
    'Hola {{1}}, te recordamos que {{2}} tiene clase de inglés el {{3}} a las {{4}}. ¡Nos vemos en clase!',
    'Escuela online de inglés para niños',
    ['Cambiar horario', 'Cancelar clase', 'Entrar a la clase'],
    { '1': 'Ana', '2': 'Mateo', '3': 'viernes 12 de junio', '4': '17:00' },
  ),
  reminder(
    'pt_BR',
    'Lembrete de aula',
    'Olá {{1}}, lembramos que {{2}} tem aula de inglês na {{3}} às {{4}}. Até a aula!',
    'Escola online de inglês para crianças',
    ['Remarcar aula', 'Cancelar aula', 'Entrar na aula'],
    { '1': 'Ana', '2': 'Pedro', '3': 'sexta-feira, 12 de junho', '4': '17h' },
  ),
]
