import type { MetaErrorCode, MetaFailure } from './errors.js'

/**
 * Small checks shared by the send validators. They throw {@link Invalid} so a validator reads as a
 * list of rules; `validateSend` catches it once and returns the failure as data. Messages use
 * Graph's own parameter-validation wording, e.g. `(#100) The parameter text['body'] is required.`
 */

export class Invalid extends Error {
  readonly failure: MetaFailure
  constructor(failure: MetaFailure) {
    super(failure.message ?? String(failure.code))
    this.failure = failure
  }
}

export type Json = Record<string, unknown>

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `parent['key']`, Graph's way of naming a nested parameter. */
export function at(parent: string, key: string | number): string {
  return typeof key === 'number' ? `${parent}[${key}]` : parent === '' ? key : `${parent}['${key}']`
}

/** Rejects with code 100 and Graph's message. */
export function invalidParam(message: string): never {
  throw new Invalid({ code: 100, message: `(#100) ${message}`, details: message })
}

/** Rejects with a specific code and details (e.g. 131009 for interactive limits). */
export function reject(code: MetaErrorCode, details: string): never {
  throw new Invalid({ code, details })
}

export function missing(path: string): never {
  return invalidParam(`The parameter ${path} is required.`)
}

/** Characters as the user sees them (code points); cheap when the UTF-16 length already fits. */
export function charLength(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

export function fits(s: string, max: number): boolean {
  return s.length <= max || charLength(s) <= max
}

export function objectAt(obj: Json, key: string, path: string): Json {
  const v = obj[key]
  if (v === undefined || v === null) missing(at(path, key))
  if (!isObject(v)) invalidParam(`Param ${at(path, key)} must be a JSON object.`)
  return v
}

export function optionalObject(obj: Json, key: string, path: string): Json | undefined {
  return obj[key] === undefined ? undefined : objectAt(obj, key, path)
}

export function arrayAt(obj: Json, key: string, path: string): unknown[] {
  const v = obj[key]
  if (v === undefined || v === null) missing(at(path, key))
  if (!Array.isArray(v)) invalidParam(`Param ${at(path, key)} must be an array.`)
  return v
}

export interface StringRule {
  max?: number
  /** Code for a length violation: 100 for plain Graph params, 131009 for interactive limits. */
  code?: MetaErrorCode
  label?: string
}

export function stringAt(obj: Json, key: string, path: string, rule: StringRule = {}): string {
  const v = obj[key]
  if (v === undefined || v === null || v === '') missing(at(path, key))
  return checkString(v, at(path, key), rule)
}

export function optionalString(obj: Json, key: string, path: string, rule: StringRule = {}): string | undefined {
  const v = obj[key]
  return v === undefined || v === null ? undefined : checkString(v, at(path, key), rule)
}

function checkString(v: unknown, path: string, rule: StringRule): string {
  if (typeof v !== 'string') invalidParam(`Param ${path} must be a string.`)
  if (rule.max !== undefined && !fits(v, rule.max)) {
    if (rule.code !== undefined && rule.code !== 100) {
      reject(rule.code, `${rule.label ?? path} length invalid. Min length: 1, Max length: ${rule.max}`)
    }
    invalidParam(`Param ${path} must be at most ${rule.max} characters long.`)
  }
  return v
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    invalidParam(`Param ${path} must be one of {${allowed.join(', ')}} - got ${JSON.stringify(value)}.`)
  }
  return value as T
}

/** A media reference: exactly one of `id` (uploaded) or `link` (public http(s) URL), docs/platform.md §1.4. */
export function checkMediaRef(media: Json, path: string): void {
  const hasId = media.id !== undefined
  const hasLink = media.link !== undefined
  if (hasId === hasLink) invalidParam(`Param ${path} must have exactly one of 'id' or 'link'.`)
  if (hasId) stringAt(media, 'id', path)
  if (hasLink) checkUrl(stringAt(media, 'link', path), at(path, 'link'))
}

export function checkUrl(value: string, path: string): void {
  if (!/^https?:\/\/[^\s/]+\.[^\s]*$/i.test(value) && !/^https?:\/\/(localhost|\d+\.\d+\.\d+\.\d+)(:\d+)?(\/\S*)?$/i.test(value)) {
    invalidParam(`Param ${path} must be a valid http(s) URL.`)
  }
}
