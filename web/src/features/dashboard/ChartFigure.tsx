import { useId, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * One chart as everyone can read it: a heading, a visible one-line summary, the chart itself
 * hidden from screen readers, and the same figures as a table that is read out instead. The charts
 * are drawn without recharts' keyboard layer (a focusable SVG): inside an aria-hidden element that
 * is a trap, and the table says the same.
 */
export function ChartFigure({ heading, summary, note, chart, table }: { heading: string; summary?: string; note?: string; chart: ReactNode; table: ReactNode }) {
  const { t } = useTranslation()
  const id = useId()
  return (
    <section className="dashboard__card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      {summary && <p className="dashboard__summary">{summary}</p>}
      {note && <p className="dashboard__note">{note}</p>}
      <div className="dashboard__chart" aria-hidden="true">
        {chart}
      </div>
      <details className="dashboard__table">
        <summary>{t('dashboard.table')}</summary>
        {table}
      </details>
    </section>
  )
}
