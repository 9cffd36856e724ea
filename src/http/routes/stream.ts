import type { ServerResponse } from 'node:http'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { FeedEntry } from '../../core/events/feed.js'
import { ParleyError } from '../../core/errors.js'
import { errorSchema } from '../schemas.js'

export interface StreamRoutesDeps {
  feed: {
    /** Entries after `seq`, oldest first. */
    after(seq: number, limit: number): Promise<FeedEntry[]>
    /** The newest entry's seq (0 when empty). */
    head(): Promise<number>
  }
  /** What of the feed this request may read, as it is to be sent (other teams' entries dropped, numbers masked); default: all of it. */
  view?(request: FastifyRequest): Promise<(entries: FeedEntry[]) => Promise<Array<{ seq: number; type: string; data: unknown }>>>
  /** Calls `listener` when this process committed something the feed may carry; returns the unsubscribe. */
  onLocalChange(listener: () => void): () => void
  /** How often a stream looks for other processes' commits (a worker's status changes). */
  pollMs: number
  heartbeatMs: number
  /** Streams open at once in this process; one more is a 503. */
  maxStreams: number
}

const BATCH = 500

/**
 * The inbox's live feed over Server-Sent Events: replays the durable feed after `Last-Event-ID`
 * (or `?after=`), then follows it. Every process appends to the feed in its commits, so a stream
 * sees the worker's changes too: it wakes on this process's bus and polls for the others'.
 */
export const streamRoutes: FastifyPluginAsyncZod<StreamRoutesDeps> = async (app, deps) => {
  const open = new Set<() => void>()
  // Streams never end on their own: they are ended before the server closes, so close() does not wait on them.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end()
  })

  app.get(
    '/v1/stream',
    {
      schema: {
        summary: 'The live feed of the inbox (Server-Sent Events)',
        description:
          'Each event is `id: <seq>`, `event: <type>` (message.created, message.status_changed, message.inbound, contact.updated, conversation.assigned, conversation.team_changed) and `data: <the event as JSON>`. The stream of an operator carries only the conversations they may see (of their teams, unrouted, or assigned to them); a role in PARLEY_MASK_PHONES_FOR gets every number masked. Reconnect with `Last-Event-ID` (EventSource does it) or `?after=<seq>` to get what was missed; without either the stream starts at the newest entry. Entries are kept for 24 hours. A comment line is sent every 15 seconds to keep proxies from closing an idle stream.',
        tags: ['conversations'],
        querystring: z.object({ after: z.coerce.number().int().min(0).optional() }),
        headers: z.object({ 'last-event-id': z.string().regex(/^\d{1,15}$/, 'an id the stream sent').optional() }).loose(),
        response: { 400: errorSchema, 401: errorSchema, 503: errorSchema },
      },
    },
    async (request, reply) => {
      if (open.size >= deps.maxStreams) throw new ParleyError('unavailable', `This process already serves ${deps.maxStreams} live streams; try again later.`)
      const given = request.headers['last-event-id'] ?? request.query.after
      let last = given !== undefined ? Number(given) : await deps.feed.head()
      const present = deps.view ? await deps.view(request) : async (entries: FeedEntry[]) => entries
      const res = reply.raw
      reply.hijack()
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' })
      res.write(': stream open\n\n')

      let ended = false
      let wake: (() => void) | null = null
      // A change heard while the stream was reading is read at once, not at the next poll.
      let missed = false
      const poke = () => {
        if (wake) wake()
        else missed = true
        wake = null
      }
      const end = () => {
        if (ended) return
        ended = true
        poke()
        res.end()
      }
      open.add(end)
      const unsubscribe = deps.onLocalChange(poke)
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), deps.heartbeatMs)
      res.on('close', end)
      try {
        while (!ended) {
          const entries = await deps.feed.after(last, BATCH)
          for (const entry of await present(entries)) {
            if (ended) break
            await write(res, `id: ${entry.seq}\nevent: ${entry.type}\ndata: ${JSON.stringify(entry.data)}\n\n`)
          }
          // Entries this stream may not read are passed over too: a reconnect starts after them.
          if (!ended && entries.length > 0) last = entries.at(-1)!.seq
          if (entries.length === BATCH || ended || missed) {
            missed = false
            continue
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, deps.pollMs)
            wake = () => {
              clearTimeout(timer)
              resolve()
            }
          })
        }
      } catch (error) {
        request.log.warn({ err: error }, 'live stream ended by an error')
      } finally {
        clearInterval(heartbeat)
        unsubscribe()
        open.delete(end)
        end()
      }
    },
  )
}

/** Writes, waiting for the socket to drain when its buffer is full (a slow client slows only its own stream). */
async function write(res: ServerResponse, chunk: string): Promise<void> {
  if (res.write(chunk) || res.destroyed) return
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}
