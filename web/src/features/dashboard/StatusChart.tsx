import { useTranslation } from 'react-i18next'
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts'
import type { MessageReport, StatusGroup } from '../../api/types.ts'
import { ChartFigure } from './ChartFigure.tsx'
import { countText, dayLabel } from './format.ts'
import { useWidth } from './use-width.ts'

/** The stack, bottom up, and each part's colour (distinct also for red-green colour blindness). */
const STACK: Array<{ group: StatusGroup; color: string }> = [
  { group: 'read', color: '#1d4ed8' },
  { group: 'delivered', color: '#60a5fa' },
  { group: 'sent', color: '#a3a3a3' },
  { group: 'pending', color: '#d4d4d4' },
  { group: 'failed', color: '#c2410c' },
  { group: 'stale', color: '#facc15' },
  { group: 'cancelled', color: '#525252' },
]

/** The table's columns, in the order a message moves through them. */
const COLUMNS: StatusGroup[] = ['pending', 'sent', 'delivered', 'read', 'failed', 'stale', 'cancelled']

/** Outbound messages per day, stacked by where they stand now. */
export function StatusChart({ report }: { report: MessageReport }) {
  const { t, i18n } = useTranslation()
  const { ref, width } = useWidth<HTMLDivElement>()
  const language = i18n.language
  const rows = report.by_day.map((d) => ({ label: dayLabel(d.date, language), ...d.outbound }))
  const sum = (pick: (d: MessageReport['by_day'][number]) => number) => report.by_day.reduce((n, d) => n + pick(d), 0)
  const total = sum((d) => Object.values(d.outbound).reduce((a, b) => a + b, 0))
  const shown = STACK.filter(({ group }) => report.by_day.some((d) => d.outbound[group] > 0))
  return (
    <ChartFigure
      heading={t('dashboard.status.heading')}
      summary={t('dashboard.status.summary', {
        total: countText(total, language),
        delivered: countText(sum((d) => d.outbound.delivered + d.outbound.read), language),
        read: countText(sum((d) => d.outbound.read), language),
        failed: countText(sum((d) => d.outbound.failed), language),
        inbound: countText(sum((d) => d.inbound), language),
      })}
      chart={
        <div ref={ref}>
          <BarChart accessibilityLayer={false} width={width} height={260} data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={8} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={40} />
            <Tooltip />
            <Legend />
            {shown.map(({ group, color }) => (
              <Bar key={group} dataKey={group} name={t(`dashboard.status.${group}`)} stackId="status" fill={color} isAnimationActive={false} />
            ))}
          </BarChart>
        </div>
      }
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.date')}</th>
              {COLUMNS.map((group) => (
                <th scope="col" key={group}>
                  {t(`dashboard.status.${group}`)}
                </th>
              ))}
              <th scope="col">{t('dashboard.status.inbound')}</th>
            </tr>
          </thead>
          <tbody>
            {report.by_day.map((d) => (
              <tr key={d.date}>
                <th scope="row">{d.date}</th>
                {COLUMNS.map((group) => (
                  <td key={group}>{countText(d.outbound[group], language)}</td>
                ))}
                <td>{countText(d.inbound, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}
