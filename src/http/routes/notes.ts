import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ParleyError } from '../../core/errors.js'
import { addNote, type AddNoteDeps } from '../../core/notes/add-note.js'
import { NOTE_TEXT_MAX, type Note } from '../../core/notes/model.js'
import { requirePhone } from '../require-phone.js'
import { errorSchema } from '../schemas.js'
import { instantJson } from '../views.js'

export type NoteRoutesDeps = AddNoteDeps

const phoneParams = z.object({ phone: z.string().min(1).max(40).describe('E.164, URL-encoded: %2B4915112345678') })

const noteSchema = z
  .object({
    id: z.string(),
    phone: z.string(),
    author_id: z.string().describe('The operator who wrote it'),
    text: z.string(),
    mentions: z.array(z.string()).describe('The operators the text mentions (@name or @ the e-mail address before the @), resolved when it was written'),
    created_at: z.string(),
  })
  .meta({ id: 'Note' })

function noteJson(note: Note): z.output<typeof noteSchema> {
  return { id: note.id, phone: note.phone, author_id: note.authorId, text: note.text, mentions: note.mentions, created_at: instantJson(note.createdAt) }
}

/** Internal notes on a conversation: written by operators, read by anyone who reads conversations, never sent. */
export const noteRoutes: FastifyPluginAsyncZod<NoteRoutesDeps> = async (app, deps) => {
  app.post(
    '/v1/conversations/:phone/notes',
    {
      schema: {
        summary: 'Writes an internal note on a conversation (never sent to the contact)',
        description:
          'Only a signed-in operator writes notes (an API key has no author: 403 forbidden). `@Name`, `@First` or `@local-part` (of an e-mail address) mention an operator; an unknown or ambiguous mention stays plain text. Emits `note.created` on the live feed and is written to the audit log.',
        tags: ['conversations'],
        params: phoneParams,
        body: z.object({ text: z.string().trim().min(1).max(NOTE_TEXT_MAX) }).strict(),
        response: { 201: noteSchema, 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 422: errorSchema },
      },
    },
    async (request, reply) => {
      const phone = requirePhone(request.params.phone)
      const actor = request.actor
      if (actor?.kind !== 'operator') throw new ParleyError('forbidden', 'Notes are written by a signed-in operator: an API key has no author.', { reason: 'operator_only' })
      const note = await addNote(deps, { phone, authorId: actor.id, text: request.body.text })
      if (!note) throw new ParleyError('not_found', `No contact ${phone}.`)
      return reply.status(201).send(noteJson(note))
    },
  )

  app.get(
    '/v1/conversations/:phone/notes',
    {
      schema: {
        summary: "A conversation's internal notes, newest first",
        tags: ['conversations'],
        params: phoneParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(100) }),
        response: { 200: z.object({ data: z.array(noteSchema) }), 400: errorSchema, 401: errorSchema, 404: errorSchema, 422: errorSchema },
      },
    },
    async (request) => {
      const phone = requirePhone(request.params.phone)
      const notes = await deps.notes.list(phone, request.query.limit)
      if (!notes) throw new ParleyError('not_found', `No contact ${phone}.`)
      return { data: notes.map(noteJson) }
    },
  )
}
