import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { LanguageReport, LintFinding, TemplateDetail, TemplateEvent } from '../../api/types.ts'
import { errorText } from '../../ui/error-text.ts'
import { formatTime } from './format.ts'
import { StatusBadge } from './StatusBadge.tsx'
import { TEMPLATES_HASH, templateHash } from './template-address.ts'
import { bodyText, samplesOf, textParts } from './template-content.ts'

/** A text with its placeholders marked, so the fixed words and the variables read apart. */
function Marked({ text }: { text: string }) {
  return (
    <>
      {textParts(text).map((part, index) =>
        part.kind === 'text' ? <span key={index}>{part.text}</span> : <code key={index} className="tpl-placeholder">{part.raw}</code>,
      )}
    </>
  )
}

/** Rejections and refusals: every one the history holds, newest first. */
function rejectionsOf(history: readonly TemplateEvent[]): TemplateEvent[] {
  return history.filter((e) => e.kind === 'refused' || (e.kind === 'status' && (e.status === 'rejected' || e.status === 'paused' || e.status === 'disabled'))).reverse()
}

/** The lint hints a reason-less (or any) rejection recorded: rule ids with their message. */
function hintsOf(event: TemplateEvent): Array<{ rule: string; message: string }> {
  const hints = event.detail?.hints
  return Array.isArray(hints) ? hints.filter((h): h is { rule: string; message: string } => typeof h?.rule === 'string' && typeof h?.message === 'string') : []
}

function Finding({ finding }: { finding: LintFinding }) {
  const { t } = useTranslation()
  return (
    <li className={`tpl-finding tpl-finding--${finding.severity}`}>
      <p className="tpl-finding__head">
        <span className="badge">{t(`templates.severity.${finding.severity}`)}</span> <code>{finding.rule}</code> · {t(`templates.component.${finding.component}`)}
      </p>
      <p>{finding.message}</p>
      <p>
        <strong>{t('templates.lint.fix')}</strong> {finding.fix}
      </p>
      {finding.summary !== null && (
        <p>
          <strong>{t('templates.lint.rule')}</strong> {finding.summary}
        </p>
      )}
      {finding.source !== null && (
        <p>
          <strong>{t('templates.lint.source')}</strong> {finding.source}
        </p>
      )}
    </li>
  )
}

type SubmitState = { kind: 'idle' } | { kind: 'submitting' } | { kind: 'done'; outcome: 'submitted' | 'unchanged' } | { kind: 'failed'; error: unknown }

/** One template: its text, samples, languages, review history with every reason, lint findings and usage. */
export function TemplateDetailView(props: {
  template: TemplateDetail
  report: LanguageReport | null
  /** Null when the operator's role may not submit templates. */
  onSubmit: (() => Promise<'submitted' | 'unchanged'>) | null
}) {
  const { t, i18n } = useTranslation()
  const { template } = props
  const [submit, setSubmit] = useState<SubmitState>({ kind: 'idle' })
  const time = (iso: string | null) => formatTime(iso, i18n.language)
  const samples = samplesOf(template)
  const rejections = rejectionsOf(template.history)
  const family = props.report?.families.find((f) => f.name === template.name)
  const submittable = template.status === 'draft' || template.status === 'deleted'

  async function runSubmit(send: () => Promise<'submitted' | 'unchanged'>) {
    setSubmit({ kind: 'submitting' })
    try {
      setSubmit({ kind: 'done', outcome: await send() })
    } catch (error) {
      setSubmit({ kind: 'failed', error })
    }
  }

  return (
    <article className="tpl-detail" aria-labelledby="tpl-detail-heading">
      <p>
        <a href={TEMPLATES_HASH}>{t('templates.back')}</a>
      </p>
      <h2 id="tpl-detail-heading">
        {template.name} <span className="tpl-detail__language">({template.language})</span>
      </h2>
      <dl className="tpl-facts">
        <dt>{t('templates.column.status')}</dt>
        <dd>
          <StatusBadge status={template.status} />
          {template.provider_status !== null && template.provider_status.toLowerCase() !== template.status && <span className="tpl-reason">{template.provider_status}</span>}
          {' '}
          {t('templates.since', { time: time(template.status_at) })}
        </dd>
        {template.rejection_reason !== null && (
          <>
            <dt>{t('templates.reason')}</dt>
            <dd>{template.rejection_reason}</dd>
          </>
        )}
        <dt>{t('templates.column.category')}</dt>
        <dd>{template.category}</dd>
        <dt>{t('templates.column.origin')}</dt>
        <dd>{t(`templates.origin_of.${template.origin}`)}</dd>
        <dt>{t('templates.column.folder')}</dt>
        <dd>{template.folder ?? '—'}</dd>
        <dt>{t('templates.column.tags')}</dt>
        <dd>{template.tags.length > 0 ? template.tags.join(', ') : '—'}</dd>
        {template.quality !== null && (
          <>
            <dt>{t('templates.quality')}</dt>
            <dd>{template.quality}</dd>
          </>
        )}
        <dt>{t('templates.updated')}</dt>
        <dd>{time(template.updated_at)}</dd>
      </dl>

      {props.onSubmit !== null && (submittable || submit.kind !== 'idle') && (
        <div className="tpl-actions">
          {submittable && (
            <button type="button" disabled={submit.kind === 'submitting'} onClick={() => void runSubmit(props.onSubmit!)}>
              {t('templates.submit')}
            </button>
          )}
          {submit.kind === 'done' && <p role="status">{t(`templates.submit.${submit.outcome}`)}</p>}
          {submit.kind === 'failed' && <p role="alert">{errorText(t, submit.error)}</p>}
        </div>
      )}

      <section aria-labelledby="tpl-content-heading">
        <h3 id="tpl-content-heading">{t('templates.content')}</h3>
        <dl className="tpl-content">
          {template.header && (
            <>
              <dt>{t('templates.component.header')}</dt>
              <dd>{template.header.format === 'text' ? <Marked text={template.header.text} /> : t(`templates.header_format.${template.header.format}`)}</dd>
            </>
          )}
          <dt>{t('templates.component.body')}</dt>
          <dd className="tpl-content__body" data-testid="template-body">
            <Marked text={bodyText(template)} />
          </dd>
          {template.footer && (
            <>
              <dt>{t('templates.component.footer')}</dt>
              <dd>{template.footer}</dd>
            </>
          )}
          {template.buttons && template.buttons.length > 0 && (
            <>
              <dt>{t('templates.component.buttons')}</dt>
              <dd>
                <ol className="tpl-buttons">
                  {template.buttons.map((button, index) => (
                    <li key={index}>
                      {t(`templates.button.${button.type}`)}: {button.text ?? ''}
                      {button.type === 'url' && (
                        <>
                          {' → '}
                          <Marked text={button.url} />
                        </>
                      )}
                      {button.type === 'phone_number' && ` → ${button.phone_number}`}
                    </li>
                  ))}
                </ol>
              </dd>
            </>
          )}
        </dl>
        {samples.length > 0 && (
          <table className="tpl-samples">
            <caption>{t('templates.samples')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('templates.samples.part')}</th>
                <th scope="col">{t('templates.samples.variable')}</th>
                <th scope="col">{t('templates.samples.value')}</th>
              </tr>
            </thead>
            <tbody>
              {samples.map((sample) => (
                <tr key={`${sample.part}/${sample.name}`}>
                  <td>{t(`templates.samples.part.${sample.part}`)}</td>
                  <td>
                    <code>{sample.name}</code>
                  </td>
                  <td>{sample.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {family && (
        <section aria-labelledby="tpl-languages-heading">
          <h3 id="tpl-languages-heading">{t('templates.languages')}</h3>
          <ul className="tpl-languages">
            {Object.entries(family.languages).map(([language, state]) => (
              <li key={language}>
                {state === 'missing' || language === template.language ? <span>{language}</span> : <a href={templateHash(template.name, language)}>{language}</a>} <StatusBadge status={state} />
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="tpl-rejections-heading">
        <h3 id="tpl-rejections-heading">{t('templates.rejections')}</h3>
        {rejections.length === 0 ? (
          <p>{t('templates.rejections.none')}</p>
        ) : (
          <ul className="tpl-rejections" data-testid="rejections">
            {rejections.map((event, index) => (
              <li key={index}>
                <p>
                  <StatusBadge status={event.kind === 'refused' ? 'rejected' : event.status!} /> {time(event.at)}: {event.kind === 'refused' ? t('templates.refused_by_provider', { reason: event.reason ?? '—' }) : (event.reason ?? t('templates.reason.none'))}
                </p>
                {hintsOf(event).length > 0 && (
                  <>
                    <p>{t('templates.hints')}</p>
                    <ul>
                      {hintsOf(event).map((hint) => (
                        <li key={hint.rule}>
                          <code>{hint.rule}</code>: {hint.message}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="tpl-lint-heading">
        <h3 id="tpl-lint-heading">{t('templates.lint.heading')}</h3>
        {template.lint.length === 0 ? (
          <p>{t('templates.lint.none')}</p>
        ) : (
          <ul className="tpl-findings" data-testid="lint-findings">
            {template.lint.map((finding, index) => (
              <Finding key={index} finding={finding} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="tpl-usage-heading">
        <h3 id="tpl-usage-heading">{t('templates.usage')}</h3>
        <dl className="tpl-facts">
          {(['sent', 'delivered', 'read', 'replied'] as const).map((key) => (
            <div key={key} className="tpl-facts__pair">
              <dt>{t(`templates.usage.${key}`)}</dt>
              <dd>{template.usage?.[key] ?? 0}</dd>
            </div>
          ))}
          <div className="tpl-facts__pair">
            <dt>{t('templates.column.last_sent')}</dt>
            <dd>{template.usage?.last_sent_at ? time(template.usage.last_sent_at) : t('templates.never')}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="tpl-history-heading">
        <h3 id="tpl-history-heading">{t('templates.history')}</h3>
        <table className="tpl-table">
          <caption className="visually-hidden">{t('templates.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('templates.history.at')}</th>
              <th scope="col">{t('templates.history.kind')}</th>
              <th scope="col">{t('templates.column.status')}</th>
              <th scope="col">{t('templates.reason')}</th>
              <th scope="col">{t('templates.history.source')}</th>
            </tr>
          </thead>
          <tbody>
            {[...template.history].reverse().map((event, index) => (
              <tr key={index}>
                <td data-label={t('templates.history.at')}>{time(event.at)}</td>
                <td data-label={t('templates.history.kind')}>{t(`templates.event.${event.kind}`)}</td>
                <td data-label={t('templates.column.status')}>{event.status ? <StatusBadge status={event.status} /> : '—'}</td>
                <td data-label={t('templates.reason')}>{event.reason ?? '—'}</td>
                <td data-label={t('templates.history.source')}>{t(`templates.source.${event.source}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  )
}
