import { DateTime, type DateTimeFormatOptions } from 'luxon'
import { describeType, instantOf, isCalendarDate, show } from './expression/values.js'
import type { CurrencyDisplay, DateStyle, MoneyUnit, ValueFormat } from './model.js'

/** Where and for whom a value is written: the recipient's zone and language. */
export interface FormatContext {
  /** IANA zone, e.g. `Europe/Istanbul`. */
  timezone: string
  /** Template language code (`pt_BR`) or BCP 47 locale (`pt-BR`). */
  language: string
  /** ISO 4217 code, for `money`. */
  currency?: string
}

/** The text, or why the value cannot be written in this format. */
export type FormatResult = { ok: true; text: string } | { ok: false; message: string }

class FormatFailure extends Error {}

/** `pt_BR` → `pt-BR`; null for something that is not a locale. */
export function toLocale(language: string): string | null {
  try {
    return Intl.getCanonicalLocales(language.replace(/_/g, '-'))[0] ?? null
  } catch {
    return null
  }
}

function localeOf(language: string): string {
  const locale = toLocale(language)
  if (locale === null) throw new FormatFailure(`"${language}" is not a language code`)
  return locale
}

/**
 * Writes a value as template text: `text` as it is, `number` and `money` with the language's
 * separators, `date`/`time`/`datetime` in the recipient's zone and language (`15:00`,
 * `2 Mart Pazartesi`). A date-time needs an offset; a plain date (`2026-03-02`) is a calendar day
 * and is written as it is, whatever the zone.
 */
export function formatValue(value: unknown, format: ValueFormat, context: FormatContext): FormatResult {
  try {
    return { ok: true, text: write(value, format, context) }
  } catch (error) {
    if (error instanceof FormatFailure) return { ok: false, message: error.message }
    throw error
  }
}

function write(value: unknown, format: ValueFormat, context: FormatContext): string {
  switch (format.kind) {
    case 'text':
      if (typeof value === 'string') return value
      if (typeof value === 'number' || typeof value === 'boolean') return String(value)
      throw new FormatFailure(`${describeType(value)} ${show(value)} cannot be written as text`)
    case 'number': {
      const digits = format.decimals === null ? {} : { minimumFractionDigits: format.decimals, maximumFractionDigits: format.decimals }
      return new Intl.NumberFormat(localeOf(context.language), digits).format(numeric(value))
    }
    case 'money':
      return money(value, format.unit, format.display, context)
    case 'date':
    case 'time':
    case 'datetime':
      return dateTime(value, format.kind, format.style, format.pattern, context)
  }
}

function numeric(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN
  if (!Number.isFinite(n)) throw new FormatFailure(`${describeType(value)} ${show(value)} is not a number`)
  return n
}

const DISPLAY: Record<CurrencyDisplay, Intl.NumberFormatOptions['currencyDisplay']> = { symbol: 'symbol', narrow: 'narrowSymbol', code: 'code', name: 'name' }

function money(value: unknown, unit: MoneyUnit, display: CurrencyDisplay, context: FormatContext): string {
  const amount = numeric(value)
  const currency = context.currency
  if (currency === undefined) throw new FormatFailure('money needs a currency')
  let formatter: Intl.NumberFormat
  try {
    formatter = new Intl.NumberFormat(localeOf(context.language), { style: 'currency', currency, currencyDisplay: DISPLAY[display] })
  } catch (error) {
    if (error instanceof FormatFailure) throw error
    throw new FormatFailure(`"${currency}" is not a currency code (ISO 4217, e.g. EUR)`)
  }
  // Minor units follow the currency: cents for EUR, none for JPY, fils (3 digits) for KWD.
  const major = unit === 'major' ? amount : unit === 'micros' ? amount / 1_000_000 : amount / 10 ** (formatter.resolvedOptions().maximumFractionDigits ?? 2)
  return formatter.format(major)
}

const DATE_PRESETS: Record<DateStyle, DateTimeFormatOptions> = {
  day: { weekday: 'long', day: 'numeric', month: 'long' },
  short: DateTime.DATE_SHORT,
  medium: DateTime.DATE_MED,
  long: DateTime.DATE_FULL,
  full: DateTime.DATE_HUGE,
}
const TIME_PRESETS: Record<DateStyle, DateTimeFormatOptions> = {
  day: DateTime.TIME_SIMPLE,
  short: DateTime.TIME_SIMPLE,
  medium: DateTime.TIME_WITH_SECONDS,
  long: DateTime.TIME_WITH_SHORT_OFFSET,
  full: DateTime.TIME_WITH_LONG_OFFSET,
}

function dateTime(value: unknown, kind: 'date' | 'time' | 'datetime', style: DateStyle, pattern: string | null, context: FormatContext): string {
  const locale = localeOf(context.language)
  const instant = instantOf(value)
  let at: DateTime
  if (instant !== null) {
    at = DateTime.fromMillis(instant, { zone: context.timezone, locale })
    if (!at.isValid) throw new FormatFailure(`"${context.timezone}" is not a time zone`)
  } else if (isCalendarDate(value) && kind === 'date') {
    at = DateTime.fromISO(value, { zone: 'UTC', locale })
  } else if (isCalendarDate(value)) {
    throw new FormatFailure(`${show(value)} is a date without a time of day: use format date`)
  } else {
    throw new FormatFailure(`${describeType(value)} ${show(value)} is not a date-time with an offset (e.g. 2026-11-25T19:30:00Z)`)
  }
  if (pattern !== null) return at.toFormat(pattern)
  if (kind === 'date') return at.toLocaleString(DATE_PRESETS[style])
  if (kind === 'time') return at.toLocaleString(TIME_PRESETS[style])
  return at.toLocaleString({ ...DATE_PRESETS[style], ...TIME_PRESETS[style === 'day' || style === 'full' || style === 'long' ? 'short' : style] })
}
