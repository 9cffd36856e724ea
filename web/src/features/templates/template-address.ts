import { useEffect, useState } from 'react'

/** One template's address on the page: `#/templates/<name>/<language>`. */
export function templateHash(name: string, language: string): string {
  return `#/templates/${encodeURIComponent(name)}/${encodeURIComponent(language)}`
}

export const TEMPLATES_HASH = '#/templates'

export type TemplateAddress = { kind: 'list' } | { kind: 'detail'; name: string; language: string }

/** What a `#/templates…` address shows: one template when it names one, else the list. */
export function addressOf(hash: string): TemplateAddress {
  const match = /^#\/templates\/([^/]+)\/([^/]+)\/?$/.exec(hash)
  if (!match) return { kind: 'list' }
  try {
    return { kind: 'detail', name: decodeURIComponent(match[1]!), language: decodeURIComponent(match[2]!) }
  } catch {
    // A hand-typed address with a broken escape: the list rather than a crash.
    return { kind: 'list' }
  }
}

/** The address bar's template, followed as the operator opens one or goes back. */
export function useTemplateAddress(): TemplateAddress {
  const [address, setAddress] = useState(() => addressOf(window.location.hash))
  useEffect(() => {
    const follow = () => setAddress(addressOf(window.location.hash))
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [])
  return address
}
