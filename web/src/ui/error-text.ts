import type { TFunction } from 'i18next'
import { ApiError } from '../api/client.ts'

const KNOWN = new Set(['login_failed', 'rate_limited', 'network', 'unauthorized'])

/** An error in the operator's words: the stable code's own sentence, or the code itself. */
export function errorText(t: TFunction, error: unknown): string {
  const code = error instanceof ApiError ? error.code : 'internal'
  return KNOWN.has(code) ? t(`error.${code}`) : t('error.generic', { code })
}
