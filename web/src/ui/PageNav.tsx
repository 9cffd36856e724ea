import { useTranslation } from 'react-i18next'
import type { Operator } from '../api/types.ts'
import { pageHash, type PageName } from './hash-page.ts'

/** The pages a role may open: the admin page only for an admin (the API refuses the rest anyway). */
export function pagesFor(role: Operator['role']): PageName[] {
  return role === 'admin' ? ['inbox', 'templates', 'dashboard', 'admin'] : ['inbox', 'templates', 'dashboard']
}

export function PageNav({ role, current }: { role: Operator['role']; current: PageName }) {
  const { t } = useTranslation()
  return (
    <nav className="app__nav" aria-label={t('nav.label')}>
      {pagesFor(role).map((page) => (
        <a key={page} href={pageHash(page)} aria-current={page === current ? 'page' : undefined}>
          {t(`nav.${page}`)}
        </a>
      ))}
    </nav>
  )
}
