import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { ApiClient } from '../../api/client.ts'
import type { Contact, ContactEvent } from '../../api/types.ts'
import { useResource } from '../../api/use-resource.ts'
import { errorText } from '../../ui/error-text.ts'
import { useNow } from '../../ui/use-now.ts'
import { dateIn, localTimeIn } from './local-time.ts'

export type ContactPanelApi = Pick<ApiClient, 'contact' | 'contactEvents' | 'contactSubjects'>

/** Wide screens show the panel open; a phone starts it folded so the messages come first. */
function startsOpen(): boolean {
  return typeof window.matchMedia === 'function' ? window.matchMedia('(min-width: 48rem)').matches : true
}

function reasonText(t: TFunction, reason: string | null): string {
  return reason === null ? '' : t(`content.reason.${reason}`, { defaultValue: reason })
}

/** One decision in words: the message sent, or why none was. */
function decisionText(t: TFunction, d: ContactEvent['decisions'][number]): string {
  switch (d.outcome) {
    case 'queued':
    case 'scheduled':
      return t('content.decision.sent', { rule: d.rule_id, text: d.message?.preview ?? '', status: d.message?.status ?? d.outcome })
    case 'suppressed':
      return t('content.decision.skipped', { rule: d.rule_id, reason: reasonText(t, d.reason) })
    case 'cancelled':
      return t('content.decision.cancelled', { rule: d.rule_id })
    case 'error':
      return t('content.decision.error', { rule: d.rule_id, reason: reasonText(t, d.reason) })
  }
}

function Consent({ contact }: { contact: Contact }) {
  const { t, i18n } = useTranslation()
  const optOut = contact.opt_out
  const marketing = contact.marketing_consent
  return (
    <>
      <dt>{t('content.panel.opt_out')}</dt>
      <dd>{optOut ? t('content.panel.opted_out', { source: optOut.source, date: dateIn(optOut.at, i18n.language) }) : t('content.panel.not_opted_out')}</dd>
      <dt>{t('content.panel.marketing')}</dt>
      <dd>
        {marketing
          ? t(marketing.granted ? 'content.panel.marketing_granted' : 'content.panel.marketing_withdrawn', { source: marketing.source, date: dateIn(marketing.at, i18n.language) })
          : t('content.panel.marketing_unknown')}
      </dd>
    </>
  )
}

/**
 * Who the parent is, beside the conversation: profile and their time now, consent, tags, the
 * students they are linked to, and what the rules recently did with the events about them.
 */
export function ContactPanel({ api, phone, version }: { api: ContactPanelApi; phone: string; version: number }) {
  const { t, i18n } = useTranslation()
  const [open, setOpen] = useState(startsOpen)
  const now = useNow()
  const contact = useResource(() => api.contact(phone), [api, phone, version])
  const subjects = useResource(() => api.contactSubjects(phone), [api, phone, version])
  const events = useResource(() => api.contactEvents(phone, 5), [api, phone, version])
  const c = contact.data
  const unknown = t('content.panel.unknown')

  return (
    <details className="contact-panel" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t('content.panel.title')}</summary>
      {contact.error && !c ? (
        <p role="alert">{errorText(t, contact.error)}</p>
      ) : !c ? (
        <p>{t('content.panel.loading')}</p>
      ) : (
        <>
          <dl className="contact-panel__facts">
            <dt>{t('content.panel.name')}</dt>
            <dd>{c.name ?? unknown}</dd>
            <dt>{t('content.panel.language')}</dt>
            <dd>{c.language ?? unknown}</dd>
            <dt>{t('content.panel.timezone')}</dt>
            <dd>{c.timezone ?? unknown}</dd>
            <dt>{t('content.panel.local_time')}</dt>
            <dd data-testid="local-time">{localTimeIn(c.timezone, now, i18n.language) ?? unknown}</dd>
            <Consent contact={c} />
            <dt>{t('content.panel.tags')}</dt>
            <dd>{c.tags && c.tags.length > 0 ? c.tags.join(', ') : t('content.panel.no_tags')}</dd>
            <dt>{t('content.panel.external_id')}</dt>
            <dd>{c.external_id ?? unknown}</dd>
          </dl>
          <h3>{t('content.panel.students')}</h3>
          {subjects.data && subjects.data.data.length > 0 ? (
            <ul aria-label={t('content.panel.students')}>
              {subjects.data.data.map((s) => (
                <li key={`${s.external_id}:${s.role}`}>
                  {s.external_id} — {t(`content.panel.role.${s.role}`, { defaultValue: s.role })}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('content.panel.no_students')}</p>
          )}
          <h3>{t('content.panel.events')}</h3>
          {events.data && events.data.data.length > 0 ? (
            <ol aria-label={t('content.panel.events')} className="contact-panel__events">
              {events.data.data.map((e) => (
                <li key={e.id}>
                  <strong>{e.type}</strong> · <time dateTime={e.occurred_at}>{dateIn(e.occurred_at, i18n.language)}</time>
                  {e.decisions.length === 0 ? (
                    <p>{t('content.panel.no_decisions')}</p>
                  ) : (
                    <ul>
                      {e.decisions.map((d, i) => (
                        <li key={i}>{decisionText(t, d)}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ol>
          ) : (
            <p>{t('content.panel.no_events')}</p>
          )}
        </>
      )}
    </details>
  )
}
