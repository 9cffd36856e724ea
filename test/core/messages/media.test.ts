import { describe, expect, it } from 'vitest'
import { previewOf } from '../../../src/core/messages/content.js'
import { MEDIA_CAPTION_MAX, MEDIA_LINK_MAX, mediaIssues } from '../../../src/core/messages/media.js'

const link = 'https://cdn.example.com/report.pdf'

describe('mediaIssues', () => {
  it('accepts an https link with a caption, and a document with a filename', () => {
    expect(mediaIssues({ type: 'image', link, caption: 'Report card' })).toEqual([])
    expect(mediaIssues({ type: 'document', link, caption: 'x'.repeat(MEDIA_CAPTION_MAX), filename: 'report.pdf' })).toEqual([])
  })

  it('counts a caption in characters, not UTF-16 units', () => {
    expect(mediaIssues({ type: 'video', link, caption: '😀'.repeat(MEDIA_CAPTION_MAX) })).toEqual([])
    expect(mediaIssues({ type: 'video', link, caption: '😀'.repeat(MEDIA_CAPTION_MAX + 1) })).toEqual([{ path: 'caption', message: expect.stringContaining('1024') }])
  })

  it.each([
    ['plain http', { type: 'image', link: 'http://cdn.example.com/a.jpg' }, 'link'],
    ['not a URL', { type: 'image', link: 'cdn.example.com/a.jpg' }, 'link'],
    ['a URL with spaces', { type: 'image', link: 'https://cdn.example.com/a b.jpg' }, 'link'],
    ['credentials in the URL', { type: 'image', link: 'https://me:secret@cdn.example.com/a.jpg' }, 'link'],
    ['a link over the bound', { type: 'image', link: `https://cdn.example.com/${'a'.repeat(MEDIA_LINK_MAX)}` }, 'link'],
    ['a caption on audio', { type: 'audio', link, caption: 'listen' }, 'caption'],
    ['a filename on an image', { type: 'image', link, filename: 'a.jpg' }, 'filename'],
  ] as const)('refuses %s', (_name, media, path) => {
    expect(mediaIssues(media).map((i) => i.path)).toEqual([path])
  })
})

describe('previewOf media', () => {
  it('names the kind, then the caption or filename', () => {
    expect(previewOf({ kind: 'media', mediaType: 'image', link, caption: 'Homework' })).toBe('[image] Homework')
    expect(previewOf({ kind: 'media', mediaType: 'document', link, filename: 'invoice.pdf' })).toBe('[document] invoice.pdf')
    expect(previewOf({ kind: 'media', mediaType: 'sticker' })).toBe('[sticker]')
    expect(previewOf({ kind: 'location', latitude: 1, longitude: 2, name: 'School', address: 'Main St 1' })).toBe('[location] School, Main St 1')
  })
})
