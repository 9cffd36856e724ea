import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, type ApiClient } from '../../api/client.ts'
import { useResource } from '../../api/use-resource.ts'
import type { MessageReport } from '../../api/types.ts'
import { errorText } from '../../ui/error-text.ts'
import { RatesChart } from './RatesChart.tsx'
import { StatusChart } from './StatusChart.tsx'
import { WaitsChart } from './WaitsChart.tsx'
import './dashboard.css'

const RANGES = [7, 30, 90] as const
type RangeDays = (typeof RANGES)[number]

/** The dashboard: how messages fared and how long parents waited, over the last 7, 30 or 90 days. */
export function DashboardPage({ api }: { api: Pick<ApiClient, 'messageReport'> }) {
  const { t } = useTranslation()
  const [days, setDays] = useState<RangeDays>(30)
  const report = useResource(() => api.messageReport({ days }), [api, days])
  const current = report.data && report.data.by_day.length === days ? report.data : null
  return (
    <main className="page dashboard">
      <div className="dashboard__head">
        <h1>{t('dashboard.title')}</h1>
        <div role="group" aria-label={t('dashboard.range')} className="dashboard__ranges">
          {RANGES.map((n) => (
            <button key={n} type="button" aria-pressed={n === days} onClick={() => setDays(n)}>
              {t('dashboard.range.days', { count: n })}
            </button>
          ))}
        </div>
      </div>
      {report.error !== null && !current ? (
        <p role="alert">{t('dashboard.error', { reason: reasonOf(t, report.error) })}</p>
      ) : current ? (
        <Figures report={current} />
      ) : (
        <p role="status">{t('dashboard.loading')}</p>
      )}
    </main>
  )
}

function Figures({ report }: { report: MessageReport }) {
  const { t } = useTranslation()
  return (
    <>
      <p className="dashboard__range">{t('dashboard.range.summary', { from: report.from, to: report.to, zone: report.zone })}</p>
      <div className="dashboard__grid">
        <StatusChart report={report} />
        <WaitsChart report={report} />
        <RatesChart rows={report.by_template} kind="template" />
        <RatesChart rows={report.by_event_type} kind="event" />
        {/* Spend per day comes with the cost engine (issue 12): while the API reports none, nothing is drawn. */}
      </div>
    </>
  )
}

function reasonOf(t: ReturnType<typeof useTranslation>['t'], error: unknown): string {
  if (error instanceof ApiError && (error.code === 'range_invalid' || error.code === 'range_too_long')) return t(`dashboard.error.${error.code}`)
  return errorText(t, error)
}
