import type { TemplateParams } from '../core/messages/content.js'

const NAMED = /^([a-z_][a-z0-9_]*)=(.*)$/s

/**
 * `--param` values as template parameters: `name=value` ones are named (`{{child_name}}`-style
 * templates), the others positional (`{{1}}`, in order). One send uses one kind: mixing them, or
 * naming one twice, is an error with a message that says so.
 */
export function parseTemplateParams(values: readonly string[]): { ok: true; params: TemplateParams } | { ok: false; message: string } {
  const named = values.map((v) => NAMED.exec(v))
  if (named.every((m) => m === null)) return { ok: true, params: [...values] }
  if (named.some((m) => m === null)) {
    const positional = values.filter((_, i) => named[i] === null)
    return {
      ok: false,
      message: `--param values are either all named (name=value) or all positional; got named ${values.filter((_, i) => named[i] !== null).map((v) => `"${v}"`).join(', ')} and positional ${positional.map((v) => `"${v}"`).join(', ')}`,
    }
  }
  const params: Record<string, string> = {}
  for (const match of named) {
    const [, name, value] = match!
    if (params[name!] !== undefined) return { ok: false, message: `--param ${name} is given twice` }
    params[name!] = value!
  }
  return { ok: true, params }
}
