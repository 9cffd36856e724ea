import { z } from 'zod'
import { closest } from './closest.js'
import { parseDuration } from './duration.js'
import { EVENT_ROOTS, SEND_ROOTS, type Expression, type Root } from './expression/ast.js'
import { parseExpression } from './expression/parse-expression.js'

// The building blocks of the rules document's schema: closed lists with did-you-mean hints,
// expressions parsed (and refused) at validation, durations.

/** One of a closed list, with a did-you-mean for typos. */
export function oneOf<const T extends string>(values: readonly T[], what: string) {
  return z.string().transform((value, ctx): T => {
    if ((values as readonly string[]).includes(value)) return value as T
    const guess = closest(value, values)
    ctx.addIssue({ code: 'custom', message: `unknown ${what} "${value}"${guess ? ` (did you mean "${guess}"?)` : ''}: one of ${values.join(', ')}` })
    return z.NEVER
  })
}

function expression(roots: readonly Root[]) {
  return z.string().transform((source, ctx): Expression => {
    const parsed = parseExpression(source, { roots })
    if (parsed.ok) return parsed.expression
    ctx.addIssue({ code: 'custom', message: parsed.message })
    return z.NEVER
  })
}

/** An expression over the event alone (`when`, cancel matches). */
export const whenExpression = expression(EVENT_ROOTS)
/** An expression that may also read `recipient` (values, times). */
export const sendExpression = expression(SEND_ROOTS)

/** `90s`, `10m`, `1h30m`, `2d`, `1w`. */
export const duration = z.string({ error: 'a duration like 90s, 10m, 1h30m or 2d' }).transform((text, ctx) => {
  const parsed = parseDuration(text)
  if (parsed) return parsed
  ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration: write e.g. 90s, 10m, 1h30m, 2d or 1w` })
  return z.NEVER
})
