import { describe, expect, it } from 'vitest'
import type { ProviderEvent } from '../../src/core/providers/provider.js'
import { envelope, messagesChange, metaJson, receiver, status, statusesChange } from './meta-fixtures.js'

function events(body: unknown): ProviderEvent[] {
  const result = receiver.parse(Buffer.from(metaJson(body)))
  if (!result.ok) throw new Error(result.reason)
  return result.events
}

describe('Meta status webhooks', () => {
  it('a delivered status with pricing and our message id', () => {
    const pricing = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' }
    expect(events(envelope(statusesChange(status({ biz_opaque_callback_data: 'msg_42', pricing }))))).toEqual([{
      kind: 'status',
      providerMessageId: 'wamid.OUT1',
      messageId: 'msg_42',
      status: 'delivered',
      businessNumberId: '100000000000002',
      at: 1_750_030_100_000,
      recipientId: '5511987654321',
      pricing: { model: 'PMP', type: 'regular', category: 'utility', billable: true },
    }])
  })

  it.each(['authentication-international', 'authentication_international'])('pricing category %s is normalised', (category) => {
    const [event] = events(envelope(statusesChange(status({ pricing: { pricing_model: 'PMP', type: 'regular', category } }))))
    expect(event).toMatchObject({ pricing: { category: 'authentication_international' } })
  })

  it('a failed status carries the classified error', () => {
    const failed = (code: number, title: string) =>
      status({ id: `wamid.F${code}`, status: 'failed', errors: [{ code, title, message: title, error_data: { details: 'More than 24 hours have passed.' } }] })
    expect(events(envelope(statusesChange(failed(131047, 'Re-engagement message'), failed(131000, 'Something went wrong'))))).toMatchObject([
      { status: 'failed', error: { code: '131047', title: 'Re-engagement message', detail: 'More than 24 hours have passed.', retryable: false } },
      { status: 'failed', error: { code: '131000', retryable: true } },
    ])
  })

  it('a failed status without a readable error still fails, not retryable', () => {
    expect(events(envelope(statusesChange(status({ status: 'failed' }))))).toMatchObject([{ status: 'failed', error: { code: 'unknown', retryable: false } }])
  })

  it('every status of every change of every entry, in order; played and unknown ones ignored', () => {
    const body = envelope(
      statusesChange(status({ id: 'a', status: 'sent' }), status({ id: 'b', status: 'read' }), status({ id: 'c', status: 'played' })),
      statusesChange(status({ id: 'd', status: 'deleted' }), status({ id: 'x', status: 'constructor' })),
    )
    ;(body.entry as unknown[]).push({ id: '2', changes: [statusesChange(status({ id: 'e', status: 'delivered' }))] })
    expect(events(body).map((e) => (e.kind === 'status' ? `${e.providerMessageId}:${e.status}` : e))).toEqual([
      'a:sent', 'b:read', { kind: 'ignored', reason: 'status:played' }, { kind: 'ignored', reason: 'status:deleted' },
      { kind: 'ignored', reason: 'status:constructor' }, 'e:delivered',
    ])
  })

  it('a malformed status is ignored with a reason; its neighbours still count', () => {
    const parsed = events(envelope(statusesChange(status({ timestamp: 'yesterday' }), status({ id: 'ok' }))))
    expect(parsed[0]).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/^malformed status: timestamp/) })
    expect(parsed[1]).toMatchObject({ kind: 'status', providerMessageId: 'ok' })
  })

  // 20 digits, milliseconds, 1970, past 2100: none is a time Meta reports, and the first would be stored as a time no Date can show.
  it.each(['12345678901234567890', '1750030100000', '1', '4102444801', 5_000_000_000])('a timestamp of %s is malformed: the status is ignored, its neighbours count', (timestamp) => {
    const parsed = events(envelope(statusesChange(status({ timestamp }), status({ id: 'ok' }))))
    expect(parsed[0]).toEqual({ kind: 'ignored', reason: expect.stringMatching(/^malformed status: timestamp not Unix seconds between the years 2000 and 2100/) })
    expect(parsed[1]).toMatchObject({ kind: 'status', providerMessageId: 'ok', at: 1_750_030_100_000 })
  })
})

describe('Meta inbound webhooks', () => {
  const inbound = (over: Record<string, unknown>) => ({ from: '4915112345678', id: 'wamid.IN1', timestamp: '1750030000', ...over })

  it('an inbound message with a timestamp of 20 digits is malformed, not a message dated past any Date', () => {
    const parsed = events(envelope(messagesChange([inbound({ type: 'text', text: { body: 'hi' }, timestamp: '12345678901234567890' })])))
    expect(parsed).toEqual([{ kind: 'ignored', reason: expect.stringMatching(/^malformed message: timestamp not Unix seconds/) }])
  })
  const contacts = [{ profile: { name: 'Ana' }, wa_id: '4915112345678' }, { profile: { name: 'Bo' }, wa_id: '4915100000001' }]

  it('text, with the profile name matched by wa_id', () => {
    expect(events(envelope(messagesChange([inbound({ type: 'text', text: { body: 'Hi, where is my order?' } })], contacts)))).toEqual([{
      kind: 'inbound',
      providerMessageId: 'wamid.IN1',
      fromId: '4915112345678',
      fromPhone: '+4915112345678',
      profileName: 'Ana',
      businessNumberId: '100000000000002',
      at: 1_750_030_000_000,
      content: { kind: 'text', text: 'Hi, where is my order?' },
    }])
  })

  it.each([
    ['a template button', { type: 'button', button: { text: 'Stop updates', payload: 'STOP' } }, { kind: 'button', text: 'Stop updates', payload: 'STOP' }],
    ['a button without payload', { type: 'button', button: { text: 'Yes' } }, { kind: 'button', text: 'Yes', payload: null }],
    ['a reply button', { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } } }, { kind: 'interactive', replyType: 'button_reply', id: 'yes', title: 'Yes' }],
    ['a list row', { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 't-09', title: '09:00', description: 'Morning' } } }, { kind: 'interactive', replyType: 'list_reply', id: 't-09', title: '09:00', description: 'Morning' }],
    ['a flow reply', { type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{}' } } }, { kind: 'other', providerType: 'interactive:nfm_reply' }],
    ['an image', { type: 'image', image: { id: '1', mime_type: 'image/jpeg', sha256: 'x' } }, { kind: 'media', mediaType: 'image', mimeType: 'image/jpeg' }],
    ['a captioned photo', { type: 'image', image: { id: '1', caption: 'Homework, page 3' } }, { kind: 'media', mediaType: 'image', caption: 'Homework, page 3' }],
    ['a document', { type: 'document', document: { id: '2', filename: 'report.pdf', mime_type: 'application/pdf' } }, { kind: 'media', mediaType: 'document', filename: 'report.pdf' }],
    ['a voice note', { type: 'audio', audio: { id: '3', voice: true } }, { kind: 'media', mediaType: 'audio' }],
    ['a video', { type: 'video', video: { id: '4', caption: 'Recital' } }, { kind: 'media', mediaType: 'video', caption: 'Recital' }],
    ['a sticker', { type: 'sticker', sticker: { id: '5', animated: false } }, { kind: 'media', mediaType: 'sticker' }],
    ['a caption of another shape', { type: 'image', image: { id: '6', caption: 42 } }, { kind: 'media', mediaType: 'image' }],
    ['a location', { type: 'location', location: { latitude: 52.52, longitude: '13.40', name: 'School' } }, { kind: 'location', latitude: 52.52, longitude: 13.4, name: 'School' }],
    ['an unreadable location', { type: 'location', location: { latitude: 'north' } }, { kind: 'other', providerType: 'location' }],
    ['a reaction', { type: 'reaction', reaction: { message_id: 'wamid.OUT1', emoji: '👍' } }, { kind: 'other', providerType: 'reaction' }],
  ])('%s, replying to our message', (_name, message, content) => {
    const [event] = events(envelope(messagesChange([inbound({ ...message, context: { from: '15550001234', id: 'wamid.OUT1' } })], contacts)))
    expect(event).toMatchObject({ kind: 'inbound', content, replyTo: 'wamid.OUT1', profileName: 'Ana' })
  })

  it('a forward has context but no reply target; an unknown sender has no profile name', () => {
    const [event] = events(envelope(messagesChange([inbound({ from: '4915199999999', type: 'text', text: { body: 'fwd' }, context: { forwarded: true } })], contacts)))
    expect(event).not.toHaveProperty('replyTo')
    expect(event).not.toHaveProperty('profileName')
  })

  it('a message missing its body object, or without from, is ignored with a reason', () => {
    expect(events(envelope(messagesChange([inbound({ type: 'text' }), inbound({ from: undefined, from_user_id: 'US.1', type: 'text', text: { body: 'x' } })])))).toEqual([
      { kind: 'ignored', reason: 'message wamid.IN1 of type text without its text object' },
      { kind: 'ignored', reason: 'message wamid.IN1 without from (wa_id)' },
    ])
  })
})

describe('Meta webhook envelopes', () => {
  it('fields without a parser are ignored by name', () => {
    expect(events(envelope({ field: 'phone_number_quality_update', value: {} }, { field: 'account_update', value: {} }))).toEqual([
      { kind: 'ignored', reason: 'field:phone_number_quality_update' },
      { kind: 'ignored', reason: 'field:account_update' },
    ])
  })

  it('system errors in a messages change are ignored with their code', () => {
    expect(events(envelope({ field: 'messages', value: { errors: [{ code: 131052, title: 'Media download error' }] } }))).toEqual([{ kind: 'ignored', reason: 'error:131052' }])
  })

  it('an empty entry list is a valid, empty batch', () => {
    expect(events({ object: 'whatsapp_business_account', entry: [] })).toEqual([])
  })

  it.each([
    ['not JSON', '{"object":', /not JSON/],
    ['JSON but not an object', '[]', /not a WhatsApp webhook envelope/],
    ['another product', '{"object":"page","entry":[]}', /unexpected object "page"/],
    ['entry without changes', '{"object":"whatsapp_business_account","entry":[{"id":"1"}]}', /not a WhatsApp webhook envelope/],
    ['a field named like an Object method', '{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"toString","value":{}}]}]}', null],
  ])('%s', (_name, body, reason) => {
    const result = receiver.parse(Buffer.from(body))
    if (reason) expect(result).toEqual({ ok: false, reason: expect.stringMatching(reason) })
    else expect(result).toEqual({ ok: true, events: [{ kind: 'ignored', reason: 'field:toString' }] })
  })
})

describe('Meta template webhooks', () => {
  /** A body as Meta sends template changes: the entry carries `time`, the change none of its own. */
  const templateBody = (field: string, value: Record<string, unknown>, time: number | string | null = 1_751_247_548) => ({
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', ...(time === null ? {} : { time }), changes: [{ value, field }] }],
  })
  const ref = { message_template_id: 1689556908129832, message_template_name: 'order_confirmation', message_template_language: 'en_US' }
  const statusUpdate = (over: Record<string, unknown>, time?: number | string | null) =>
    templateBody('message_template_status_update', { event: 'APPROVED', ...ref, reason: 'NONE', message_template_category: 'UTILITY', ...over }, time)

  it('approved: the numeric id as a string, reason NONE as null, at = entry.time', () => {
    expect(events(statusUpdate({}))).toEqual([{
      kind: 'template_status',
      providerTemplateId: '1689556908129832',
      name: 'order_confirmation',
      language: 'en_US',
      status: 'approved',
      providerStatus: 'APPROVED',
      reason: null,
      at: 1_751_247_548_000,
    }])
  })

  it('rejected with its reason (and Meta\'s extra rejection_info, not needed)', () => {
    const rejectionInfo = { reason: 'Your template has parameters placed next to each other.', recommendation: 'Separate parameters.' }
    expect(events(statusUpdate({ event: 'REJECTED', reason: 'INVALID_FORMAT', rejection_info: rejectionInfo }))).toMatchObject([
      { kind: 'template_status', status: 'rejected', providerStatus: 'REJECTED', reason: 'INVALID_FORMAT' },
    ])
  })

  it.each([
    ['PAUSED', 'paused'], ['DISABLED', 'disabled'], ['FLAGGED', 'approved'], ['REINSTATED', 'approved'], ['IN_APPEAL', 'pending'],
    ['PENDING_DELETION', 'deleted'], ['ARCHIVED', 'disabled'], ['LIMIT_EXCEEDED', 'rejected'],
  ])('%s → %s, the raw word kept', (event, status) => {
    expect(events(statusUpdate({ event, reason: null }))).toMatchObject([{ kind: 'template_status', status, providerStatus: event, reason: null }])
  })

  it('events that do not say where the template stands are ignored with a reason', () => {
    expect(events(statusUpdate({ event: 'UNARCHIVED' }))).toEqual([{ kind: 'ignored', reason: 'template_status:UNARCHIVED for 1689556908129832' }])
    expect(events(statusUpdate({ event: 'LOCKED', other_info: { title: 'FIRST_PAUSE', description: 'Locked' } }))).toMatchObject([{ kind: 'ignored' }])
  })

  it('without entry.time, at is 0 so that the core stamps the receipt time; a string time is read too', () => {
    expect(events(statusUpdate({}, null))).toMatchObject([{ at: 0 }])
    expect(events(statusUpdate({}, 'soon'))).toMatchObject([{ at: 0 }])
    expect(events(statusUpdate({}, '1751247548'))).toMatchObject([{ at: 1_751_247_548_000 }])
  })

  it('the en-US spelling of Meta\'s webhook references becomes the API\'s en_US; a string id is tolerated', () => {
    expect(events(statusUpdate({ message_template_language: 'en-US', message_template_id: '1689556908129832' }))).toMatchObject([
      { language: 'en_US', providerTemplateId: '1689556908129832' },
    ])
  })

  it('an id past 2^53, which JSON.parse cannot hold exactly, is refused rather than misfiled', () => {
    const body = Buffer.from(metaJson(statusUpdate({})).replace('1689556908129832', '98765432109876543'))
    const result = receiver.parse(body)
    expect(result).toEqual({ ok: true, events: [{ kind: 'ignored', reason: expect.stringMatching(/^malformed template status: message_template_id/) }] })
  })

  it('a completed category change', () => {
    const value = { ...ref, previous_category: 'UTILITY', new_category: 'MARKETING' }
    expect(events(templateBody('template_category_update', value, 1_746_169_200))).toEqual([{
      kind: 'template_category',
      providerTemplateId: '1689556908129832',
      name: 'order_confirmation',
      language: 'en_US',
      previousCategory: 'UTILITY',
      newCategory: 'MARKETING',
      at: 1_746_169_200_000,
    }])
  })

  it('a notice 24 h ahead (new_category is the CURRENT one) is not a move: ignored with what is coming', () => {
    const value = { ...ref, new_category: 'UTILITY', correct_category: 'MARKETING', category_update_timestamp: 1_746_169_200 }
    expect(events(templateBody('template_category_update', value))).toEqual([
      { kind: 'ignored', reason: 'template_category notice: 1689556908129832 UTILITY → MARKETING' },
    ])
  })

  it('a category outside Parley\'s three is malformed', () => {
    expect(events(templateBody('template_category_update', { ...ref, previous_category: 'UTILITY', new_category: 'TRANSACTIONAL' }))).toMatchObject([
      { kind: 'ignored', reason: expect.stringMatching(/^malformed template category: new_category unknown category TRANSACTIONAL/) },
    ])
  })

  it('a quality change', () => {
    const value = { previous_quality_score: 'GREEN', new_quality_score: 'YELLOW', ...ref }
    expect(events(templateBody('message_template_quality_update', value, 1_674_864_290))).toEqual([{
      kind: 'template_quality',
      providerTemplateId: '1689556908129832',
      name: 'order_confirmation',
      language: 'en_US',
      previousQuality: 'GREEN',
      newQuality: 'YELLOW',
      at: 1_674_864_290_000,
    }])
  })

  it('several template changes in one entry, and a malformed one beside good ones', () => {
    const body = templateBody('message_template_status_update', { event: 'APPROVED', ...ref, reason: 'NONE' })
    ;(body.entry[0]!.changes as unknown[]).push(
      { field: 'message_template_quality_update', value: { ...ref, new_quality_score: 'UNKNOWN' } },
      { field: 'message_template_status_update', value: { event: 'APPROVED' } },
    )
    expect(events(body).map((e) => e.kind)).toEqual(['template_status', 'template_quality', 'ignored'])
    expect(events(body)[1]).toMatchObject({ previousQuality: null, newQuality: 'UNKNOWN' })
  })
})
