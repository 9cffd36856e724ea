/** Money in integer micro-units of a currency (never floats): 1 USD = 1,000,000. */
export interface Money {
  micros: number
  currency: string
}
