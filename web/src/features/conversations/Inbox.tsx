import { useCallback, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../../api/client.ts'
import { useLiveFeed, type LiveEventType } from '../../api/live-feed.ts'
import type { Session } from '../../api/types.ts'
import { useResource } from '../../api/use-resource.ts'
import { ConversationList, type ListFilter } from './ConversationList.tsx'
import { conversationHash, conversationOfContact, phoneOfHash } from './contact-conversation.ts'
import { ConversationView } from './ConversationView.tsx'
import { useInboundNotifications } from '../workflow/notifications.ts'
import { useTypingSignals } from '../workflow/typing.ts'
import { findResolved } from '../workflow/find-resolved.ts'
import { MentionBanner } from '../content/MentionBanner.tsx'
import { useMentions } from '../content/use-mentions.ts'

/**
 * The list and the open conversation: side by side on a wide screen, one at a time on a phone
 * (the CSS decides from `inbox--detail`). Any live event reloads what is shown. A viewer's role
 * reads only: no composer, no assigning, no marking read (the API refuses those with 403).
 */
export function Inbox({ api, session }: { api: ApiClient; session: Session }) {
  const { t } = useTranslation()
  const me = session.operator.id
  const canAct = session.operator.role !== 'viewer'
  const [filter, setFilter] = useState<ListFilter>('all')
  const [search, setSearch] = useState('')
  const [team, setTeam] = useState('')
  const [selected, setSelected] = useState<string | null>(() => phoneOfHash(window.location.hash))
  const [version, setVersion] = useState(0)
  const [assignments, setAssignments] = useState(0)
  const bump = useCallback(() => setVersion((v) => v + 1), [])
  const mentions = useMentions(me)

  const list = useResource(
    () => api.listConversations({ ...(filter === 'mine' ? { assignee: me } : { filter }), q: search, ...(team ? { team } : {}) }),
    [api, filter, me, search, team, version],
  )
  // Names for the assignees, asked again at each assignment (it may name an operator added since).
  const operators = useResource(() => api.listOperators(), [api, assignments])
  const typing = useTypingSignals()
  const notify = useInboundNotifications(list.data?.data ?? null, me)
  const onEvent = useCallback((type: LiveEventType, data: unknown) => {
    // Typing signals come every few seconds: they move the indicator, not the lists.
    if (type === 'conversation.typing') return typing.heard(data)
    if (type === 'message.inbound') notify(data)
    bump()
    if (type === 'conversation.assigned' || type === 'conversation.team_changed') setAssignments((n) => n + 1)
    mentions.onEvent(type, data)
  }, [bump, typing.heard, notify, mentions.onEvent])
  const feed = useLiveFeed(api.streamUrl(), onEvent)
  const names = useMemo(() => (operators.data ? new Map(operators.data.data.map((o) => [o.id, o.name])) : null), [operators.data])
  const teamList = useResource(() => api.listTeams(), [api, assignments])
  const teams = useMemo(() => (teamList.data ? new Map(teamList.data.data.map((entry) => [entry.id, entry.name])) : null), [teamList.data])
  const listed = list.data?.data.find((c) => c.key === selected) ?? null
  // Opened by its address, a conversation the list does not show is built from the contact.
  // Kept with the address it was asked for: a masked session's answer names neither that phone nor it.
  const direct = useResource(() => (selected && !listed ? api.contact(selected).then((contact) => ({ asked: selected, contact })) : Promise.resolve(null)), [api, selected, listed === null, version])
  const resolved = useResource(() => (selected && !listed ? findResolved(api, selected) : Promise.resolve(null)), [api, selected, listed === null, version])
  const conversation = listed ?? (resolved.data?.key === selected ? resolved.data : null) ?? (direct.data && direct.data.asked === selected ? conversationOfContact(direct.data.contact, Date.now()) : null)

  function select(phone: string) {
    mentions.clear(phone)
    setSelected(phone)
    window.history.replaceState(null, '', conversationHash(phone))
  }

  return (
    <main className={`inbox${conversation ? ' inbox--detail' : ''}`}>
      {feed === 'reconnecting' && (
        <p className="inbox__offline" role="status">
          {t('live.reconnecting')}
        </p>
      )}
      <MentionBanner mentions={mentions.mentions} nameOf={(phone) => list.data?.data.find((c) => c.phone === phone)?.name ?? phone} open={select} dismiss={mentions.clear} />
      <ConversationList
        state={{ conversations: list.data?.data ?? null, error: list.error }}
        filter={filter}
        search={search}
        selected={selected}
        names={names}
        onFilter={setFilter}
        onSearch={setSearch}
        onSelect={select}
        teams={teams}
        team={team}
        onTeam={setTeam}
      />
      {conversation ? (
        <ConversationView api={api} conversation={conversation} version={version} me={me} canAct={canAct} names={names} teams={teams} typing={typing.signals} onBack={() => {
            setSelected(null)
            window.history.replaceState(null, '', window.location.pathname)
          }} onChanged={bump} />
      ) : (
        <p className="inbox__placeholder">{t('conversations.none_selected')}</p>
      )}
    </main>
  )
}
