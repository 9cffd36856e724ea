import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SendEstimate as Estimate } from '../../api/types.ts'

/** Asks what a send would cost; the composer shows it beside its send button. */
export type EstimateSend = (template?: { name: string; language: string }) => Promise<Estimate>

/** A template to price, or null for a free-form message. */
type Priced = { name: string; language: string } | null

/**
 * The server's estimate of the next send (the same price its answer will carry), asked again when
 * what is about to be sent changes; none while loading, when it fails, or when there is no way to ask.
 */
export function useSendEstimate(estimate: EstimateSend | undefined, priced: Priced, windowOpen: boolean): Estimate['cost'] {
  const [cost, setCost] = useState<Estimate['cost']>(null)
  const name = priced?.name
  const language = priced?.language
  useEffect(() => {
    setCost(null)
    if (!estimate) return
    let current = true
    estimate(name === undefined || language === undefined ? undefined : { name, language }).then(
      (answer) => current && setCost(answer.cost),
      () => current && setCost(null),
    )
    return () => {
      current = false
    }
  }, [estimate, name, language, windowOpen])
  return cost
}

/** Micro-units of a currency as people read money: at least cents, up to the fourth decimal that per-message prices need. */
export function formatMicros(micros: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(micros / 1_000_000)
}

/** "Costs about $0.0118 (utility)", or why it is free; nothing until the estimate is known. */
export function SendEstimateLine({ cost }: { cost: Estimate['cost'] }) {
  const { t, i18n } = useTranslation()
  if (!cost) return null
  const amount = formatMicros(cost.estimated_micros, cost.currency, i18n.language)
  const category = t(`estimate.category.${cost.category}`, { defaultValue: cost.category })
  return (
    <p className="composer__estimate" data-testid="send-estimate">
      {cost.platform_micros === 0 && cost.reason !== 'charged'
        ? t('estimate.free', { amount, reason: t(`estimate.reason.${cost.reason}`, { defaultValue: cost.reason }) })
        : t('estimate.cost', { amount, category })}
    </p>
  )
}
