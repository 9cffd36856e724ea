import { useTranslation } from 'react-i18next'
import type { Conversation, ConversationFilter } from '../../api/types.ts'
import { WindowBadge } from '../../ui/WindowBadge.tsx'
import { errorText } from '../../ui/error-text.ts'
import { ConversationTimes } from '../workflow/ConversationTimes.tsx'
import { NotifyToggle } from '../workflow/NotifyToggle.tsx'
import { TeamFilter } from '../admin/TeamFilter.tsx'

/** The API's filters, and "mine": the conversations assigned to the signed-in operator. */
export type ListFilter = ConversationFilter | 'mine'

const FILTERS: ListFilter[] = ['all', 'mine', 'unassigned', 'waiting', 'opted_out', 'resolved']

export interface ListState {
  conversations: Conversation[] | null
  error: unknown
}

export function ConversationList(props: {
  state: ListState
  filter: ListFilter
  /** Operators' names by id, null while loading. */
  names: ReadonlyMap<string, string> | null
  search: string
  selected: string | null
  onFilter(filter: ListFilter): void
  onSearch(search: string): void
  onSelect(key: string): void
  /** Team names by id (null while loading), the team filter ('' for any) and its change. */
  teams?: ReadonlyMap<string, string> | null
  team?: string
  onTeam?(team: string): void
}) {
  const { t } = useTranslation()
  const { conversations, error } = props.state
  return (
    <section className="list" aria-labelledby="list-heading">
      <h2 id="list-heading">{t('conversations.heading')}</h2>
      <div className="list__controls">
        <input type="search" aria-label={t('conversations.search')} placeholder={t('conversations.search')} value={props.search} onChange={(event) => props.onSearch(event.target.value)} />
        <label>
          {t('conversations.filter')}
          <select value={props.filter} onChange={(event) => props.onFilter(event.target.value as ListFilter)}>
            {FILTERS.map((filter) => (
              <option key={filter} value={filter}>
                {t(`conversations.filter.${filter}`)}
              </option>
            ))}
          </select>
        </label>
        <NotifyToggle />
        {props.teams && props.onTeam && <TeamFilter teams={props.teams} value={props.team ?? ''} onChange={props.onTeam} />}
      </div>
      {error ? (
        <p role="alert">{errorText(t, error)}</p>
      ) : conversations === null ? (
        <p>{t('conversations.loading')}</p>
      ) : conversations.length === 0 ? (
        <p>{t('conversations.empty')}</p>
      ) : (
        <ul className="list__items">
          {conversations.map((conversation) => (
            <li key={conversation.key}>
              <button type="button" className="list__item" aria-current={conversation.key === props.selected} onClick={() => props.onSelect(conversation.key)}>
                <span className="list__name">{conversation.name ?? conversation.phone}</span>
                {conversation.assignee_id !== null && props.names !== null && (
                  <span className="list__assignee">{t('conversations.assignee', { name: props.names.get(conversation.assignee_id) ?? t('operator.unknown') })}</span>
                )}
                {conversation.team_id !== null && props.teams && <span className="list__team">{props.teams.get(conversation.team_id) ?? ''}</span>}
                <span className="list__preview">{conversation.last_message?.preview ?? ''}</span>
                <span className="list__meta">
                  <WindowBadge closesAt={conversation.window.closes_at} />
                  <ConversationTimes conversation={conversation} />
                  {conversation.unread_count > 0 && <span className="badge badge--unread">{t('conversations.unread', { count: conversation.unread_count })}</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
