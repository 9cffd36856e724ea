import type { FastifyReply, FastifyRequest } from 'fastify'
import { ParleyError } from '../core/errors.js'
import type { KeyRateLimit } from '../core/keys/model.js'
import { takeRequestToken, type Bucket } from '../core/keys/request-budget.js'
import type { Clock } from '../core/ports.js'

/**
 * Per-key request limits, held in this process: with several API processes behind one address,
 * each allows a key its full rate (the limit guards a process against one client, not the
 * provider's throughput, which the dispatcher's shared buckets guard).
 */
export function keyRateLimit(defaults: KeyRateLimit, clock: Clock) {
  const buckets = new Map<string, Bucket>()
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const key = request.apiKey
    if (!key) return
    const limit = key.rateLimit ?? defaults
    const taken = takeRequestToken(buckets.get(key.id), limit, clock.now())
    buckets.set(key.id, taken.bucket)
    if (taken.kind === 'granted') return
    const seconds = Math.max(1, Math.ceil(taken.retryAfter / 1000))
    void reply.header('retry-after', String(seconds))
    throw new ParleyError('rate_limited', `Too many requests for key ${key.id}: at most ${limit.perSecond} per second (bursts of ${limit.burst}); try again in ${seconds} s.`, {
      retry_after_seconds: seconds,
      limit: { per_second: limit.perSecond, burst: limit.burst },
    })
  }
}
