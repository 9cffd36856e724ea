import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { isIP } from 'node:net'
import { Agent, buildConnector, request } from 'undici'
import { classifyAddress, isAllowedClass, type TargetPolicy } from '../core/outgoing/target-policy.js'
import { networkErrorCode } from './network-errors.js'

/**
 * HTTP for webhooks to the business's systems, on its own connection pool: every address a
 * connection goes to is checked against the target policy right before connecting, after DNS, so a
 * name that resolved to a public address at subscription and to 127.0.0.1 now (DNS rebinding) is
 * still refused. The provider client (http-client.ts) is not involved: its targets are configured.
 */

/** How one post ended, without anything the far side said beyond its status. */
export type OutgoingPostResult = { kind: 'answered'; status: number } | { kind: 'refused' } | { kind: 'failed' }

export interface OutgoingPoster {
  /** Posts once; never throws, never follows a redirect. */
  post(url: string, headers: Record<string, string>, body: string): Promise<OutgoingPostResult>
  /** Closes pooled connections after the posts in flight have finished. */
  close(): Promise<void>
  /** Cuts the posts in flight (each ends `failed`, to be retried) and closes the pool. */
  destroy(): Promise<void>
}

export interface OutgoingPosterOptions extends TargetPolicy {
  timeoutMs: number
  connections?: number
}

const REFUSED = 'ERR_PARLEY_ADDRESS_REFUSED'

class AddressRefused extends Error {
  readonly code = REFUSED
  constructor() {
    super('refused: the address is not allowed by the outgoing webhook policy')
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/** A `net.connect` lookup that resolves every address of the name and refuses the connection if any is not allowed. */
function guardedLookup(policy: TargetPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, [])
      // All of them, not only the one Node would pick: with Happy Eyeballs it may try any.
      if (addresses.some((a) => !allowed(a.address, policy))) return callback(new AddressRefused(), [])
      if (options.all) return callback(null, addresses)
      const first = addresses[0]
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), [])
      callback(null, first.address, first.family)
    })
  }
}

function allowed(address: string, policy: TargetPolicy): boolean {
  const cls = classifyAddress(address)
  // An address the classifier cannot read is not connected to: failing closed.
  return cls !== null && isAllowedClass(cls, policy)
}

/** Creates the poster for outgoing webhooks, checking addresses per `policy` at connect time. */
export function createOutgoingPoster(options: OutgoingPosterOptions): OutgoingPoster {
  const policy: TargetPolicy = { allowPrivate: options.allowPrivate }
  const connectToResolved = buildConnector({ timeout: options.timeoutMs, lookup: guardedLookup(policy) })
  const agent = new Agent({
    connections: options.connections ?? 16,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    // Node skips the lookup for an address literal, so a literal (a subscription stored before the
    // policy existed, or written to the database by hand) is checked here.
    connect(connectOptions, callback) {
      if (isIP(connectOptions.hostname) && !allowed(connectOptions.hostname, policy)) return callback(new AddressRefused(), null)
      connectToResolved(connectOptions, callback)
    },
  })
  let destroyed = false
  return {
    async post(url, headers, body) {
      try {
        // undici's request() never follows redirects: a 3xx is an answer like any other non-2xx.
        const answer = await request(url, {
          dispatcher: agent,
          method: 'POST',
          headers,
          body,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
          signal: AbortSignal.timeout(options.timeoutMs),
        })
        // The body is drained unread: what a receiver says is not Parley's to keep or show.
        await answer.body.dump().catch(() => undefined)
        return { kind: 'answered', status: answer.statusCode }
      } catch (error) {
        return networkErrorCode(error) === REFUSED ? { kind: 'refused' } : { kind: 'failed' }
      }
    },
    close: () => (destroyed ? Promise.resolve() : agent.close()),
    destroy() {
      if (destroyed) return Promise.resolve()
      destroyed = true
      return agent.destroy()
    },
  }
}
