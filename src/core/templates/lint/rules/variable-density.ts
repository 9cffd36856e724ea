import { findPlaceholders } from '../../variables.js'
import { defineRule, hit } from './rule.js'
import { countWords, maskPlaceholders } from './text.js'

/**
 * Source: docs/platform.md §3.6 "Variable density" — too many variables for the amount of fixed text
 * is refused (2388293); Meta publishes no threshold. We use the validators' "2x + 1 fixed words
 * for x variables": the stricter "1 variable per 40 characters" heuristic would flag ordinary
 * approved reminders ("Hi {{1}}, {{2}} has a lesson on {{3}} at {{4}}. See you in class!").
 * AUTHENTICATION is exempt: the platform writes that body.
 */
export const variablesDensity = defineRule({
  id: 'variables.density',
  severity: 'warning',
  summary: 'Enough fixed words for the number of variables (at least 2×variables + 1).',
  source: 'Platform doc §3.6 (Variable density → 2388293; threshold from validators)',
  check(template) {
    if (template.category === 'AUTHENTICATION') return []
    const text = template.body.text
    const placeholders = findPlaceholders(text)
    const variables = placeholders.filter((p) => p.name !== null).length
    if (variables === 0) return []
    const words = countWords(maskPlaceholders(text, placeholders))
    const needed = 2 * variables + 1
    if (words >= needed) return []
    return [
      hit(
        'body',
        { start: 0, end: text.length },
        `The body has ${variables} variable${variables === 1 ? '' : 's'} but only ${words} fixed word${words === 1 ? '' : 's'}; the platform refuses templates that are mostly variables (2388293).`,
        `Write at least ${needed} words of fixed text around the variables, or merge variables.`,
      ),
    ]
  },
})

export const DENSITY_RULES = [variablesDensity]
