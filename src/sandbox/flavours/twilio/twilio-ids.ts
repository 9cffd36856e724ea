import { createHash, randomBytes } from 'node:crypto'

/**
 * Twilio-shaped SIDs (docs/platform.md §7.2): two letters and 32 hex digits, 34 characters. A
 * per-start random prefix plus a counter keeps them unique without per-message randomness, as the
 * Meta ids do (ids.ts). Content SIDs of templates that live in the shared template store are
 * derived from the template's name and language, so they stay the same across resets and restarts
 * (with or without a state file), as a Parley configured with one expects.
 */

export type SidPrefix = 'SM' | 'MM' | 'HX'

export class TwilioIds {
  readonly #prefix = randomBytes(4).toString('hex')
  #counter = 0

  next(prefix: SidPrefix): string {
    return prefix + this.#prefix + (this.#counter++).toString(16).padStart(24, '0')
  }
}

/** The Content SID a template of the shared template store has. */
export function contentSidOf(template: { name: string; language: string }): string {
  return 'HX' + createHash('sha256').update(`sandbox-template:${template.name}:${template.language}`).digest('hex').slice(0, 32)
}

export const SID_PATTERN: Readonly<Record<SidPrefix | 'AC', RegExp>> = Object.freeze({
  SM: /^SM[0-9a-f]{32}$/,
  MM: /^MM[0-9a-f]{32}$/,
  HX: /^HX[0-9a-fA-F]{32}$/,
  AC: /^AC[0-9a-fA-F]{32}$/,
})
