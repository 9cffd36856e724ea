import { useTranslation } from 'react-i18next'
import type { Conversation } from '../../api/types.ts'
import { useNow } from '../../ui/use-now.ts'
import { durationText } from './durations.ts'

/**
 * A list item's work state: resolved, how long the parent has waited, the SLAs breached (first
 * response; resolution where the team sets a target), the
 * cycle's first reply time. The server decides the breach (against the conversation's target);
 * only the waiting time ticks here.
 */
export function ConversationTimes({ conversation, now }: { conversation: Conversation; now?: number }) {
  const { t } = useTranslation()
  const ticking = useNow()
  const at = now ?? ticking
  const { state, waiting_since: waitingSince, sla, first_response_seconds: firstResponse } = conversation
  // The list may be older than the due time: an unanswered open cycle turns breached as time passes.
  const breached = sla != null && (sla.breached || (firstResponse == null && state !== 'resolved' && at > Date.parse(sla.first_response_due_at)))
  const resolutionDue = sla?.resolution_due_at ?? null
  const resolutionOverdue = sla?.resolution_breached === true || (resolutionDue !== null && state !== 'resolved' && at > Date.parse(resolutionDue))
  return (
    <>
      {state === 'resolved' && <span className="badge badge--closed">{t('workflow.state.resolved')}</span>}
      {state !== 'resolved' && waitingSince != null && (
        <span className="badge badge--closing">{t('workflow.waiting', { time: durationText(t, Math.max(0, Math.floor((at - Date.parse(waitingSince)) / 1000))) })}</span>
      )}
      {breached && <span className="badge badge--breached">{t('workflow.sla_breached')}</span>}
      {resolutionOverdue && <span className="badge badge--breached">{t('workflow.resolution_overdue')}</span>}
      {firstResponse != null && <span className="list__first-response">{t('workflow.first_response', { time: durationText(t, firstResponse) })}</span>}
    </>
  )
}
