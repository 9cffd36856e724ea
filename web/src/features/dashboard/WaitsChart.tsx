import { useTranslation } from 'react-i18next'
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import type { MessageReport } from '../../api/types.ts'
import { ChartFigure } from './ChartFigure.tsx'
import { countText, dayLabel, durationText } from './format.ts'
import { useWidth } from './use-width.ts'

const minutes = (seconds: number | null) => (seconds === null ? null : Math.round(seconds / 6) / 10)

/** Median and 90th percentile of parents' waits per day, in minutes. */
export function WaitsChart({ report }: { report: MessageReport }) {
  const { t, i18n } = useTranslation()
  const { ref, width } = useWidth<HTMLDivElement>()
  const language = i18n.language
  const total = report.response_time_total
  const rows = report.response_times.map((d) => ({ label: dayLabel(d.date, language), median: minutes(d.median_seconds), p90: minutes(d.p90_seconds) }))
  return (
    <ChartFigure
      heading={t('dashboard.waits.heading')}
      summary={t('dashboard.waits.summary', {
        answered: countText(total.answered, language),
        unanswered: countText(total.unanswered, language),
        median: durationText(total.median_seconds, language),
        p90: durationText(total.p90_seconds, language),
      })}
      note={t('dashboard.waits.definition')}
      chart={
        <div ref={ref}>
          <LineChart accessibilityLayer={false} width={width} height={240} data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={8} />
            <YAxis tick={{ fontSize: 12 }} width={48} label={{ value: t('dashboard.waits.minutes'), angle: -90, position: 'insideLeft', fontSize: 12 }} />
            <Tooltip />
            <Legend />
            <Line dataKey="median" name={t('dashboard.waits.median')} stroke="#1d4ed8" strokeWidth={2} connectNulls isAnimationActive={false} />
            <Line dataKey="p90" name={t('dashboard.waits.p90')} stroke="#c2410c" strokeWidth={2} strokeDasharray="5 3" connectNulls isAnimationActive={false} />
          </LineChart>
        </div>
      }
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.date')}</th>
              <th scope="col">{t('dashboard.waits.median')}</th>
              <th scope="col">{t('dashboard.waits.p90')}</th>
              <th scope="col">{t('dashboard.waits.answered')}</th>
              <th scope="col">{t('dashboard.waits.unanswered')}</th>
            </tr>
          </thead>
          <tbody>
            {report.response_times.map((d) => (
              <tr key={d.date}>
                <th scope="row">{d.date}</th>
                <td>{durationText(d.median_seconds, language)}</td>
                <td>{durationText(d.p90_seconds, language)}</td>
                <td>{countText(d.answered, language)}</td>
                <td>{countText(d.unanswered, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}
