import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CannedReply, PaymentLink } from '../../api/types.ts'
import { refusalText } from '../compose/refusal-text.ts'
import { useTypingSender } from '../workflow/typing.ts'
import { SendEstimateLine, useSendEstimate } from '../compose/SendEstimate.tsx'
import { TemplateComposer, type TemplateChoice, type TemplateComposerApi } from '../compose/TemplateComposer.tsx'

/** What the composer calls, already bound to the conversation's contact. */
export interface ComposeApi extends TemplateComposerApi {
  sendText(text: string): Promise<void>
  paymentLink(): Promise<PaymentLink>
  cannedReplies(): Promise<{ data: CannedReply[] }>
  /** Tells the other operators I am typing (features/workflow). */
  typing?(): Promise<unknown>
}

const NOT_TOLD = async () => undefined

/** The payment link once known; `null` while loading or when not configured for this contact. */
function usePaymentLink(api: ComposeApi): PaymentLink | null {
  const [link, setLink] = useState<PaymentLink | null>(null)
  useEffect(() => {
    let current = true
    // not_configured (404) or a contact without an external id (422): no button.
    api.paymentLink().then(
      (answer) => current && setLink(answer),
      () => current && setLink(null),
    )
    return () => {
      current = false
    }
  }, [api])
  return link
}

/** The canned replies filled in for the contact; none while loading or when the list cannot load. */
function useCannedReplies(api: ComposeApi): CannedReply[] {
  const [replies, setReplies] = useState<CannedReply[]>([])
  useEffect(() => {
    let current = true
    api.cannedReplies().then(
      (answer) => current && setReplies(answer.data),
      () => current && setReplies([]),
    )
    return () => {
      current = false
    }
  }, [api])
  return replies
}

/**
 * Free text inside the window; outside it, approved templates only (the server would refuse
 * anything else). The payment link goes in as text inside the window and as its template outside.
 */
export function Composer({ windowOpen, language, api }: { windowOpen: boolean; language: string | null; api: ComposeApi }) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [choice, setChoice] = useState<TemplateChoice | null>(null)
  const link = usePaymentLink(api)
  const replies = useCannedReplies(api)
  const typed = useTypingSender(api.typing ?? NOT_TOLD)
  const cost = useSendEstimate(windowOpen ? api.sendEstimate : undefined, null, windowOpen)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const trimmed = text.trim()
    if (!trimmed) return
    setError(null)
    try {
      await api.sendText(trimmed)
      setText('')
    } catch (failure) {
      setError(refusalText(t, failure))
    }
  }

  function insertLink(current: PaymentLink) {
    if (windowOpen) setText((previous) => (previous.trim() ? `${previous.trimEnd()} ${current.url}` : current.url))
    else if (current.template) {
      const form = Object.fromEntries(Object.entries(current.template.buttons).map(([index, value]) => [`button.${index}`, value]))
      setChoice({ name: current.template.name, language: current.template.language, form })
    }
  }

  const linkButton = link && (windowOpen || link.template) && (
    <button type="button" className="composer__payment" onClick={() => insertLink(link)}>
      {t('composer.payment_link')}
    </button>
  )

  if (!windowOpen)
    return (
      <div className="composer-closed">
        {linkButton}
        <TemplateComposer api={api} language={language} choice={choice} />
      </div>
    )
  return (
    <form className="composer" onSubmit={(event) => void submit(event)}>
      <label className="visually-hidden" htmlFor="composer-text">
        {t('composer.label')}
      </label>
      <textarea id="composer-text" rows={2} placeholder={t('composer.placeholder')} value={text} onChange={(event) => {
          setText(event.target.value)
          typed()
        }} />
      {replies.length > 0 && (
        <select aria-label={t('composer.canned')} value="" onChange={(event) => event.target.value !== '' && setText(replies[Number(event.target.value)]!.text)}>
          <option value="">{t('composer.canned')}</option>
          {replies.map((reply, index) => (
            <option key={index} value={index}>
              {reply.title}
            </option>
          ))}
        </select>
      )}
      {linkButton}
      <SendEstimateLine cost={cost} />
      <button type="submit" disabled={!text.trim()}>
        {t('composer.send')}
      </button>
      {error && <p role="alert">{error}</p>}
    </form>
  )
}
