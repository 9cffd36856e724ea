import { existsSync, statSync } from 'node:fs'
import { join, normalize, sep } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'

/** Paths the operator inbox never answers: a missing API route stays a JSON 404, not the app's page. */
const SERVER_PREFIXES = ['/v1/', '/webhooks/', '/metrics', '/healthz', '/openapi.json', '/docs']

/**
 * The browser may only load what this server serves. React sets styles through the DOM, which a
 * CSP does not restrict, so no 'unsafe-inline' is needed.
 */
export const WEB_APP_CSP = "default-src 'self'; img-src 'self' data:; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley</title></head>
<body><h1>The operator inbox is not built yet</h1>
<p>Build it with <code>npm run build:web</code> (or restart with <code>npm start</code>, which builds it), then reload this page.</p>
</body></html>
`

function isServerPath(path: string): boolean {
  return SERVER_PREFIXES.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix))
}

/** The file below `root` a URL path names, or null (a directory, missing, or outside `root`). */
function fileFor(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  const relative = normalize(decoded).replace(/^([/\\])+/, '')
  if (relative === '' || relative.split(sep).includes('..')) return null
  const file = join(root, relative)
  return existsSync(file) && statSync(file).isFile() ? relative : null
}

/**
 * Serves the built operator inbox (`web/dist`) at `/`: hashed assets cached for a year, every
 * other path the app's index.html (the app routes in the browser), never cached so that a new
 * build is picked up at the next load. Whether the build exists is decided per request, so building
 * it while Parley runs needs no restart.
 */
export async function webAppRoutes(app: FastifyInstance, options: { root: string }): Promise<void> {
  const { root } = options
  await app.register(fastifyStatic, { root, serve: false })

  const sendIndex = (reply: FastifyReply) => {
    reply.header('content-security-policy', WEB_APP_CSP)
    if (!existsSync(join(root, 'index.html'))) return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE)
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false })
  }

  app.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply))
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/'
    if (isServerPath(path)) return reply.callNotFound()
    const file = fileFor(root, path)
    if (!file || file === 'index.html') return sendIndex(reply)
    reply.header('content-security-policy', WEB_APP_CSP)
    // Vite names each built asset by its content hash, so a cached copy can never be stale.
    if (file.startsWith(`assets${sep}`)) return reply.sendFile(file, { maxAge: '365d', immutable: true })
    return reply.header('cache-control', 'no-cache').sendFile(file, { cacheControl: false })
  })
}
