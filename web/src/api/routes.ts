/**
 * Every API operation the inbox calls, in the OpenAPI spelling of its path. The client calls only
 * these, and test/http/web-client-routes.test.ts checks each against Parley's /openapi.json.
 */
export const ROUTES = {
  login: { method: 'POST', path: '/v1/session' },
  currentSession: { method: 'GET', path: '/v1/session' },
  logout: { method: 'DELETE', path: '/v1/session' },
  listConversations: { method: 'GET', path: '/v1/conversations' },
  markRead: { method: 'POST', path: '/v1/conversations/{phone}/read' },
  assign: { method: 'PUT', path: '/v1/conversations/{phone}/assignee' },
  resolve: { method: 'POST', path: '/v1/conversations/{phone}/resolve' },
  reopen: { method: 'POST', path: '/v1/conversations/{phone}/reopen' },
  typing: { method: 'POST', path: '/v1/conversations/{phone}/typing' },
  listOperators: { method: 'GET', path: '/v1/operators' },
  createOperator: { method: 'POST', path: '/v1/operators' },
  updateOperator: { method: 'PATCH', path: '/v1/operators/{id}' },
  listTeams: { method: 'GET', path: '/v1/teams' },
  createTeam: { method: 'POST', path: '/v1/teams' },
  updateTeam: { method: 'PATCH', path: '/v1/teams/{id}' },
  setTeamMembers: { method: 'PUT', path: '/v1/teams/{id}/members' },
  setConversationTeam: { method: 'PUT', path: '/v1/conversations/{phone}/team' },
  contact: { method: 'GET', path: '/v1/contacts/{phone}' },
  paymentLink: { method: 'GET', path: '/v1/contacts/{phone}/payment-link' },
  cannedReplies: { method: 'GET', path: '/v1/contacts/{phone}/canned-replies' },
  sendEstimate: { method: 'GET', path: '/v1/contacts/{phone}/send-estimate' },
  listTemplates: { method: 'GET', path: '/v1/templates' },
  previewTemplate: { method: 'POST', path: '/v1/templates/preview' },
  templateLanguages: { method: 'GET', path: '/v1/templates/languages' },
  template: { method: 'GET', path: '/v1/templates/{name}/{language}' },
  submitTemplate: { method: 'POST', path: '/v1/templates/{name}/{language}/submit' },
  syncTemplates: { method: 'POST', path: '/v1/templates/sync' },
  contactMessages: { method: 'GET', path: '/v1/contacts/{phone}/messages' },
  sendMessage: { method: 'POST', path: '/v1/messages' },
  stream: { method: 'GET', path: '/v1/stream' },
  messageReport: { method: 'GET', path: '/v1/analytics/messages' },
  listNotes: { method: 'GET', path: '/v1/conversations/{phone}/notes' },
  addNote: { method: 'POST', path: '/v1/conversations/{phone}/notes' },
  contactEvents: { method: 'GET', path: '/v1/contacts/{phone}/events' },
  contactSubjects: { method: 'GET', path: '/v1/contacts/{phone}/subjects' },
} as const

export type RouteName = keyof typeof ROUTES
export type Route = (typeof ROUTES)[RouteName]
