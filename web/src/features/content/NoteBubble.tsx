import { useTranslation } from 'react-i18next'
import type { Note } from '../../api/types.ts'

/** A note in the conversation, marked as internal so nobody mistakes it for a message the parent saw. */
export function NoteBubble({ note, me, names }: { note: Note; me: string; names: ReadonlyMap<string, string> | null }) {
  const { t } = useTranslation()
  const time = new Date(note.created_at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
  const author = names?.get(note.author_id) ?? t('content.note.unknown_author')
  const mentionsMe = note.mentions.includes(me)
  return (
    <li className={`bubble bubble--note${mentionsMe ? ' bubble--mentioned' : ''}`} aria-label={t('content.note.badge')}>
      <p className="bubble__badge">{t('content.note.badge')}</p>
      <p className="bubble__text">{note.text}</p>
      <span className="bubble__meta">
        {mentionsMe && <strong>{t('content.note.mentions_you')} · </strong>}
        {t('content.note.by', { name: author })} · <time dateTime={note.created_at}>{time}</time>
      </span>
    </li>
  )
}
