import { randomBytes } from 'node:crypto'
import { addOperator } from '../core/operators/add-operator.js'
import type { OperatorStore, PasswordHasher } from '../core/operators/ports.js'
import { isParleyError } from '../core/errors.js'

/** The first operator's address on a new installation; `parley operators add` makes the real ones. */
export const FIRST_OPERATOR_EMAIL = 'admin@parley.local'

/**
 * On a database that has never had an operator, adds an admin with a generated password and
 * returns both so that the start can show them once (only the password's hash is kept), as it does
 * for the first API key: `npm start` alone leads to a working inbox login.
 */
export async function ensureFirstOperator(
  deps: { store: OperatorStore; passwords: PasswordHasher },
  now: number,
): Promise<{ email: string; password: string } | null> {
  if ((await deps.store.list()).length > 0) return null
  const password = randomBytes(18).toString('base64url')
  try {
    await addOperator(deps, { email: FIRST_OPERATOR_EMAIL, name: 'Admin', role: 'admin', password }, now)
  } catch (error) {
    // Another process starting at the same moment added it first: its start shows the password.
    if (isParleyError(error) && error.code === 'operator_exists') return null
    throw error
  }
  return { email: FIRST_OPERATOR_EMAIL, password }
}
