import type { TFunction } from 'i18next'
import { ApiError } from '../../api/client.ts'
import { errorText } from '../../ui/error-text.ts'

/**
 * A refused send (422: opted out, wrong values, template not approved) in the server's own
 * sentence, which names the reason and the field; anything else as the inbox says errors.
 */
export function refusalText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError && error.status === 422 && error.message) return error.message
  return errorText(t, error)
}
