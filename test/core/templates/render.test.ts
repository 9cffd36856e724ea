import { describe, expect, it } from 'vitest'
import type { TemplateDefinition } from '../../../src/core/templates/model.js'
import { renderTemplate } from '../../../src/core/templates/render.js'

const reminder: TemplateDefinition = {
  name: 'lesson_reminder',
  language: 'en',
  category: 'UTILITY',
  parameterFormat: 'named',
  header: { format: 'text', text: 'Lesson for {{child_name}}', examples: { child_name: 'Max' } },
  body: { text: 'Hi {{parent_name}}, {{child_name}} has English at {{time}} today.', examples: { parent_name: 'Anna', child_name: 'Max', time: '15:00' } },
  footer: 'Kids English School',
  buttons: [
    { type: 'url', text: 'Join lesson', url: 'https://school.example/join/{{1}}', example: 'abc' },
    { type: 'quick_reply', text: 'Reschedule' },
  ],
}

const positional: TemplateDefinition = {
  name: 'balance_low',
  language: 'en',
  category: 'UTILITY',
  parameterFormat: 'positional',
  header: null,
  body: { text: 'Your balance is {{1}} lessons. Top up at {{2}} to keep going.', examples: { 1: '1', 2: 'our site' } },
  footer: null,
  buttons: [],
}

describe('renderTemplate', () => {
  it('renders named parameters and the exact text the parent sees', () => {
    const result = renderTemplate(reminder, {
      params: { parent_name: 'Ayşe', child_name: 'Can', time: '15:00' },
      headerParams: { child_name: 'Can' },
      buttons: { 0: 'lesson-42', 1: 'RESCHEDULE_42' },
    })
    expect(result).toEqual({
      ok: true,
      content: {
        kind: 'template',
        name: 'lesson_reminder',
        language: 'en',
        params: { parent_name: 'Ayşe', child_name: 'Can', time: '15:00' },
        headerParams: { child_name: 'Can' },
        buttonParams: [
          { index: 0, type: 'url', value: 'lesson-42' },
          { index: 1, type: 'quick_reply', value: 'RESCHEDULE_42' },
        ],
        rendered: 'Lesson for Can\nHi Ayşe, Can has English at 15:00 today.\nKids English School',
      },
    })
  })

  it('renders positional parameters in order', () => {
    const result = renderTemplate(positional, { params: ['2', 'https://pay.example'] })
    expect(result).toMatchObject({ ok: true, content: { rendered: 'Your balance is 2 lessons. Top up at https://pay.example to keep going.' } })
  })

  it.each([
    ['too few positional values', positional, { params: ['2'] }, 'template.params', 'expects 2 values'],
    ['too many positional values', positional, { params: ['2', 'x', 'y'] }, 'template.params', 'got 3'],
    ['a missing named value', reminder, { params: { parent_name: 'A', time: '1' }, headerParams: { child_name: 'C' }, buttons: { 0: 'x' } }, 'template.params', 'missing {{child_name}}'],
    ['an unknown named value', reminder, { params: { parent_name: 'A', child_name: 'C', time: '1', extra: 'x' }, headerParams: { child_name: 'C' }, buttons: { 0: 'x' } }, 'template.params', 'no {{extra}}'],
    ['a newline in a value', positional, { params: ['2\n', 'x'] }, 'template.params.0', 'newline'],
    ['five spaces in a value', positional, { params: ['2', 'a     b'] }, 'template.params.1', 'four spaces'],
    ['an empty value', positional, { params: [' ', 'x'] }, 'template.params.0', 'empty'],
    ['a missing URL suffix', reminder, { params: { parent_name: 'A', child_name: 'C', time: '1' }, headerParams: { child_name: 'C' } }, 'template.buttons.0', 'URL ends with a variable'],
    ['a value for a button that takes none', positional, { params: ['2', 'x'], buttons: { 3: 'x' } }, 'template.buttons.3', 'no button'],
    ['a header value for a template without a text header', positional, { params: ['2', 'x'], headerParams: ['x'] }, 'template.header_params', 'no text header'],
    ['a body over 1,024 characters', positional, { params: ['x'.repeat(1000), 'y'.repeat(100)] }, 'template.params', 'at most 1024'],
  ])('refuses %s', (_name, template, input, path, message) => {
    const result = renderTemplate(template as TemplateDefinition, input as never)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.issues).toContainEqual({ path, message: expect.stringContaining(message) })
  })

  it('refuses positional values for a named template, naming the parameters it takes', () => {
    const oneName: TemplateDefinition = { ...reminder, header: null, body: { text: 'Summer camp for {{child_name}} starts soon.', examples: { child_name: 'Max' } }, buttons: [] }
    expect(renderTemplate(oneName, { params: ['Max'] })).toEqual({
      ok: false,
      issues: [{ path: 'template.params', message: 'this template takes named values: give an object with "child_name" (e.g. {"child_name": "…"}), not a list' }],
    })
    const result = renderTemplate(reminder, { params: ['Ayşe', 'Can', '15:00'], headerParams: ['Can'], buttons: { 0: 'x' } })
    expect(result).toMatchObject({ ok: false })
    if (result.ok) return
    expect(result.issues).toContainEqual({ path: 'template.params', message: expect.stringContaining('"parent_name", "child_name", "time"') })
    expect(result.issues).toContainEqual({ path: 'template.header_params', message: expect.stringContaining('"child_name"') })
    // No values at all reads the same way, not as a list of the wrong length.
    expect(renderTemplate(oneName, { params: [] })).toMatchObject({ ok: false, issues: [{ message: expect.stringContaining('give an object with "child_name"') }] })
  })

  it('refuses named values for a positional template', () => {
    expect(renderTemplate(positional, { params: { amount: '2' } })).toEqual({
      ok: false,
      issues: [{ path: 'template.params', message: 'this template takes positional values: give a list of 2 ({{1}}, {{2}}), not an object' }],
    })
  })

  it('requires the file of a media header, as HTTPS', () => {
    const withImage: TemplateDefinition = { ...positional, header: { format: 'image', example: 'https://cdn.example/x.png' } }
    expect(renderTemplate(withImage, { params: ['1', 'x'] })).toMatchObject({ ok: false, issues: [{ path: 'template.header_media' }] })
    expect(renderTemplate(withImage, { params: ['1', 'x'], headerMedia: 'http://insecure.example/x.png' })).toMatchObject({ ok: false })
    expect(renderTemplate(withImage, { params: ['1', 'x'], headerMedia: 'https://cdn.example/x.png' })).toMatchObject({
      ok: true,
      content: { headerMedia: { type: 'image', link: 'https://cdn.example/x.png' } },
    })
  })
})
