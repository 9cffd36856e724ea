// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { LanguageReport, ManagedTemplate, TemplateDetail, TemplateListQuery } from '../../web/src/api/types.ts'
import { TemplatesPage, type TemplatesApi } from '../../web/src/features/templates/TemplatesPage.tsx'
import { renderIn } from './render.tsx'

const NOW = '2026-05-04T10:00:00.000Z'

function template(name: string, language: string, extra: Partial<ManagedTemplate> = {}): ManagedTemplate {
  return {
    name,
    language,
    category: 'UTILITY',
    parameter_format: 'named',
    body: { text: 'Hello {{parent_name}}, the lesson for {{child_name}} is at 15:00.', examples: { parent_name: 'Anna', child_name: 'Max' } },
    status: 'approved',
    provider_status: 'APPROVED',
    provider_template_id: `id-${name}-${language}`,
    origin: 'own',
    tags: ['lessons'],
    folder: 'lessons/reminders',
    quality: null,
    rejection_reason: null,
    lint: [],
    usage: { sent: 3, delivered: 3, read: 2, replied: 1, last_sent_at: NOW },
    created_at: NOW,
    updated_at: NOW,
    status_at: NOW,
    ...extra,
  }
}

const FINDING = {
  rule: 'language.mismatch',
  severity: 'warning' as const,
  component: 'body' as const,
  position: null,
  message: 'The body reads as English, not Turkish.',
  fix: 'Write the Turkish version in Turkish.',
  summary: 'The text is in the declared language.',
  source: 'Meta guideline (the text is in its declared language)',
}

const TEMPLATES: ManagedTemplate[] = [
  template('lesson_reminder', 'en'),
  template('lesson_reminder', 'tr', {
    status: 'rejected',
    provider_status: 'REJECTED',
    rejection_reason: 'INVALID_FORMAT',
    lint: [FINDING],
    usage: { sent: 0, delivered: 0, read: 0, replied: 0, last_sent_at: null },
  }),
  template('fee_due', 'en', { status: 'draft', folder: 'payments', tags: ['money'], usage: { sent: 0, delivered: 0, read: 0, replied: 0, last_sent_at: null } }),
  template('hello_world', 'en_US', { origin: 'provider', folder: null, tags: [] }),
]

const REPORT: LanguageReport = {
  languages: ['en', 'tr'],
  families: [
    { name: 'fee_due', languages: { en: 'draft', tr: 'missing' }, missing: ['tr'] },
    { name: 'lesson_reminder', languages: { en: 'approved', tr: 'rejected' }, missing: [] },
  ],
}

const DETAIL: TemplateDetail = {
  ...TEMPLATES[1]!,
  history: [
    { kind: 'saved', status: 'draft', reason: null, detail: null, source: 'api', at: NOW, recorded_at: NOW },
    { kind: 'submitted', status: 'pending', reason: null, detail: null, source: 'api', at: NOW, recorded_at: NOW },
    { kind: 'status', status: 'rejected', reason: null, detail: { hints: [{ rule: 'language.mismatch', severity: 'warning', message: FINDING.message, fix: FINDING.fix }] }, source: 'webhook', at: NOW, recorded_at: NOW },
    { kind: 'status', status: 'rejected', reason: 'INVALID_FORMAT', detail: { hints: [] }, source: 'sync', at: NOW, recorded_at: NOW },
  ],
}

/** A stand-in for the API client: filters like the server for the fields the tests use, and records calls. */
function fakeApi() {
  const calls = { queries: [] as TemplateListQuery[], submitted: [] as string[], syncs: 0 }
  const api: TemplatesApi = {
    listTemplates: async (query = {}) => {
      calls.queries.push(query)
      const data = TEMPLATES.filter(
        (t) =>
          (query.origin === 'all' || t.origin === (query.origin ?? 'own')) &&
          (!query.status || t.status === query.status) &&
          (!query.folder || t.folder === query.folder || (t.folder ?? '').startsWith(`${query.folder}/`)) &&
          (!query.q || t.name.includes(query.q)),
      )
      return { data, total: data.length }
    },
    template: async (name, language) => {
      const found = name === DETAIL.name && language === DETAIL.language ? DETAIL : TEMPLATES.find((t) => t.name === name && t.language === language)
      return { history: [], ...found! }
    },
    templateLanguages: async () => REPORT,
    submitTemplate: async (name, language) => {
      calls.submitted.push(`${name}/${language}`)
      return { outcome: 'submitted', template: TEMPLATES[2]! }
    },
    syncTemplates: async () => {
      calls.syncs++
      return { created: 1, updated: 2, unchanged: 3, deleted: 0 }
    },
  }
  return { api, calls }
}

const rows = () => screen.getAllByTestId('template-row').map((row) => within(row).getByRole('rowheader').textContent + ' ' + row.querySelectorAll('td')[0]!.textContent)

afterEach(() => {
  window.location.hash = ''
})

describe('the templates page', () => {
  it('lists own templates with status, reason, missing languages, lint and usage; the provider samples on request', async () => {
    const { api } = fakeApi()
    await renderIn(<TemplatesPage api={api} role="operator" />)
    await screen.findByText('Showing 3 of 3')
    expect(rows()).toEqual(['lesson_reminder en', 'lesson_reminder tr', 'fee_due enMissing: tr'])
    const tr = screen.getAllByTestId('template-row')[1]!
    expect(within(tr).getByText('Rejected')).toBeTruthy()
    expect(within(tr).getByText('INVALID_FORMAT')).toBeTruthy()
    expect(within(tr).getByText('0 errors, 1 warnings, 0 notes')).toBeTruthy()
    expect(within(screen.getAllByTestId('template-row')[0]!).getByText('3')).toBeTruthy()

    fireEvent.change(screen.getByLabelText('Origin'), { target: { value: 'all' } })
    await screen.findByText('Showing 4 of 4')
    expect(screen.getByText('Provider sample')).toBeTruthy()
  })

  it('sends each filter and the sort to the API, and offers every folder (parents too), tag and language', async () => {
    const { api, calls } = fakeApi()
    await renderIn(<TemplatesPage api={api} role="viewer" />)
    await screen.findByText('Showing 3 of 3')
    const folder = screen.getByLabelText('Folder')
    await waitFor(() => expect([...folder.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Any', 'lessons', 'lessons/reminders', 'payments']))
    expect([...screen.getByLabelText('Tag').querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Any', 'lessons', 'money'])
    expect([...screen.getByLabelText('Language of template').querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Any', 'en', 'en_US', 'tr'])

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'rejected' } })
    await screen.findByText('Showing 1 of 1')
    expect(rows()).toEqual(['lesson_reminder tr'])
    fireEvent.change(folder, { target: { value: 'lessons' } })
    fireEvent.change(screen.getByLabelText('Tag'), { target: { value: 'lessons' } })
    fireEvent.change(screen.getByLabelText('Language of template'), { target: { value: 'tr' } })
    fireEvent.change(screen.getByLabelText('Search by name or text'), { target: { value: 'lesson' } })
    fireEvent.change(screen.getByLabelText('Sort by'), { target: { value: 'last_sent' } })
    await waitFor(() =>
      expect(calls.queries.at(-1)).toEqual({ origin: 'own', status: 'rejected', folder: 'lessons', tag: 'lessons', language: 'tr', q: 'lesson', sort: 'last_sent', order: 'desc', limit: 100 }),
    )
    expect(screen.getByLabelText('Order')).toHaveProperty('value', 'desc')
  })

  it('shows language coverage: each family against every language in use', async () => {
    const { api } = fakeApi()
    await renderIn(<TemplatesPage api={api} role="viewer" />)
    const coverage = await screen.findByRole('region', { name: 'Language coverage' })
    expect(within(coverage).getByText('Templates missing a language: 1 (languages in use: en, tr).')).toBeTruthy()
    expect(within(coverage).getByRole('link', { name: 'lesson_reminder (tr): Rejected' }).getAttribute('href')).toBe('#/templates/lesson_reminder/tr')
    expect(within(coverage).getByText('Missing')).toBeTruthy()
  })

  it('opens one template: its text with placeholders, samples, every rejection with its reason and hints, lint with sources, usage, history', async () => {
    window.location.hash = '#/templates/lesson_reminder/tr'
    const { api } = fakeApi()
    await renderIn(<TemplatesPage api={api} role="viewer" />)
    const detail = await screen.findByRole('article', { name: 'lesson_reminder (tr)' })
    expect([...screen.getByTestId('template-body').querySelectorAll('code')].map((c) => c.textContent)).toEqual(['{{parent_name}}', '{{child_name}}'])
    const samples = within(detail).getByRole('table', { name: 'Sample values submitted for review' })
    expect(within(samples).getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual(['Bodyparent_nameAnna', 'Bodychild_nameMax'])

    const rejections = within(screen.getByTestId('rejections')).getAllByRole('listitem')
    expect(rejections[0]!.textContent).toContain('INVALID_FORMAT')
    expect(rejections[1]!.textContent).toContain('no reason given')
    expect(rejections[1]!.textContent).toContain('language.mismatch: The body reads as English, not Turkish.')

    const finding = within(screen.getByTestId('lint-findings')).getByRole('listitem')
    expect(finding.textContent).toContain('Warning')
    expect(finding.textContent).toContain('Source: Meta guideline (the text is in its declared language)')
    expect(finding.textContent).toContain('Fix: Write the Turkish version in Turkish.')

    const history = within(detail).getByRole('table', { name: 'Status history' })
    expect(within(history).getAllByRole('row')).toHaveLength(5)
    expect(within(detail).getByRole('link', { name: 'en' }).getAttribute('href')).toBe('#/templates/lesson_reminder/en')
    // A viewer reads, and is told why there are no buttons to change anything.
    expect(screen.getByText('You can read the templates; your role cannot submit or sync them.')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Sync from provider' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Submit for review' })).toBeNull()
  })

  it("lets an operator submit a draft and sync; a viewer's page has neither", async () => {
    window.location.hash = '#/templates/fee_due/en'
    const { api, calls } = fakeApi()
    await renderIn(<TemplatesPage api={api} role="operator" />)
    fireEvent.click(await screen.findByRole('button', { name: 'Submit for review' }))
    expect((await screen.findByRole('status')).textContent).toBe('Submitted for review.')
    expect(calls.submitted).toEqual(['fee_due/en'])
    fireEvent.click(screen.getByRole('button', { name: 'Sync from provider' }))
    await screen.findByText('Synced: 1 new, 2 updated, 0 deleted.')
    expect(calls.syncs).toBe(1)
  })

  it('speaks Russian', async () => {
    const { api } = fakeApi()
    await renderIn(<TemplatesPage api={api} role="admin" />, 'ru')
    await screen.findByText('Показано 3 из 3')
    expect(screen.getByRole('button', { name: 'Синхронизировать с провайдером' })).toBeTruthy()
    expect(screen.getByLabelText('Статус')).toBeTruthy()
  })
})
