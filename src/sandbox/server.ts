import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { handleCloudApi } from './cloud-api-routes.js'
import { handleControl } from './control-routes.js'
import { errorEnvelope } from './errors.js'
import type { FlavourSet } from './flavours/flavour-set.js'
import type { RouteContext } from './graph-answers.js'
import { pathOf, sendJson } from './http-io.js'
import { metaJson } from './meta-json.js'
import type { Sandbox } from './sandbox-api.js'
import type { SandboxState } from './state.js'

/**
 * The sandbox's HTTP server: plain node:http so the send path has no framework overhead, with
 * keep-alive for the gateway's connection pool and a `close()` that leaves no sockets or timers.
 */

export interface SandboxServer {
  url: string
  close(): Promise<void>
}

export async function listen(state: SandboxState, control: Sandbox, flavours: FlavourSet, host: string, port: number): Promise<SandboxServer> {
  const timers = new Set<NodeJS.Timeout>()
  const ctx: RouteContext = {
    state,
    later(ms, fn) {
      const t = setTimeout(() => {
        timers.delete(t)
        fn()
      }, ms)
      timers.add(t)
    },
  }
  const server: Server = createServer((req, res) => {
    const path = pathOf(req)
    // A flavour's prefix first: `/360dialog/…` would otherwise read as Meta's `/{object-id}/…`.
    const flavour = flavours.route(path)
    const done = flavour
      ? flavour.flavour.handle(ctx, req, res, flavour.rest)
      : path.startsWith('/sandbox/')
        ? handleControl(control, req, res, path)
        : path === '/healthz'
          ? (sendJson(res, 200, { status: 'ok' }), undefined)
          : handleCloudApi(ctx, req, res, path)
    done
      ?.catch((e: unknown) => {
        // A sandbox bug: answer like a platform failure, never hang the caller.
        const { status, body } = errorEnvelope({ code: 131000, details: String(e) }, state.ids.fbtraceId())
        if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(metaJson(body))
      })
      // Reads change nothing worth keeping; everything else (sends, template calls, controls) may.
      .finally(() => {
        if (req.method !== 'GET' && req.method !== 'HEAD') state.touch()
      })
  })
  // Longer than common client pools' idle timeouts, so the client closes idle sockets first.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${shownHost}:${address.port}`,
    async close() {
      for (const t of timers) clearTimeout(t)
      timers.clear()
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await closed
    },
  }
}
