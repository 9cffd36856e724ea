import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import net, { type AddressInfo } from 'node:net'

/** A real HTTP server on a loopback port, counting what reached it, for tests that need misbehaviour. */
export interface LocalServer {
  url: string
  /** Requests whose head the server has read. */
  readonly requests: number
  /** TCP connections the server accepted. */
  readonly connections: number
  close(): Promise<void>
}

/** Starts a `node:http` server that answers every request with `handler` (after reading the body). */
export async function startServer(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<LocalServer> {
  let requests = 0
  let connections = 0
  const server: Server = createServer((req, res) => {
    requests++
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')))
  })
  server.on('connection', () => connections++)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests
    },
    get connections() {
      return connections
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A loopback port nothing listens on: bound once, then released. */
export async function refusedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/**
 * A listener whose process never accepts: it blocks its own event loop, and the kernel's accept
 * queue (backlog 1) is filled here, so further connection attempts hang in SYN-SENT. That is a
 * connect timeout on loopback, without a firewall or an unroutable address.
 */
export async function unacceptingPort(): Promise<{ port: number; close(): void }> {
  // The port is written synchronously and the loop blocked at once: the listener never gets to
  // accept, however slowly this machine runs the child.
  const script = `const s = require('net').createServer()
s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  require('fs').writeSync(1, String(s.address().port) + '\\n')
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)
})`
  const child: ChildProcess = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))))
  const fillers: net.Socket[] = []
  for (let i = 0; i < 16; i++) {
    const socket = net.connect(port, '127.0.0.1')
    socket.on('error', () => undefined)
    fillers.push(socket)
    const connected = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300)
      socket.once('connect', () => {
        clearTimeout(timer)
        resolve(true)
      })
    })
    if (!connected) break
  }
  return {
    port,
    close() {
      for (const socket of fillers) socket.destroy()
      child.kill('SIGKILL')
    },
  }
}
