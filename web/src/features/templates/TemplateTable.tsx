import { useTranslation } from 'react-i18next'
import type { ManagedTemplate } from '../../api/types.ts'
import { formatTime } from './format.ts'
import { StatusBadge } from './StatusBadge.tsx'
import { templateHash } from './template-address.ts'
import { lintCounts } from './template-content.ts'

/**
 * The templates as a table; on a phone each row is a card (the CSS does it, each cell keeping its
 * column's name in `data-label`). `missing` gives each family's languages that lack a version.
 */
export function TemplateTable(props: { templates: readonly ManagedTemplate[]; missing: ReadonlyMap<string, readonly string[]> }) {
  const { t, i18n } = useTranslation()
  const columns = ['name', 'language', 'status', 'category', 'origin', 'folder', 'tags', 'lint', 'sent', 'last_sent'] as const
  const label = (column: (typeof columns)[number]) => t(`templates.column.${column}`)
  return (
    <table className="tpl-table">
      <caption className="visually-hidden">{t('templates.list_caption')}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {label(column)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.templates.map((template) => {
          const counts = lintCounts(template.lint)
          const missing = props.missing.get(template.name) ?? []
          return (
            <tr key={`${template.name}/${template.language}`} data-testid="template-row">
              <th scope="row" data-label={label('name')}>
                <a href={templateHash(template.name, template.language)}>{template.name}</a>
              </th>
              <td data-label={label('language')}>
                {template.language}
                {missing.length > 0 && <span className="tpl-missing">{t('templates.missing_languages', { languages: missing.join(', ') })}</span>}
              </td>
              <td data-label={label('status')}>
                <StatusBadge status={template.status} />
                {template.rejection_reason !== null && <span className="tpl-reason">{template.rejection_reason}</span>}
              </td>
              <td data-label={label('category')}>{template.category}</td>
              <td data-label={label('origin')}>{t(`templates.origin_of.${template.origin}`)}</td>
              <td data-label={label('folder')}>{template.folder ?? '—'}</td>
              <td data-label={label('tags')}>{template.tags.length > 0 ? template.tags.join(', ') : '—'}</td>
              <td data-label={label('lint')}>
                {template.lint.length === 0 ? t('templates.lint.clean') : t('templates.lint.counts', { errors: counts.error, warnings: counts.warning, infos: counts.info })}
              </td>
              <td data-label={label('sent')}>{template.usage?.sent ?? 0}</td>
              <td data-label={label('last_sent')}>{template.usage?.last_sent_at ? formatTime(template.usage.last_sent_at, i18n.language) : t('templates.never')}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
