import { connect } from 'node:net'
import fc from 'fast-check'
import { nastyString } from '../support/fuzz.js'
import { TEST_API_KEY } from '../support/harness.js'

// HTTP/1.1 as bytes on a socket: what Node's parser sees before Fastify does.

const headerLine = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('Host: 127.0.0.1', `Authorization: Bearer ${TEST_API_KEY}`, 'Content-Type: application/json', 'Connection: close', 'Content-Length: 36') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'Bad Header: x',
      'X: a\u0001b',
      `X-Big: ${'a'.repeat(20_000)}`,
      'Content-Length: -1',
      'Content-Length: 5\r\nContent-Length: 6',
      'Content-Length: 99999999999999999999',
      'Transfer-Encoding: chunked',
      'Transfer-Encoding: gzip, chunked',
      'Transfer-Encoding: chunked\r\nContent-Length: 5',
      ': no-name',
      'NoColon',
      ' Folded: continuation',
      'Expect: 100-continue',
      'Upgrade: websocket\r\nConnection: Upgrade',
    ),
  },
  { weight: 1, arbitrary: fc.tuple(nastyString, nastyString).map(([name, value]) => `X-${name}: ${value}`) },
)

/** Raw HTTP/1.1: request lines, header lines and body framing as a broken client or a scanner sends them. */
export const rawHttpRequest: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'G ET', '', 'PRI', 'get', 'CONNECT', 'TRACE', 'GET\u0000'),
    fc.oneof(fc.constantFrom('/healthz', '/v1/messages', '/v1/contacts/%2B4915112345678', '*', '', '/%', 'http://127.0.0.1/healthz', '/\u0000', '/ /', '/v1/messages?'), nastyString.map((s) => `/${s}`)),
    fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', '', 'HTTP/1.1 x', 'http/1.1'),
    fc.array(headerLine, { maxLength: 5 }),
    fc.constantFrom('', '{"to":"+4915112345678","text":"hi"}', 'zz\r\n', '0\r\n\r\n', '5\r\nhello\r\n0\r\n\r\n', 'GARBAGE\r\n\r\n'),
  )
  .map(([method, path, version, headers, body]) => `${[`${method} ${path} ${version}`, ...headers].join('\r\n')}\r\n\r\n${body}`)

/** Writes raw bytes to the server, closes the sending side, and collects everything it answers until it closes. */
export function exchange(url: string, bytes: string): Promise<Buffer> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const socket = connect(Number(port), hostname, () => socket.end(bytes, 'latin1'))
    socket.setTimeout(15_000, () => socket.destroy(new Error('no answer within 15 s')))
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)))
    socket.on('close', () => resolve(Buffer.concat(chunks)))
  })
}

/** The HTTP/1.1 answers in a byte stream (several when the bytes held several requests): status and body of each. */
export function answers(stream: Buffer): Array<{ status: number; body: string }> {
  const found: Array<{ status: number; body: string }> = []
  let rest = stream
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n')
    if (end < 0) throw new Error(`an answer without the end of its headers: ${JSON.stringify(rest.toString('latin1').slice(0, 300))}`)
    const head = rest.subarray(0, end).toString('latin1')
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1])
    rest = rest.subarray(end + 4)
    const chunks: Buffer[] = []
    if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      for (;;) {
        const line = rest.indexOf('\r\n')
        const size = parseInt(rest.subarray(0, line).toString('latin1'), 16)
        chunks.push(rest.subarray(line + 2, line + 2 + size))
        rest = rest.subarray(line + 2 + size + 2)
        if (size === 0 || !(size >= 0)) break
      }
    } else {
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0)
      chunks.push(rest.subarray(0, length))
      rest = rest.subarray(length)
    }
    found.push({ status, body: Buffer.concat(chunks).toString('utf8') })
  }
  return found
}
