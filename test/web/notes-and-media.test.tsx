// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { MediaRequest, Message, Note } from '../../web/src/api/types.ts'
import { AttachByUrl } from '../../web/src/features/content/AttachByUrl.tsx'
import { NoteBubble } from '../../web/src/features/content/NoteBubble.tsx'
import { NoteComposer } from '../../web/src/features/content/NoteComposer.tsx'
import { ReplyOrNote } from '../../web/src/features/content/ReplyOrNote.tsx'
import { interleave } from '../../web/src/features/content/timeline.ts'
import { renderIn } from './render.tsx'

const OPERATORS = [
  { id: 'op_ann', name: 'Ann Lee' },
  { id: 'op_bob', name: 'Bob Stone' },
]

const message = (id: string, at: string): Message => ({ id, direction: 'inbound', to: 's', from: '+49', kind: 'text', text: id, status: 'received', error: null, created_at: at, updated_at: at })
const note = (id: string, at: string, mentions: string[] = []): Note => ({ id, phone: '+49', author_id: 'op_ann', text: `note ${id}`, mentions, created_at: at })

describe('notes in the conversation', () => {
  it('sit among the messages by time', () => {
    const items = interleave([message('m1', '2026-12-01T10:00:00Z'), message('m2', '2026-12-01T10:05:00Z')], [note('n1', '2026-12-01T10:02:00Z')])
    expect(items.map((i) => (i.kind === 'note' ? i.note.id : i.message.id))).toEqual(['m1', 'n1', 'm2'])
  })

  it('are marked as internal, with their author, and say when they mention me', async () => {
    await renderIn(<ol><NoteBubble note={note('n1', '2026-12-01T10:02:00Z', ['op_bob'])} me="op_bob" names={new Map([['op_ann', 'Ann Lee']])} /></ol>)
    const bubble = screen.getByRole('listitem', { name: 'Note — only operators see this' })
    expect(bubble.textContent).toContain('note n1')
    expect(bubble.textContent).toContain('Ann Lee')
    expect(bubble.textContent).toContain('You were mentioned')
  })

  it('are written in Note mode, with @ suggestions that complete the name', async () => {
    const written: string[] = []
    await renderIn(<ReplyOrNote reply={<p>the reply box</p>} note={<NoteComposer loadOperators={async () => ({ data: OPERATORS })} addNote={async (text) => void written.push(text)} />} />)
    expect(screen.getByText('the reply box')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Note' }))
    expect(screen.getByRole('button', { name: 'Note' }).getAttribute('aria-pressed')).toBe('true')
    const box = screen.getByLabelText('Internal note') as HTMLTextAreaElement
    fireEvent.change(box, { target: { value: 'please call @bo', selectionStart: 15 } })
    const suggestions = await screen.findByRole('list', { name: 'Mention an operator' })
    expect(suggestions.textContent).toBe('@Bob Stone')
    fireEvent.click(screen.getByRole('button', { name: '@Bob Stone' }))
    expect(box.value).toBe('please call @Bob Stone ')
    fireEvent.click(screen.getByRole('button', { name: 'Add note' }))
    await waitFor(() => expect(written).toEqual(['please call @Bob Stone']))
    expect(box.value).toBe('')
  })
})

describe('Attach by URL', () => {
  it('sends a document by its https address with a caption and a file name', async () => {
    const sent: MediaRequest[] = []
    await renderIn(<AttachByUrl send={async (media) => void sent.push(media)} />)
    fireEvent.click(screen.getByRole('button', { name: 'Attach by URL' }))
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'document' } })
    fireEvent.change(screen.getByLabelText('https:// address'), { target: { value: 'https://cdn.example.com/report.pdf' } })
    fireEvent.change(screen.getByLabelText('Caption (optional)'), { target: { value: 'Term 1' } })
    fireEvent.change(screen.getByLabelText('File name (optional)'), { target: { value: 'report.pdf' } })
    fireEvent.click(screen.getByRole('button', { name: 'Send attachment' }))
    await waitFor(() => expect(sent).toEqual([{ type: 'document', url: 'https://cdn.example.com/report.pdf', caption: 'Term 1', filename: 'report.pdf' }]))
  })

  it('refuses an http address before asking the server, and offers no caption for audio', async () => {
    const sent: MediaRequest[] = []
    await renderIn(<AttachByUrl send={async (media) => void sent.push(media)} />)
    fireEvent.click(screen.getByRole('button', { name: 'Attach by URL' }))
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'audio' } })
    expect(screen.queryByLabelText('Caption (optional)')).toBeNull()
    fireEvent.change(screen.getByLabelText('https:// address'), { target: { value: 'http://cdn.example.com/a.ogg' } })
    fireEvent.submit(screen.getByRole('button', { name: 'Send attachment' }).closest('form')!)
    expect((await screen.findByRole('alert')).textContent).toBe('The address must start with https://')
    expect(sent).toEqual([])
  })
})
