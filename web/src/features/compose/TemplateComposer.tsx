import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Template, TemplatePreview, TemplateValues } from '../../api/types.ts'
import { refusalText } from './refusal-text.ts'
import { SendEstimateLine, useSendEstimate, type EstimateSend } from './SendEstimate.tsx'
import { templateFields, templateValues } from './template-fields.ts'

/** How long typing pauses before the preview is asked for. */
export const PREVIEW_DELAY_MS = 250

export interface TemplateComposerApi {
  approvedTemplates(): Promise<{ data: Template[] }>
  previewTemplate(request: { name: string; language: string } & TemplateValues): Promise<TemplatePreview>
  sendTemplate(template: { name: string; language: string } & TemplateValues): Promise<void>
  /** What the send would cost (absent: no estimate is shown). */
  sendEstimate?: EstimateSend
}

/** A template to start from, with values already known (the payment link's button). */
export interface TemplateChoice {
  name: string
  language: string
  form: Record<string, string>
}

const base = (language: string) => language.split('_')[0]!.toLowerCase()

/** The approved templates in the contact's language (any region of it); all of them when it is unknown or has none. */
export function templatesFor(templates: readonly Template[], language: string | null): Template[] {
  const own = language === null ? [] : templates.filter((t) => base(t.language) === base(language))
  return own.length > 0 ? own : [...templates]
}

/**
 * Outside the window only a template may be sent: the operator picks an approved one in the
 * contact's language, fills one field per variable and sees the server's rendering of exactly
 * what the parent will read.
 */
export function TemplateComposer({ api, language, choice }: { api: TemplateComposerApi; language: string | null; choice?: TemplateChoice | null }) {
  const { t } = useTranslation()
  const [templates, setTemplates] = useState<Template[] | null>(null)
  const [selected, setSelected] = useState('')
  const [form, setForm] = useState<Record<string, string>>({})
  const [preview, setPreview] = useState<TemplatePreview | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [sent, setSent] = useState(false)

  useEffect(() => {
    api.approvedTemplates().then(
      (page) => setTemplates(templatesFor(page.data, language)),
      (failure: unknown) => setError(refusalText(t, failure)),
    )
  }, [api, language, t])

  useEffect(() => {
    if (!choice) return
    setSelected(`${choice.name}/${choice.language}`)
    setForm(choice.form)
  }, [choice])

  const template = templates?.find((candidate) => `${candidate.name}/${candidate.language}` === selected) ?? null
  const cost = useSendEstimate(template ? api.sendEstimate : undefined, template, false)

  useEffect(() => {
    setPreview(null)
    if (!template) return
    let current = true
    const timer = setTimeout(() => {
      api.previewTemplate({ name: template.name, language: template.language, ...templateValues(template, form) }).then(
        (answer) => current && setPreview(answer),
        (failure: unknown) => current && setError(refusalText(t, failure)),
      )
    }, PREVIEW_DELAY_MS)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [api, template, form, t])

  function choose(key: string) {
    setSelected(key)
    setForm({})
    setError(null)
    setSent(false)
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!template) return
    setError(null)
    setSent(false)
    try {
      await api.sendTemplate({ name: template.name, language: template.language, ...templateValues(template, form) })
      setSent(true)
      setForm({})
    } catch (failure) {
      setError(refusalText(t, failure))
    }
  }

  if (templates === null) return <p className="composer composer--closed">{error ?? t('composer.closed')}</p>
  return (
    <form className="composer composer--template" onSubmit={(event) => void submit(event)} aria-label={t('template.form')}>
      <p className="composer__note">{t('composer.closed')}</p>
      <label htmlFor="template-choice">{t('template.choose')}</label>
      <select id="template-choice" value={selected} onChange={(event) => choose(event.target.value)}>
        <option value="">{templates.length === 0 ? t('template.none') : '—'}</option>
        {templates.map((candidate) => (
          <option key={`${candidate.name}/${candidate.language}`} value={`${candidate.name}/${candidate.language}`}>
            {candidate.name} ({candidate.language})
          </option>
        ))}
      </select>
      {template &&
        templateFields(template).map((field) => (
          <label key={field.key} className="composer__field">
            {t(`template.field.${field.part}`, { name: field.label })}
            <input value={form[field.key] ?? ''} onChange={(event) => setForm({ ...form, [field.key]: event.target.value })} />
          </label>
        ))}
      {preview && (
        <figure className="composer__preview">
          <figcaption>{t('template.preview')}</figcaption>
          <p data-testid="template-preview" style={{ whiteSpace: 'pre-wrap' }}>
            {preview.text}
          </p>
          {preview.buttons.map((button, index) => (
            <span key={index} className="composer__preview-button">
              {button.type === 'url' ? `${button.text} → ${button.url}` : button.type === 'copy_code' ? button.text ?? button.example : button.text}
            </span>
          ))}
        </figure>
      )}
      <SendEstimateLine cost={cost} />
      <button type="submit" disabled={!preview?.complete}>
        {t('template.send')}
      </button>
      {sent && <p role="status">{t('template.sent')}</p>}
      {error && <p role="alert">{error}</p>}
    </form>
  )
}
