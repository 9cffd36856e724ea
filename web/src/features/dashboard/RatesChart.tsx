import { useTranslation } from 'react-i18next'
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts'
import type { OutcomeRow } from '../../api/types.ts'
import { ChartFigure } from './ChartFigure.tsx'
import { countText, percentText } from './format.ts'
import { useWidth } from './use-width.ts'

const RATES = [
  { key: 'delivery_rate', label: 'dashboard.rates.delivery', color: '#60a5fa' },
  { key: 'read_rate', label: 'dashboard.rates.read', color: '#1d4ed8' },
  { key: 'reply_rate', label: 'dashboard.rates.reply', color: '#15803d' },
] as const

/** Delivery, read and reply rates per template or per event type: the table first, the bars beside it. */
export function RatesChart({ rows, kind }: { rows: OutcomeRow[]; kind: 'template' | 'event' }) {
  const { t, i18n } = useTranslation()
  const { ref, width } = useWidth<HTMLDivElement>()
  const language = i18n.language
  const nameOf = (row: OutcomeRow) => row.key ?? t(kind === 'template' ? 'dashboard.rates.noTemplate' : 'dashboard.rates.noEvent')
  const heading = t(kind === 'template' ? 'dashboard.rates.templates' : 'dashboard.rates.events')
  if (rows.length === 0) {
    return (
      <section className="dashboard__card">
        <h2>{heading}</h2>
        <p>{t('dashboard.rates.empty')}</p>
      </section>
    )
  }
  // The ten most sent: the table lists them all.
  const data = rows.slice(0, 10).map((row) => ({ name: nameOf(row), ...Object.fromEntries(RATES.map((r) => [r.key, Math.round((row[r.key] ?? 0) * 1000) / 10])) }))
  return (
    <ChartFigure
      heading={heading}
      note={t('dashboard.rates.definition')}
      chart={
        <div ref={ref}>
          <BarChart accessibilityLayer={false} width={width} height={Math.max(160, data.length * 56)} data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" domain={[0, 100]} unit="%" tick={{ fontSize: 12 }} />
            <YAxis type="category" dataKey="name" width={Math.min(160, Math.round(width / 3))} tick={{ fontSize: 12 }} />
            <Tooltip formatter={(value) => `${String(value)} %`} />
            <Legend />
            {RATES.map((r) => (
              <Bar key={r.key} dataKey={r.key} name={t(r.label)} fill={r.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </div>
      }
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">{t(kind === 'template' ? 'dashboard.rates.template' : 'dashboard.rates.event')}</th>
              <th scope="col">{t('dashboard.rates.attempted')}</th>
              {RATES.map((r) => (
                <th scope="col" key={r.key}>
                  {t(r.label)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key ?? ''}>
                <th scope="row">{nameOf(row)}</th>
                <td>{countText(row.attempted, language)}</td>
                {RATES.map((r) => (
                  <td key={r.key}>{percentText(row[r.key], language)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}
