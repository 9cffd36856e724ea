const formats = new Map<string, Intl.NumberFormat | null>()

function formatFor(currency: string, digits: number): Intl.NumberFormat | null {
  const id = `${currency}:${digits}`
  if (!formats.has(id)) {
    try {
      formats.set(id, new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: digits }))
    } catch {
      // A code Intl does not know (rate cards are data): written as the amount and the code.
      formats.set(id, null)
    }
  }
  return formats.get(id)!
}

/**
 * Micro-units as a person reads money: `$12.34`, `€0.50`, `R$3.10`. `per` keeps up to four
 * decimals, because a message's price is often a fraction of a cent (docs/platform.md §6.1).
 */
export function formatMoney(micros: number, currency: string, options: { per?: boolean } = {}): string {
  const digits = options.per ? 4 : 2
  const amount = micros / 1_000_000
  const format = formatFor(currency, digits)
  return format ? format.format(amount) : `${amount.toFixed(digits)} ${currency}`
}
