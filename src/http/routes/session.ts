import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ParleyError } from '../../core/errors.js'
import { login, type LoginDeps } from '../../core/operators/login.js'
import { ROLES, operatorView } from '../../core/operators/model.js'
import { toIso } from '../../core/shared/time.js'
import { SESSION_COOKIE } from '../auth.js'
import { errorSchema } from '../schemas.js'

export interface SessionRoutesDeps {
  login: LoginDeps
  /** Adds `Secure` to the cookie (PARLEY_COOKIE_SECURE): needed once Parley is served over HTTPS. */
  cookieSecure: boolean
}

const operatorSchema = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(ROLES) }).meta({ id: 'Operator' })

const sessionSchema = z
  .object({
    operator: operatorSchema,
    csrf_token: z.string().describe('Send as the `x-csrf-token` header with every POST, PUT, PATCH and DELETE made with the session cookie'),
    expires_at: z.string().describe('When the session ends unless used again (each use moves it on)'),
  })
  .meta({ id: 'Session' })

/** Login, who am I, logout, and logout everywhere, for the people who use the inbox. */
export const sessionRoutes: FastifyPluginAsyncZod<SessionRoutesDeps> = async (app, deps) => {
  const { audit, sessions, clock, sessionTtlMs } = deps.login
  const clearCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.cookieSecure })

  app.post(
    '/v1/session',
    {
      schema: {
        summary: 'Log in',
        description:
          'Checks an operator\'s e-mail address and password and sets the session cookie `parley_session` (HttpOnly, SameSite=Strict). Five failed tries per address or per client IP within 15 minutes refuse further tries for a while (429 with Retry-After).',
        tags: ['session'],
        body: z.object({ email: z.string().max(254), password: z.string().max(1024) }).strict(),
        response: { 200: sessionSchema, 400: errorSchema, 401: errorSchema },
      },
    },
    async (request, reply) => {
      const result = await login(deps.login, { email: request.body.email, password: request.body.password, ip: request.ip })
      if (result.kind === 'refused') throw new ParleyError('login_failed', 'The e-mail address or the password is wrong.')
      if (result.kind === 'rate_limited') {
        const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000))
        void reply.header('retry-after', String(seconds))
        throw new ParleyError('rate_limited', `Too many failed logins for this address or from this client; try again in ${seconds} s.`, { retry_after_seconds: seconds })
      }
      void reply.setCookie(SESSION_COOKIE, result.token, { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.cookieSecure })
      return { operator: operatorView(result.operator), csrf_token: result.csrfToken, expires_at: toIso(clock.now() + sessionTtlMs) }
    },
  )

  app.get(
    '/v1/session',
    {
      schema: {
        summary: 'The logged-in operator',
        description: 'Who the session cookie belongs to, and the CSRF token its changes must carry (for a page loaded after login).',
        tags: ['session'],
        response: { 200: sessionSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const session = request.session!
      return { operator: operatorView(session.operator), csrf_token: session.csrfToken, expires_at: toIso(Math.max(session.expiresAt, clock.now() + sessionTtlMs)) }
    },
  )

  app.delete(
    '/v1/session',
    {
      schema: { summary: 'Log out', description: 'Ends this session and clears its cookie.', tags: ['session'], response: { 204: z.null(), 401: errorSchema } },
    },
    async (request, reply) => {
      const session = request.session!
      await sessions.revoke(session.id, clock.now())
      await audit.record({ actor: { kind: 'operator', id: session.operator.id }, action: 'session.logout' })
      return clearCookie(reply).status(204).send(null)
    },
  )

  app.post(
    '/v1/session/logout-everywhere',
    {
      schema: {
        summary: 'Log out everywhere',
        description: "Ends every session of the logged-in operator (other browsers and devices too) and clears this one's cookie.",
        tags: ['session'],
        response: { 200: z.object({ revoked: z.number().int().describe('How many sessions were ended') }), 401: errorSchema },
      },
    },
    async (request, reply) => {
      const { operator } = request.session!
      const revoked = await sessions.revokeAll(operator.id, clock.now())
      await audit.record({ actor: { kind: 'operator', id: operator.id }, action: 'session.logout_everywhere', details: { revoked } })
      return clearCookie(reply).send({ revoked })
    },
  )
}
