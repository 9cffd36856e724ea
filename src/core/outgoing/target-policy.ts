import { ParleyError } from '../errors.js'
import type { OutgoingWebhookStore } from './ports.js'

/**
 * Where Parley may post the business's webhooks. A subscription is an address Parley connects to
 * from inside its own network, so without a policy anyone with an API key could make Parley probe
 * (or act on) internal services: a database port, the cloud metadata endpoint, the sandbox's reset.
 */

/** The kinds of non-public address; `public` is everything else. */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'unspecified'
  | 'link_local'
  | 'private'
  | 'carrier_grade_nat'
  | 'unique_local'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'metadata'

export interface TargetPolicy {
  /** PARLEY_OUTGOING_ALLOW_PRIVATE: a receiver on this machine or the LAN, for development. */
  allowPrivate: boolean
}

/** Refused even when private targets are allowed: no development receiver lives there. */
const ALWAYS_REFUSED: ReadonlySet<AddressClass> = new Set(['metadata', 'multicast', 'broadcast', 'reserved'])

/** Cloud instance-metadata names that resolve to one of the addresses below. */
const METADATA_HOSTS: ReadonlySet<string> = new Set(['metadata.google.internal', 'metadata.goog'])

type V4Range = readonly [first: number, prefix: number, cls: AddressClass]
const v4 = (text: string): number => text.split('.').reduce((acc, part) => acc * 256 + Number(part), 0)

// First match wins, so the single metadata addresses come before the ranges that contain them.
const V4_RANGES: readonly V4Range[] = [
  [v4('169.254.169.254'), 32, 'metadata'], // AWS, GCP, Azure, Oracle, DigitalOcean…
  [v4('169.254.170.2'), 32, 'metadata'], // AWS ECS task credentials
  [v4('100.100.100.200'), 32, 'metadata'], // Alibaba Cloud
  [v4('192.0.0.192'), 32, 'metadata'], // Oracle Cloud (classic)
  [v4('0.0.0.0'), 8, 'unspecified'], // "this network": a connect to 0.0.0.0 reaches this host
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('10.0.0.0'), 8, 'private'],
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.168.0.0'), 16, 'private'],
  [v4('100.64.0.0'), 10, 'carrier_grade_nat'],
  [v4('169.254.0.0'), 16, 'link_local'],
  [v4('192.0.0.0'), 24, 'reserved'], // IETF protocol assignments
  [v4('192.0.2.0'), 24, 'reserved'], // documentation
  [v4('198.18.0.0'), 15, 'reserved'], // benchmarking
  [v4('198.51.100.0'), 24, 'reserved'], // documentation
  [v4('203.0.113.0'), 24, 'reserved'], // documentation
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('255.255.255.255'), 32, 'broadcast'],
  [v4('240.0.0.0'), 4, 'reserved'],
]

function classifyV4(address: number): AddressClass {
  for (const [first, prefix, cls] of V4_RANGES) {
    const size = 2 ** (32 - prefix)
    if (address >= first && address < first + size) return cls
  }
  return 'public'
}

/** Dotted-quad decimal only: the URL parser and the resolver both hand addresses over in that form. */
function parseV4(text: string): number | null {
  const parts = text.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null
  return v4(text)
}

/** Eight 16-bit groups, or null; accepts `::` compression and a trailing dotted quad. */
function parseV6(text: string): number[] | null {
  if (!/^[0-9a-f:.]+$/i.test(text)) return null
  let body = text
  const lastColon = text.lastIndexOf(':')
  if (text.includes('.', lastColon)) {
    // A trailing dotted quad is the last two groups written in decimal: rewrite it in hex.
    const quad = parseV4(text.slice(lastColon + 1))
    if (quad === null) return null
    body = `${text.slice(0, lastColon + 1)}${Math.floor(quad / 65536).toString(16)}:${(quad % 65536).toString(16)}`
  }
  const halves = body.split('::')
  if (halves.length > 2) return null
  const groups = (half: string): number[] | null => {
    if (half === '') return []
    const out = half.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN))
    return out.some(Number.isNaN) ? null : out
  }
  const head = groups(halves[0]!)
  const rest = halves.length === 2 ? groups(halves[1]!) : []
  if (head === null || rest === null) return null
  const given = head.length + rest.length
  if (halves.length === 1 ? given !== 8 : given > 7) return null
  return [...head, ...Array<number>(8 - given).fill(0), ...rest]
}

function classifyV6(g: number[]): AddressClass {
  const embeddedV4 = (hi: number, lo: number): AddressClass => classifyV4(hi * 65536 + lo)
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0)
  if (zeros(0, 8)) return 'unspecified'
  if (zeros(0, 7) && g[7] === 1) return 'loopback'
  // IPv4-mapped (::ffff:a.b.c.d) and the deprecated IPv4-compatible (::a.b.c.d) forms reach the
  // IPv4 address they carry; so does NAT64 (64:ff9b::/96) and 6to4 (2002:AABB:CCDD::/16).
  if (zeros(0, 5) && g[5] === 0xffff) return embeddedV4(g[6]!, g[7]!)
  if (zeros(0, 6)) return embeddedV4(g[6]!, g[7]!)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return embeddedV4(g[6]!, g[7]!)
  if (g[0] === 0x2002) return embeddedV4(g[1]!, g[2]!)
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && zeros(2, 7) && g[7] === 0x254) return 'metadata' // AWS over IPv6
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link_local'
  if ((g[0]! & 0xffc0) === 0xfec0) return 'private' // site-local, deprecated but still routed by some
  if ((g[0]! & 0xfe00) === 0xfc00) return 'unique_local'
  if ((g[0]! & 0xff00) === 0xff00) return 'multicast'
  if (g[0] === 0x2001 && (g[1] === 0x0db8 || g[1] === 0)) return 'reserved' // documentation; Teredo hides an IPv4 address
  if (g[0] === 0x0100 && zeros(1, 4)) return 'reserved' // discard prefix
  return 'public'
}

/** The class of an IP address literal (IPv6 with or without brackets); null if it is not one. */
export function classifyAddress(text: string): AddressClass | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text
  const quad = parseV4(bare)
  if (quad !== null) return classifyV4(quad)
  const groups = bare.includes(':') ? parseV6(bare) : null
  return groups === null ? null : classifyV6(groups)
}

/** Whether the policy lets Parley connect to an address of this class. */
export function isAllowedClass(cls: AddressClass, policy: TargetPolicy): boolean {
  if (cls === 'public') return true
  return policy.allowPrivate && !ALWAYS_REFUSED.has(cls)
}

export type TargetVerdict = { kind: 'allowed' } | { kind: 'refused'; reason: string }

/**
 * Checks a subscription URL before it is stored: an http(s) URL whose host, if an address literal,
 * is allowed. A host name is resolved only when a delivery connects, and checked again there.
 */
export function checkWebhookUrl(url: string, policy: TargetPolicy): TargetVerdict {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { kind: 'refused', reason: 'is not a URL' }
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { kind: 'refused', reason: 'must be an http or https URL' }
  // The URL parser has already turned 2130706433, 0177.0.0.1 and 0x7f.1 into 127.0.0.1.
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '')
  if (METADATA_HOSTS.has(host)) return { kind: 'refused', reason: 'is a cloud metadata endpoint' }
  const cls = classifyAddress(host)
  if (cls === null || isAllowedClass(cls, policy)) return { kind: 'allowed' }
  return { kind: 'refused', reason: `points at a ${cls.replace(/_/g, '-')} address` }
}

/** The store, refusing to subscribe a URL the policy forbids (`webhook_url_forbidden`). */
export function guardSubscriptions(store: OutgoingWebhookStore, policy: TargetPolicy): OutgoingWebhookStore {
  return {
    ...store,
    async subscribe(subscription) {
      const verdict = checkWebhookUrl(subscription.url, policy)
      if (verdict.kind === 'refused') {
        throw new ParleyError(
          'webhook_url_forbidden',
          `The webhook URL ${verdict.reason}: Parley posts only to public addresses (PARLEY_OUTGOING_ALLOW_PRIVATE=true allows private ones, for development).`,
          { url: subscription.url },
        )
      }
      return store.subscribe(subscription)
    },
  }
}
