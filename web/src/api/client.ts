import { parseJson } from './parse-json.ts'
import { ROUTES, type Route } from './routes.ts'
import type {
  CannedReply, Contact, ContactEvent, Conversation, ConversationFilter, LanguageReport, LinkedSubject, ListedOperator, ManagedTemplate, Message, MessageReport, NewOperator, Note, OperatorChange, Page, PaymentLink, SendEstimate, SendRequest, Session, Team, TeamFields, Template, TemplateDetail, TemplateListQuery, TemplatePreview, TemplateSyncSummary, TemplateValues,
} from './types.ts'

/** The API's error answer, {error:{code,message,details}}, or a network failure (`network`). */
export class ApiError extends Error {
  readonly code: string
  readonly status: number
  readonly details: unknown

  constructor(code: string, message: string, status: number, details: unknown) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.status = status
    this.details = details
  }
}

type Query = Record<string, string | number | undefined>

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** A route's path with its `{name}` parameters filled in and its query appended. */
export function pathOf(route: Route, params: Record<string, string> = {}, query: Query = {}): string {
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${route.path}`)
    return encodeURIComponent(value)
  })
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(key, String(value))
  const text = search.toString()
  return text ? `${path}?${text}` : path
}

function isErrorBody(body: unknown): body is { error: { code: string; message: string; details?: unknown } } {
  const error = (body as { error?: { code?: unknown } } | null)?.error
  return typeof error?.code === 'string'
}

/**
 * The one way the inbox talks to Parley: JSON over the session cookie (same origin), the CSRF
 * token on every state-changing call once the login has handed it over.
 */
export function createApiClient(fetchImpl: typeof fetch = (input, init) => fetch(input, init)) {
  let csrfToken: string | null = null

  async function call<T>(route: Route, options: { params?: Record<string, string>; query?: Query; body?: unknown } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    if (csrfToken && STATE_CHANGING.has(route.method)) headers['x-csrf-token'] = csrfToken
    let response: Response
    try {
      response = await fetchImpl(pathOf(route, options.params, options.query), {
        method: route.method,
        headers,
        credentials: 'same-origin',
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      })
    } catch (cause) {
      throw new ApiError('network', cause instanceof Error ? cause.message : String(cause), 0, null)
    }
    const body = parseJson(await response.text())
    if (!response.ok) {
      if (isErrorBody(body)) throw new ApiError(body.error.code, body.error.message, response.status, body.error.details ?? null)
      throw new ApiError('http_error', `HTTP ${response.status}`, response.status, null)
    }
    return body as T
  }

  function remember(session: Session): Session {
    csrfToken = session.csrf_token
    return session
  }

  return {
    login: async (email: string, password: string) => remember(await call<Session>(ROUTES.login, { body: { email, password } })),
    currentSession: async () => remember(await call<Session>(ROUTES.currentSession)),
    logout: async () => {
      await call<unknown>(ROUTES.logout)
      csrfToken = null
    },
    listConversations: (query: { filter?: ConversationFilter; q?: string; assignee?: string; team?: string; cursor?: string; limit?: number } = {}) =>
      call<Page<Conversation>>(ROUTES.listConversations, { query }),
    markRead: (phone: string) => call<unknown>(ROUTES.markRead, { params: { phone } }),
    /** Assigns the conversation to an operator, or unassigns it with null. */
    assign: (phone: string, assigneeId: string | null) => call<unknown>(ROUTES.assign, { params: { phone }, body: { assignee_id: assigneeId } }),
    resolve: (phone: string) => call<unknown>(ROUTES.resolve, { params: { phone } }),
    reopen: (phone: string) => call<unknown>(ROUTES.reopen, { params: { phone } }),
    /** Tells the other operators I am typing here (the server passes on one per 3 s). */
    typing: (phone: string) => call<unknown>(ROUTES.typing, { params: { phone } }),
    listOperators: (includeDisabled = false) => call<{ data: ListedOperator[] }>(ROUTES.listOperators, { query: { include_disabled: includeDisabled ? 'true' : undefined } }),
    createOperator: (operator: NewOperator) => call<ListedOperator & { password?: string }>(ROUTES.createOperator, { body: operator }),
    updateOperator: (id: string, change: OperatorChange) => call<ListedOperator>(ROUTES.updateOperator, { params: { id }, body: change }),
    listTeams: () => call<{ data: Team[] }>(ROUTES.listTeams),
    createTeam: (team: TeamFields) => call<Team>(ROUTES.createTeam, { body: team }),
    updateTeam: (id: string, change: Partial<TeamFields>) => call<Team>(ROUTES.updateTeam, { params: { id }, body: change }),
    setTeamMembers: (id: string, operatorIds: string[]) => call<Team>(ROUTES.setTeamMembers, { params: { id }, body: { operator_ids: operatorIds } }),
    /** Routes the conversation to a team, or unroutes it with null. */
    setConversationTeam: (phone: string, teamId: string | null) => call<unknown>(ROUTES.setConversationTeam, { params: { phone }, body: { team_id: teamId } }),
    contactMessages: (phone: string, cursor?: string) => call<Page<Message>>(ROUTES.contactMessages, { params: { phone }, query: { cursor } }),
    contact: (phone: string) => call<Contact>(ROUTES.contact, { params: { phone } }),
    paymentLink: (phone: string) => call<PaymentLink>(ROUTES.paymentLink, { params: { phone } }),
    cannedReplies: (phone: string) => call<{ data: CannedReply[] }>(ROUTES.cannedReplies, { params: { phone } }),
    /** What sending the template (or, without one, a free-form message) to the contact would cost now. */
    sendEstimate: (phone: string, template?: { name: string; language: string }) =>
      call<SendEstimate>(ROUTES.sendEstimate, { params: { phone }, query: template ? { template: template.name, language: template.language } : {} }),
    /** Every approved template, the provider's samples too: what an operator may send. */
    approvedTemplates: () => call<{ data: Template[] }>(ROUTES.listTemplates, { query: { status: 'approved', origin: 'all', limit: 500 } }),
    previewTemplate: (request: { name: string; language: string } & Partial<TemplateValues>) => call<TemplatePreview>(ROUTES.previewTemplate, { body: request }),
    /** The templates page: templates with their status, lint and usage; `total` counts every match. */
    listTemplates: (query: TemplateListQuery = {}) => call<{ data: ManagedTemplate[]; total: number }>(ROUTES.listTemplates, { query: { ...query } }),
    template: (name: string, language: string) => call<TemplateDetail>(ROUTES.template, { params: { name, language } }),
    templateLanguages: () => call<LanguageReport>(ROUTES.templateLanguages),
    submitTemplate: (name: string, language: string) => call<{ outcome: 'submitted' | 'unchanged'; template: ManagedTemplate }>(ROUTES.submitTemplate, { params: { name, language } }),
    syncTemplates: () => call<TemplateSyncSummary>(ROUTES.syncTemplates),
    sendMessage: (request: SendRequest) => call<Message>(ROUTES.sendMessage, { body: request }),
    /** The dashboard's figures for the `days` days that end today, in the business's time zone. */
    messageReport: (query: { days?: number; from?: string; to?: string; zone?: string }) => call<MessageReport>(ROUTES.messageReport, { query }),
    listNotes: (phone: string) => call<{ data: Note[] }>(ROUTES.listNotes, { params: { phone } }),
    addNote: (phone: string, text: string) => call<Note>(ROUTES.addNote, { params: { phone }, body: { text } }),
    contactEvents: (phone: string, limit = 10) => call<{ data: ContactEvent[] }>(ROUTES.contactEvents, { params: { phone }, query: { limit } }),
    contactSubjects: (phone: string) => call<{ data: LinkedSubject[] }>(ROUTES.contactSubjects, { params: { phone } }),
    /** The live feed's address, for an EventSource (which sends the cookie itself). */
    streamUrl: () => pathOf(ROUTES.stream),
  }
}

export type ApiClient = ReturnType<typeof createApiClient>
