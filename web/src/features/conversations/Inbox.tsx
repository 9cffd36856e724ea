import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../../api/client.ts'
import { useLiveFeed } from '../../api/live-feed.ts'
import type { ConversationFilter } from '../../api/types.ts'
import { useResource } from '../../api/use-resource.ts'
import { ConversationList } from './ConversationList.tsx'
import { conversationHash, conversationOfContact, phoneOfHash } from './contact-conversation.ts'
import { ConversationView } from './ConversationView.tsx'

/**
 * The list and the open conversation: side by side on a wide screen, one at a time on a phone
 * (the CSS decides from `inbox--detail`). Any live event reloads what is shown.
 */
export function Inbox({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const [filter, setFilter] = useState<ConversationFilter>('all')
  const [search, setSearch] = useState('')
  const [selected, setSelected] = useState<string | null>(() => phoneOfHash(window.location.hash))
  const [version, setVersion] = useState(0)
  const bump = useCallback(() => setVersion((v) => v + 1), [])
  const feed = useLiveFeed(api.streamUrl(), bump)

  const list = useResource(() => api.listConversations({ filter, q: search }), [api, filter, search, version])
  const listed = list.data?.data.find((c) => c.phone === selected) ?? null
  // Opened by its address, a conversation the list does not show is built from the contact.
  const direct = useResource(() => (selected && !listed ? api.contact(selected) : Promise.resolve(null)), [api, selected, listed === null, version])
  const conversation = listed ?? (direct.data && direct.data.phone === selected ? conversationOfContact(direct.data, Date.now()) : null)

  function select(phone: string) {
    setSelected(phone)
    window.history.replaceState(null, '', conversationHash(phone))
    void api.markRead(phone).catch(() => undefined)
  }

  return (
    <main className={`inbox${conversation ? ' inbox--detail' : ''}`}>
      {feed === 'reconnecting' && (
        <p className="inbox__offline" role="status">
          {t('live.reconnecting')}
        </p>
      )}
      <ConversationList
        state={{ conversations: list.data?.data ?? null, error: list.error }}
        filter={filter}
        search={search}
        selected={selected}
        onFilter={setFilter}
        onSearch={setSearch}
        onSelect={select}
      />
      {conversation ? (
        <ConversationView api={api} conversation={conversation} version={version} onBack={() => {
            setSelected(null)
            window.history.replaceState(null, '', window.location.pathname)
          }} onSent={bump} />
      ) : (
        <p className="inbox__placeholder">{t('conversations.none_selected')}</p>
      )}
    </main>
  )
}
