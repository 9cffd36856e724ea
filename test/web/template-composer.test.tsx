// @vitest-environment jsdom
import { configure, fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../web/src/api/client.ts'
import type { PaymentLink, Template, TemplatePreview, TemplateValues } from '../../web/src/api/types.ts'
import { Composer, type ComposeApi } from '../../web/src/features/conversations/Composer.tsx'
import { renderIn } from './render.tsx'

// The preview waits for a pause in typing; a slow machine must not fail the test for it.
configure({ asyncUtilTimeout: 10_000 })

const template = (name: string, language: string, body: string, extra: Partial<Template> = {}): Template => ({
  name,
  language,
  category: 'UTILITY',
  parameter_format: 'positional',
  body,
  status: 'approved',
  ...extra,
})

const TEMPLATES: Template[] = [
  template('fee_due', 'ru', 'Здравствуйте, {{1}}! Оплата {{2}}.', { buttons: [{ type: 'url', text: 'Оплатить', url: 'https://pay.school.example/{{1}}' }] }),
  template('fee_due', 'en', 'Hello {{1}}, the fee of {{2}} is due.'),
  template('welcome', 'en_US', 'Hello {{first_name}}', { parameter_format: 'named' }),
]

/** The preview as the server gives it: each value in place of its variable, the rest as written. */
function fakePreview(request: { name: string; language: string } & TemplateValues): TemplatePreview {
  const found = TEMPLATES.find((t) => t.name === request.name && t.language === request.language)!
  const values = request.params as string[]
  const body = (found.body as string).replace(/\{\{(\d+)\}\}/g, (raw, n: string) => values[Number(n) - 1] || raw)
  const complete = values.every(Boolean) && (found.buttons ?? []).every((_, i) => request.buttons?.[String(i)])
  return { header: null, body, footer: null, buttons: [], text: body, complete, issues: [] }
}

function composeApi(overrides: Partial<ComposeApi> = {}) {
  const calls = { previews: [] as unknown[], templates: [] as unknown[], texts: [] as string[] }
  const api: ComposeApi = {
    approvedTemplates: async () => ({ data: TEMPLATES }),
    previewTemplate: async (request) => {
      calls.previews.push(request)
      return fakePreview(request)
    },
    sendTemplate: async (request) => void calls.templates.push(request),
    sendText: async (text) => void calls.texts.push(text),
    cannedReplies: async () => ({ data: [] }),
    paymentLink: async () => {
      throw new ApiError('not_found', 'Payment links are not configured.', 404, {})
    },
    ...overrides,
  }
  return { api, calls }
}

const LINK: PaymentLink = { url: 'https://pay.school.example/S-42', template: { name: 'fee_due', language: 'ru', buttons: { '0': 'S-42' } } }

describe('the composer outside the window', () => {
  it("offers the approved templates in the contact's language, one field per variable, and a live preview", async () => {
    const { api, calls } = composeApi()
    await renderIn(<Composer windowOpen={false} language="ru" api={api} />)
    const select = await screen.findByLabelText('Template')
    expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['—', 'fee_due (ru)'])
    fireEvent.change(select, { target: { value: 'fee_due/ru' } })
    expect(screen.getAllByRole('textbox').length).toBe(3)
    fireEvent.change(screen.getByLabelText('Variable 1'), { target: { value: 'Анна' } })
    await waitFor(() => expect(screen.getByTestId('template-preview').textContent).toBe('Здравствуйте, Анна! Оплата {{2}}.'))
    expect(screen.getByRole('button', { name: 'Send template' })).toHaveProperty('disabled', true)
    fireEvent.change(screen.getByLabelText('Variable 2'), { target: { value: '40 €' } })
    fireEvent.change(screen.getByLabelText('Button “Оплатить”'), { target: { value: 'S-42' } })
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send template' })).toHaveProperty('disabled', false))
    expect(screen.getByTestId('template-preview').textContent).toBe('Здравствуйте, Анна! Оплата 40 €.')
    fireEvent.click(screen.getByRole('button', { name: 'Send template' }))
    expect((await screen.findByRole('status')).textContent).toBe('Template sent.')
    expect(calls.templates).toEqual([{ name: 'fee_due', language: 'ru', params: ['Анна', '40 €'], buttons: { '0': 'S-42' } }])
  })

  it('sends named values by name, and offers every approved template when the language is unknown', async () => {
    const { api, calls } = composeApi()
    await renderIn(<Composer windowOpen={false} language={null} api={api} />)
    const select = await screen.findByLabelText('Template')
    expect(select.querySelectorAll('option').length).toBe(4)
    fireEvent.change(select, { target: { value: 'welcome/en_US' } })
    fireEvent.change(screen.getByLabelText('Variable first_name'), { target: { value: 'Ana' } })
    await waitFor(() => expect(calls.previews.at(-1)).toEqual({ name: 'welcome', language: 'en_US', params: { first_name: 'Ana' } }))
  })

  it("shows a refusal in the server's words", async () => {
    const { api } = composeApi({
      sendTemplate: async () => {
        throw new ApiError('contact_opted_out', 'This contact opted out on 2025-05-01; only transactional templates may be sent.', 422, {})
      },
    })
    await renderIn(<Composer windowOpen={false} language="en" api={api} />, 'ru')
    fireEvent.change(await screen.findByLabelText('Шаблон'), { target: { value: 'fee_due/en' } })
    fireEvent.change(screen.getByLabelText('Переменная 1'), { target: { value: 'Ana' } })
    fireEvent.change(screen.getByLabelText('Переменная 2'), { target: { value: '40 EUR' } })
    const send = screen.getByRole('button', { name: 'Отправить шаблон' })
    await waitFor(() => expect(send).toHaveProperty('disabled', false))
    fireEvent.click(send)
    expect((await screen.findByRole('alert')).textContent).toBe('This contact opted out on 2025-05-01; only transactional templates may be sent.')
  })
})

describe('the payment link button', () => {
  it('inserts the URL into the text inside the window', async () => {
    const { api } = composeApi({ paymentLink: async () => LINK })
    await renderIn(<Composer windowOpen language="ru" api={api} />)
    fireEvent.change(screen.getByRole('textbox'), { target: { value: 'Here is the link:' } })
    fireEvent.click(await screen.findByRole('button', { name: 'Payment link' }))
    expect(screen.getByRole('textbox')).toHaveProperty('value', 'Here is the link: https://pay.school.example/S-42')
  })

  it('picks the payment template with the link filled in outside the window', async () => {
    const { api } = composeApi({ paymentLink: async () => LINK })
    await renderIn(<Composer windowOpen={false} language="ru" api={api} />)
    await screen.findByLabelText('Template')
    fireEvent.click(await screen.findByRole('button', { name: 'Payment link' }))
    expect(screen.getByLabelText('Template')).toHaveProperty('value', 'fee_due/ru')
    expect(screen.getByLabelText('Button “Оплатить”')).toHaveProperty('value', 'S-42')
  })

  it('is not there when payment links are not configured', async () => {
    const { api, calls } = composeApi()
    await renderIn(<Composer windowOpen language="en" api={api} />)
    fireEvent.change(screen.getByRole('textbox'), { target: { value: 'hi' } })
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(calls.texts).toEqual(['hi']))
    expect(screen.queryByRole('button', { name: 'Payment link' })).toBeNull()
  })
})

describe('canned replies', () => {
  it('put the chosen reply, filled in for the contact, into the text box; there is no list without replies', async () => {
    const { api, calls } = composeApi({ cannedReplies: async () => ({ data: [{ title: 'Greeting', text: 'Hello Olga, how can we help?', missing: [] }] }) })
    await renderIn(<Composer windowOpen language="en" api={api} />)
    fireEvent.change(await screen.findByRole('combobox', { name: 'Canned reply…' }), { target: { value: '0' } })
    expect(screen.getByRole('textbox')).toHaveProperty('value', 'Hello Olga, how can we help?')
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(calls.texts).toEqual(['Hello Olga, how can we help?']))
  })
})

describe("the send's estimated cost", () => {
  const cost = (estimated: number, platform: number, category: string, reason: string) => ({ estimated_micros: estimated, platform_micros: platform, provider_micros: estimated - platform, currency: 'USD', category, reason, card: 'meta-pmp-2026-10' })

  it('prices the chosen template before it is sent, and asks again for another', async () => {
    const asked: unknown[] = []
    const { api } = composeApi({
      sendEstimate: async (template) => {
        asked.push(template)
        return { window: 'closed', cost: template?.name === 'welcome' ? cost(62_500, 62_500, 'marketing', 'charged') : cost(6_800, 6_800, 'utility', 'charged') }
      },
    })
    await renderIn(<Composer windowOpen={false} language={null} api={api} />)
    const select = await screen.findByLabelText('Template')
    expect(screen.queryByTestId('send-estimate')).toBeNull()
    fireEvent.change(select, { target: { value: 'fee_due/en' } })
    expect((await screen.findByTestId('send-estimate')).textContent).toBe('Costs about $0.0068 (utility)')
    fireEvent.change(select, { target: { value: 'welcome/en_US' } })
    await waitFor(() => expect(screen.getByTestId('send-estimate').textContent).toBe('Costs about $0.0625 (marketing)'))
    expect(asked).toEqual([{ name: 'fee_due', language: 'en' }, { name: 'welcome', language: 'en_US' }])
  })

  it('says why a free-form reply in the window costs the platform nothing', async () => {
    const { api } = composeApi({ sendEstimate: async () => ({ window: 'open', cost: cost(5_000, 0, 'service', 'free_allowance') }) })
    await renderIn(<Composer windowOpen language="en" api={api} />)
    expect((await screen.findByTestId('send-estimate')).textContent).toBe("$0.005: the platform charges nothing (this month's free allowance)")
  })

  it('shows nothing when the estimate cannot be had', async () => {
    let refused = 0
    const { api, calls } = composeApi({
      sendEstimate: async () => {
        refused += 1
        throw new ApiError('not_found', 'No contact.', 404, {})
      },
    })
    await renderIn(<Composer windowOpen language="en" api={api} />)
    await waitFor(() => expect(refused).toBe(1))
    fireEvent.change(screen.getByRole('textbox'), { target: { value: 'hi' } })
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(calls.texts).toEqual(['hi']))
    expect(screen.queryByTestId('send-estimate')).toBeNull()
  })
})
