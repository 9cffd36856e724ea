import { useTranslation } from 'react-i18next'
import type { TemplateSort, TemplateStatus } from '../../api/types.ts'
import { naturalOrder, ORIGINS, SORTS, STATUSES, type Facets, type TemplateFilters } from './template-filters.ts'

/** The filters above the list: every one labelled, each a plain control that works on a phone. */
export function TemplateFiltersForm(props: { filters: TemplateFilters; facets: Facets; onChange(filters: TemplateFilters): void }) {
  const { t } = useTranslation()
  const { filters, facets } = props
  const set = (change: Partial<TemplateFilters>) => props.onChange({ ...filters, ...change })
  const any = <option value="">{t('templates.filter.any')}</option>
  return (
    <form className="tpl-filters" role="search" aria-label={t('templates.filters')} onSubmit={(event) => event.preventDefault()}>
      <label>
        {t('templates.filter.search')}
        <input type="search" value={filters.search} onChange={(event) => set({ search: event.target.value })} />
      </label>
      <label>
        {t('templates.filter.status')}
        <select value={filters.status} onChange={(event) => set({ status: event.target.value as TemplateStatus | '' })}>
          {any}
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`templates.status.${status}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('templates.filter.origin')}
        <select value={filters.origin} onChange={(event) => set({ origin: event.target.value as TemplateFilters['origin'] })}>
          {ORIGINS.map((origin) => (
            <option key={origin} value={origin}>
              {t(`templates.origin.${origin}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('templates.filter.folder')}
        <select value={filters.folder} onChange={(event) => set({ folder: event.target.value })}>
          {any}
          {facets.folders.map((folder) => (
            <option key={folder} value={folder}>
              {folder}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('templates.filter.tag')}
        <select value={filters.tag} onChange={(event) => set({ tag: event.target.value })}>
          {any}
          {facets.tags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('templates.filter.language')}
        <select value={filters.language} onChange={(event) => set({ language: event.target.value })}>
          {any}
          {facets.languages.map((language) => (
            <option key={language} value={language}>
              {language}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('templates.sort')}
        <select
          value={filters.sort}
          onChange={(event) => {
            const sort = event.target.value as TemplateSort
            set({ sort, order: naturalOrder(sort) })
          }}
        >
          {SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(`templates.sort.${sort}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('templates.order')}
        <select value={filters.order} onChange={(event) => set({ order: event.target.value as 'asc' | 'desc' })}>
          <option value="asc">{t('templates.order.asc')}</option>
          <option value="desc">{t('templates.order.desc')}</option>
        </select>
      </label>
    </form>
  )
}
