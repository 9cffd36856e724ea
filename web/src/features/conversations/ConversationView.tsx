import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../../api/client.ts'
import type { Conversation } from '../../api/types.ts'
import { useResource } from '../../api/use-resource.ts'
import { WindowBadge } from '../../ui/WindowBadge.tsx'
import { errorText } from '../../ui/error-text.ts'
import { Composer, type ComposeApi } from './Composer.tsx'
import { MessageBubble } from './MessageBubble.tsx'

/** One conversation: its messages, oldest at the top, and the composer. */
export function ConversationView({ api, conversation, version, onBack, onSent }: { api: ApiClient; conversation: Conversation; version: number; onBack(): void; onSent(): void }) {
  const { t } = useTranslation()
  const { data, error } = useResource(() => api.contactMessages(conversation.phone), [api, conversation.phone, version])
  const messages = data ? [...data.data].reverse() : null

  const contact = useResource(() => api.contact(conversation.phone), [api, conversation.phone])
  const compose = useMemo<ComposeApi>(() => {
    const to = conversation.phone
    return {
      sendText: async (text) => {
        await api.sendMessage({ to, text })
        onSent()
      },
      sendTemplate: async (template) => {
        await api.sendMessage({ to, template })
        onSent()
      },
      approvedTemplates: api.approvedTemplates,
      previewTemplate: api.previewTemplate,
      paymentLink: () => api.paymentLink(to),
      cannedReplies: () => api.cannedReplies(to),
    }
  }, [api, conversation.phone, onSent])

  return (
    <section className="conversation" aria-labelledby="conversation-heading">
      <header className="conversation__header">
        <button type="button" className="conversation__back" onClick={onBack}>
          ← <span className="visually-hidden">{t('conversation.back')}</span>
        </button>
        <h2 id="conversation-heading">{conversation.name ?? conversation.phone}</h2>
        <WindowBadge closesAt={conversation.window.closes_at} />
      </header>
      {error ? (
        <p role="alert">{errorText(t, error)}</p>
      ) : messages === null ? (
        <p>{t('conversation.loading')}</p>
      ) : messages.length === 0 ? (
        <p>{t('conversation.empty')}</p>
      ) : (
        <ol className="conversation__messages">
          {messages.map((message) => (
            <MessageBubble key={message.id} message={message} />
          ))}
        </ol>
      )}
      <Composer windowOpen={conversation.window.open} language={contact.data?.language ?? null} api={compose} />
    </section>
  )
}
