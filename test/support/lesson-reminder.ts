/** The school's lesson reminder as the templates API takes it: a named UTILITY template, in English. */
export const LESSON_REMINDER = {
  name: 'lesson_reminder',
  language: 'en',
  category: 'UTILITY',
  body: 'Reminder: the English lesson for {{child_name}} starts today at {{time}}. Please have the headphones ready.',
  examples: { child_name: 'Max', time: '15:00' },
} as const
