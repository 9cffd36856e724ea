import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../../api/client.ts'
import type { Operator } from '../../api/types.ts'
import { useResource } from '../../api/use-resource.ts'
import { errorText } from '../../ui/error-text.ts'
import { LanguageCoverage } from './LanguageCoverage.tsx'
import { useTemplateAddress } from './template-address.ts'
import { DEFAULT_FILTERS, facetsOf, toQuery, type TemplateFilters } from './template-filters.ts'
import { TemplateDetailView } from './TemplateDetailView.tsx'
import { TemplateFiltersForm } from './TemplateFiltersForm.tsx'
import { TemplateTable } from './TemplateTable.tsx'
import './templates.css'

/** What the page calls: a slice of the API client, so a test can hand it a double of its own. */
export type TemplatesApi = Pick<ApiClient, 'listTemplates' | 'template' | 'templateLanguages' | 'submitTemplate' | 'syncTemplates'>

/**
 * Roles whose scopes include `templates` (ROLE_SCOPES in src/core/operators/model.ts): they may
 * sync and submit. Every role may read the page (the API lets `messages:read` read templates).
 */
export function canChangeTemplates(role: Operator['role']): boolean {
  return role === 'admin' || role === 'operator'
}

const PAGE_SIZE = 100

type SyncState = { kind: 'idle' } | { kind: 'syncing' } | { kind: 'done'; created: number; updated: number; deleted: number } | { kind: 'failed'; error: unknown }

/**
 * The business's templates, organised: filters (status, origin, folder, tag, language, name and
 * text), sorting, each template's languages against every language in use, and one template in
 * full at `#/templates/<name>/<language>`. The filters live here, so going back to the list
 * keeps them.
 */
export function TemplatesPage({ api, role }: { api: TemplatesApi; role: Operator['role'] }) {
  const { t } = useTranslation()
  const address = useTemplateAddress()
  const [filters, setFilters] = useState<TemplateFilters>(DEFAULT_FILTERS)
  const [limit, setLimit] = useState(PAGE_SIZE)
  // Bumped after a sync or a submission: everything shown is read again.
  const [version, setVersion] = useState(0)
  const [sync, setSync] = useState<SyncState>({ kind: 'idle' })
  const canChange = canChangeTemplates(role)

  const list = useResource(() => api.listTemplates(toQuery(filters, limit)), [api, filters, limit, version])
  const everything = useResource(() => api.listTemplates({ origin: 'all', limit: 500 }), [api, version])
  const report = useResource(() => api.templateLanguages(), [api, version])
  const detailKey = address.kind === 'detail' ? `${address.name}/${address.language}` : null
  const detail = useResource(() => (address.kind === 'detail' ? api.template(address.name, address.language) : Promise.resolve(null)), [api, detailKey, version])

  const facets = useMemo(() => facetsOf(everything.data?.data ?? []), [everything.data])
  const missing = useMemo(() => new Map((report.data?.families ?? []).map((f) => [f.name, f.missing])), [report.data])

  async function runSync() {
    setSync({ kind: 'syncing' })
    try {
      const summary = await api.syncTemplates()
      setSync({ kind: 'done', ...summary })
      setVersion((v) => v + 1)
    } catch (error) {
      setSync({ kind: 'failed', error })
    }
  }

  const heading = (
    <div className="tpl-heading">
      <h1>{t('nav.templates')}</h1>
      {canChange && (
        <div className="tpl-actions">
          <button type="button" disabled={sync.kind === 'syncing'} onClick={() => void runSync()}>
            {t('templates.sync')}
          </button>
          {sync.kind === 'done' && <p role="status">{t('templates.sync.done', { created: sync.created, updated: sync.updated, deleted: sync.deleted })}</p>}
          {sync.kind === 'failed' && <p role="alert">{errorText(t, sync.error)}</p>}
        </div>
      )}
      {!canChange && <p className="tpl-read-only">{t('templates.read_only')}</p>}
    </div>
  )

  if (address.kind === 'detail') {
    const shown = detail.data && detail.data.name === address.name && detail.data.language === address.language ? detail.data : null
    return (
      <main className="page templates">
        {heading}
        {detail.error && !shown ? (
          <p role="alert">{errorText(t, detail.error)}</p>
        ) : shown === null ? (
          <p>{t('templates.loading')}</p>
        ) : (
          <TemplateDetailView
            key={detailKey}
            template={shown}
            report={report.data}
            onSubmit={
              canChange
                ? async () => {
                    const answer = await api.submitTemplate(shown.name, shown.language)
                    setVersion((v) => v + 1)
                    return answer.outcome
                  }
                : null
            }
          />
        )}
      </main>
    )
  }

  const templates = list.data?.data ?? null
  return (
    <main className="page templates">
      {heading}
      <TemplateFiltersForm
        filters={filters}
        facets={facets}
        onChange={(next) => {
          setFilters(next)
          setLimit(PAGE_SIZE)
        }}
      />
      <section aria-labelledby="tpl-list-heading">
        <h2 id="tpl-list-heading">{t('templates.list_heading')}</h2>
        {list.error ? (
          <p role="alert">{errorText(t, list.error)}</p>
        ) : templates === null ? (
          <p>{t('templates.loading')}</p>
        ) : templates.length === 0 ? (
          <p>{t('templates.empty')}</p>
        ) : (
          <>
            <p aria-live="polite">{t('templates.count', { shown: templates.length, total: list.data!.total })}</p>
            <TemplateTable templates={templates} missing={missing} />
            {list.data!.total > templates.length && limit < 500 && (
              <button type="button" onClick={() => setLimit((l) => Math.min(l + PAGE_SIZE, 500))}>
                {t('templates.more')}
              </button>
            )}
          </>
        )}
      </section>
      {report.data && <LanguageCoverage report={report.data} />}
    </main>
  )
}
