/**
 * Media sent by a public URL: the kinds an operator or the API may send, and the bounds checked at
 * the edge before anything is stored (docs/platform.md §1.4).
 */

/** The outbound media kinds Parley sends; stickers are left out (WebP only, no caption, §1.4). */
export const OUTBOUND_MEDIA_TYPES = ['image', 'document', 'video', 'audio'] as const
export type OutboundMediaType = (typeof OUTBOUND_MEDIA_TYPES)[number]

/** What users may send us (§2.4); a sticker arrives as media too. */
export const INBOUND_MEDIA_TYPES = ['image', 'document', 'video', 'audio', 'sticker'] as const
export type InboundMediaType = (typeof INBOUND_MEDIA_TYPES)[number]

/** Meta documents a caption of at most 1,024 characters (§1.4). */
export const MEDIA_CAPTION_MAX = 1024
/** Our own bound on a link, long enough for signed CDN URLs, short enough to keep in a row. */
export const MEDIA_LINK_MAX = 2048
/** Our own bound: a name a phone can show under the document icon. */
export const MEDIA_FILENAME_MAX = 240

export interface MediaRequest {
  type: OutboundMediaType
  link: string
  caption?: string | undefined
  filename?: string | undefined
}

export interface MediaIssue {
  path: 'link' | 'caption' | 'filename'
  message: string
}

/** Characters as a person counts them (code points), as Meta counts a caption's length. */
function characters(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

/**
 * What is wrong with a media request, empty when nothing is: the link must be an absolute https
 * URL (the platform fetches it from the public internet, §1.4), captions only on image, video and
 * document, a filename only on a document.
 */
export function mediaIssues(media: MediaRequest): MediaIssue[] {
  const issues: MediaIssue[] = []
  if (media.link.length > MEDIA_LINK_MAX) issues.push({ path: 'link', message: `at most ${MEDIA_LINK_MAX} characters` })
  else if (!isHttpsUrl(media.link)) issues.push({ path: 'link', message: 'a public https:// URL' })
  if (media.caption !== undefined) {
    if (media.type === 'audio') issues.push({ path: 'caption', message: 'audio takes no caption' })
    else if (characters(media.caption) > MEDIA_CAPTION_MAX) issues.push({ path: 'caption', message: `at most ${MEDIA_CAPTION_MAX} characters` })
  }
  if (media.filename !== undefined) {
    if (media.type !== 'document') issues.push({ path: 'filename', message: 'only a document takes a filename' })
    else if (characters(media.filename) > MEDIA_FILENAME_MAX) issues.push({ path: 'filename', message: `at most ${MEDIA_FILENAME_MAX} characters` })
  }
  return issues
}

function isHttpsUrl(value: string): boolean {
  if (/\s/.test(value)) return false
  try {
    const url = new URL(value)
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === ''
  } catch {
    return false
  }
}
