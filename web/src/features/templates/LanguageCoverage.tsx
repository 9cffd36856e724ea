import { useTranslation } from 'react-i18next'
import type { LanguageReport } from '../../api/types.ts'
import { StatusBadge } from './StatusBadge.tsx'
import { templateHash } from './template-address.ts'

/**
 * Which languages each of the business's own template families exists in, against every
 * language in use (GET /v1/templates/languages): a gap is a language some family has and this
 * one lacks.
 */
export function LanguageCoverage({ report }: { report: LanguageReport }) {
  const { t } = useTranslation()
  if (report.families.length === 0) return null
  const gaps = report.families.filter((f) => f.missing.length > 0).length
  return (
    <section className="tpl-coverage" aria-labelledby="tpl-coverage-heading">
      <h2 id="tpl-coverage-heading">{t('templates.coverage.heading')}</h2>
      <p>{gaps === 0 ? t('templates.coverage.complete', { languages: report.languages.join(', ') }) : t('templates.coverage.gaps', { count: gaps, languages: report.languages.join(', ') })}</p>
      <table className="tpl-table">
        <caption className="visually-hidden">{t('templates.coverage.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('templates.column.name')}</th>
            {report.languages.map((language) => (
              <th key={language} scope="col">
                {language}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.families.map((family) => (
            <tr key={family.name}>
              <th scope="row" data-label={t('templates.column.name')}>
                {family.name}
              </th>
              {report.languages.map((language) => {
                const state = family.languages[language] ?? 'missing'
                return (
                  <td key={language} data-label={language}>
                    {state === 'missing' ? <StatusBadge status="missing" /> : (
                      <a href={templateHash(family.name, language)} aria-label={t('templates.coverage.open', { name: family.name, language, status: t(`templates.status.${state}`) })}>
                        <StatusBadge status={state} />
                      </a>
                    )}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
