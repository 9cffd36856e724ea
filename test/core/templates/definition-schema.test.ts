import { describe, expect, it } from 'vitest'
import { templateFamilySchema, templateSchema, toDefinition, toJson } from '../../../src/core/templates/definition-schema.js'

describe('the written form of templates', () => {
  it('reads shorthands and infers the parameter format', () => {
    const parsed = templateSchema.parse({
      name: 'lesson_reminder',
      language: 'en',
      category: 'utility',
      header: 'Lesson for {{child_name}}',
      body: 'Hi! {{child_name}} has English at {{time}}.',
      examples: { child_name: 'Max', time: '15:00', unused: 'x' },
      buttons: [{ type: 'url', text: 'Join', url: 'https://school.example/j/{{1}}', example: 'abc' }],
    })
    expect(toDefinition(parsed, parsed)).toEqual({
      name: 'lesson_reminder',
      language: 'en',
      category: 'UTILITY',
      parameterFormat: 'named',
      header: { format: 'text', text: 'Lesson for {{child_name}}', examples: { child_name: 'Max' } },
      body: { text: 'Hi! {{child_name}} has English at {{time}}.', examples: { child_name: 'Max', time: '15:00' } },
      footer: null,
      buttons: [{ type: 'url', text: 'Join', url: 'https://school.example/j/{{1}}', example: 'abc' }],
    })
  })

  it('round-trips through the written form', () => {
    const parsed = templateSchema.parse({
      name: 'balance_low',
      language: 'pt_BR',
      category: 'UTILITY',
      body: { text: 'Saldo: {{1}} aulas.', examples: { 1: 2 } },
      footer: 'Escola',
      buttons: [{ type: 'quick_reply', text: 'Ok' }, { type: 'phone_number', text: 'Ligar', phone_number: '+5511987654321' }, { type: 'copy_code', example: 'PIX42' }],
      header: { format: 'image', example: 'https://cdn.example/a.png' },
    })
    const definition = toDefinition(parsed, parsed)
    expect(definition.parameterFormat).toBe('positional')
    expect(definition.body.examples).toEqual({ 1: '2' })
    const again = templateSchema.parse(toJson(definition))
    expect(toDefinition(again, again)).toEqual(definition)
  })

  it('reads a family with shared and per-language examples', () => {
    const family = templateFamilySchema.parse({
      name: 'trial_finished',
      category: 'UTILITY',
      examples: { child_name: 'Max' },
      languages: { en: { body: 'How was {{child_name}}?' }, tr: { body: '{{child_name}} nasıldı?', examples: { child_name: 'Can' } } },
    })
    const tr = toDefinition({ ...family, language: 'tr' }, family.languages.tr!, family.examples)
    expect(tr.body.examples).toEqual({ child_name: 'Can' })
    const en = toDefinition({ ...family, language: 'en' }, family.languages.en!, family.examples)
    expect(en.body.examples).toEqual({ child_name: 'Max' })
  })

  it('names the path of what is wrong', () => {
    const result = templateSchema.safeParse({ name: 'x', language: 'en', category: 'PROMO', body: 'x', buttons: [{ type: 'url', text: 'a' }] })
    expect(result.success).toBe(false)
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['category', 'buttons.0.url']))
  })
})
