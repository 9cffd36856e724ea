import { useEffect, useState } from 'react'

/** The app's pages, each at its own `#/…` address so a link or a reload opens it. */
export const PAGES = ['inbox', 'templates', 'dashboard', 'admin'] as const
export type PageName = (typeof PAGES)[number]

const ADDRESSES: Record<PageName, string> = {
  inbox: '#/conversations',
  templates: '#/templates',
  dashboard: '#/dashboard',
  admin: '#/admin',
}

/** A page's address. */
export function pageHash(page: PageName): string {
  return ADDRESSES[page]
}

/** The page an address names: `#/templates…` is the templates page; anything else is the inbox. */
export function pageOfHash(hash: string): PageName {
  for (const page of PAGES) {
    const address = ADDRESSES[page]
    if (hash === address || hash.startsWith(`${address}/`)) return page
  }
  return 'inbox'
}

/** The page the address bar names, followed as the operator clicks links or goes back. */
export function useHashPage(): PageName {
  const [page, setPage] = useState(() => pageOfHash(window.location.hash))
  useEffect(() => {
    const follow = () => setPage(pageOfHash(window.location.hash))
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [])
  return page
}
