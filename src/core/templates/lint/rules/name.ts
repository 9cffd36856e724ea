import { TEMPLATE_LIMITS } from '../../limits.js'
import { defineRule, hit } from './rule.js'

const NAME = /^[a-z0-9_]+$/
const MAX_NAME = TEMPLATE_LIMITS.name

/** Source: docs/platform.md §3.6 "Name" — `^[a-z0-9_]+$`; Meta's create API refuses other names. */
export const nameFormat = defineRule({
  id: 'name.format',
  severity: 'error',
  summary: 'Template names use only lowercase letters, digits and underscores.',
  source: 'Platform doc §3.6 (Name: ^[a-z0-9_]+$)',
  check(template) {
    if (NAME.test(template.name)) return []
    const suggestion = template.name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
    return [
      hit(
        'name',
        null,
        template.name === ''
          ? 'The template has no name.'
          : `Name ${JSON.stringify(template.name)} has characters other than lowercase letters, digits and "_".`,
        suggestion === '' ? 'Name the template in lower_snake_case, e.g. "lesson_reminder".' : `Rename it to ${JSON.stringify(suggestion)}.`,
      ),
    ]
  },
})

/** Source: platform doc §3.6 "Name" — at most 512 characters. */
export const nameTooLong = defineRule({
  id: 'name.too-long',
  severity: 'error',
  summary: 'Template names are at most 512 characters.',
  source: 'Platform doc §3.6 (Name: ≤512 chars)',
  check(template) {
    if (template.name.length <= MAX_NAME) return []
    return [hit('name', null, `Name is ${template.name.length} characters; the platform allows ${MAX_NAME}.`, `Shorten the name to ${MAX_NAME} characters or fewer.`)]
  },
})

export const NAME_RULES = [nameFormat, nameTooLong]
