import { useEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../../api/client.ts'
import type { Conversation } from '../../api/types.ts'
import { useResource } from '../../api/use-resource.ts'
import { WindowBadge } from '../../ui/WindowBadge.tsx'
import { useNow } from '../../ui/use-now.ts'
import { windowState } from '../../ui/window-state.ts'
import { errorText } from '../../ui/error-text.ts'
import { ConversationTeam } from '../admin/ConversationTeam.tsx'
import { Assignment } from './Assignment.tsx'
import { Composer, type ComposeApi } from './Composer.tsx'
import { MessageBubble } from './MessageBubble.tsx'
import { ResolveButton } from '../workflow/ResolveButton.tsx'
import { TypingIndicator } from '../workflow/TypingIndicator.tsx'
import type { TypingSignal } from '../workflow/typing.ts'
import { AttachByUrl } from '../content/AttachByUrl.tsx'
import { ContactPanel } from '../content/ContactPanel.tsx'
import { NoteBubble } from '../content/NoteBubble.tsx'
import { NoteComposer } from '../content/NoteComposer.tsx'
import { ReplyOrNote } from '../content/ReplyOrNote.tsx'
import { interleave } from '../content/timeline.ts'
import { useNotes } from '../content/use-notes.ts'

/**
 * One conversation: its assignee, its messages, oldest at the top, and the composer (not for a
 * viewer). Opening it marks it read, and so does each new inbound message while it stays open.
 */
export function ConversationView({ api, conversation, version, me, canAct, names, teams, typing = [], onBack, onChanged }: {
  api: ApiClient
  conversation: Conversation
  version: number
  me: string
  canAct: boolean
  names: ReadonlyMap<string, string> | null
  /** Other operators' typing signals heard on the live feed. */
  typing?: readonly TypingSignal[]
  teams?: ReadonlyMap<string, string> | null
  onBack(): void
  onChanged(): void
}) {
  const { t } = useTranslation()
  // Addressed by its key: the phone, or the contact id for a session that sees masked numbers.
  const { key: phone, unread_count: unread } = conversation
  const marked = useRef<string | null>(null)
  useEffect(() => {
    if (!canAct || (marked.current === phone && unread === 0)) return
    marked.current = phone
    // The list's badge clears once it reloads.
    api.markRead(phone).then(onChanged, () => undefined)
  }, [api, canAct, phone, unread, onChanged])
  const { data, error } = useResource(() => api.contactMessages(phone), [api, phone, version])
  const notes = useNotes(api, phone, version)
  const messages = data ? interleave([...data.data].reverse(), notes) : null

  const contact = useResource(() => api.contact(phone), [api, phone])
  // The server said open when the list loaded; the countdown to its closes_at closes it here too.
  const now = useNow()
  const windowOpen = conversation.window.open && windowState(conversation.window.closes_at, now).kind !== 'closed'
  const compose = useMemo<ComposeApi>(() => {
    const to = conversation.phone
    return {
      sendText: async (text) => {
        await api.sendMessage({ to, text })
        onChanged()
      },
      sendTemplate: async (template) => {
        await api.sendMessage({ to, template })
        onChanged()
      },
      approvedTemplates: api.approvedTemplates,
      previewTemplate: api.previewTemplate,
      paymentLink: () => api.paymentLink(phone),
      cannedReplies: () => api.cannedReplies(phone),
      sendEstimate: (template) => api.sendEstimate(phone, template),
      typing: () => api.typing(phone),
    }
  }, [api, conversation.phone, phone, onChanged])

  return (
    <section className="conversation" aria-labelledby="conversation-heading">
      <header className="conversation__header">
        <button type="button" className="conversation__back" onClick={onBack}>
          ← <span className="visually-hidden">{t('conversation.back')}</span>
        </button>
        <h2 id="conversation-heading">{conversation.name ?? conversation.phone}</h2>
        <WindowBadge closesAt={conversation.window.closes_at} />
        <Assignment assigneeId={conversation.assignee_id} me={me} names={names} canAssign={canAct} assign={async (assigneeId) => {
            await api.assign(phone, assigneeId)
            onChanged()
          }} />
        <ResolveButton state={conversation.state ?? 'open'} canAct={canAct} resolve={async () => {
            await api.resolve(phone)
            onChanged()
          }} reopen={async () => {
            await api.reopen(phone)
            onChanged()
          }} />
        {teams && <ConversationTeam teamId={conversation.team_id} teams={teams} canChange={canAct} change={async (teamId) => {
            await api.setConversationTeam(phone, teamId)
            onChanged()
          }} />}
      </header>
      <ContactPanel api={api} phone={phone} version={version} />
      {error ? (
        <p role="alert">{errorText(t, error)}</p>
      ) : messages === null ? (
        <p>{t('conversation.loading')}</p>
      ) : messages.length === 0 ? (
        <p>{t('conversation.empty')}</p>
      ) : (
        <ol className="conversation__messages">
          {messages.map((item) =>
            item.kind === 'note' ? <NoteBubble key={item.note.id} note={item.note} me={me} names={names} /> : <MessageBubble key={item.message.id} message={item.message} />,
          )}
        </ol>
      )}
      <TypingIndicator signals={typing} phone={phone} me={me} names={names} />
      {canAct ? (
        <ReplyOrNote
          reply={<>
            <Composer windowOpen={windowOpen} language={contact.data?.language ?? null} api={compose} />
            {windowOpen && <AttachByUrl send={async (media) => {
                await api.sendMessage({ to: phone, media })
                onChanged()
              }} />}
          </>}
          note={<NoteComposer loadOperators={api.listOperators} addNote={async (text) => {
              await api.addNote(phone, text)
              onChanged()
            }} />}
        />
      ) : (
        <p className="conversation__read-only">{t('conversation.read_only')}</p>
      )}
    </section>
  )
}
