import { ParleyError } from '../errors.js'
import type { Instant } from '../shared/time.js'
import { newOperatorSchema, type Operator } from './model.js'
import type { OperatorStore, PasswordHasher } from './ports.js'

/**
 * Adds an operator (the CLI's `operators add`): checks the input, hashes the password, stores
 * them. Bad input is `validation_failed` naming each problem; a taken address is `operator_exists`.
 */
export async function addOperator(deps: { store: OperatorStore; passwords: PasswordHasher }, input: unknown, now: Instant): Promise<Operator> {
  const parsed = newOperatorSchema.safeParse(input)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    throw new ParleyError('validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues })
  }
  const { email, name, role, password, sees_all_teams: seesAllTeams } = parsed.data
  const added = await deps.store.add({ email, name: name ?? email, role, passwordHash: await deps.passwords.hash(password), seesAllTeams: seesAllTeams ?? false }, now)
  if (added.kind === 'exists') throw new ParleyError('operator_exists', `An operator with the address ${email} exists already.`, { email })
  return added.operator
}
