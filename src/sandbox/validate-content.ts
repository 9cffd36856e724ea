import { at, checkMediaRef, invalidParam, isObject, optionalString, stringAt, type Json } from './validate-helpers.js'

/**
 * Body checks for the free-form, non-interactive types: text (docs/platform.md §1.3), media (§1.4),
 * and light checks for location, contacts and reaction (their shapes mirror the inbound ones, §2.4).
 */

export const TEXT_BODY_MAX = 4096

export function validateText(text: Json): void {
  stringAt(text, 'body', 'text', { max: TEXT_BODY_MAX })
  if (text.preview_url !== undefined && typeof text.preview_url !== 'boolean') {
    invalidParam(`Param text['preview_url'] must be a boolean.`)
  }
}

export const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const
export type MediaType = (typeof MEDIA_TYPES)[number]

/** §1.4: a caption is at most 1,024 characters. */
export const MEDIA_CAPTION_MAX = 1024

/** §1.4: captions (≤ 1,024 characters) on image/video/document only, `filename` on documents only. */
export function validateMedia(type: MediaType, media: Json): void {
  checkMediaRef(media, type)
  if (media.caption !== undefined) {
    if (type === 'audio' || type === 'sticker') invalidParam(`Param ${at(type, 'caption')} is not supported for ${type} messages.`)
    optionalString(media, 'caption', type, { max: MEDIA_CAPTION_MAX })
  }
  if (media.filename !== undefined) {
    if (type !== 'document') invalidParam(`Param ${at(type, 'filename')} is only supported for document messages.`)
    optionalString(media, 'filename', type)
  }
}

export function validateLocation(location: Json): void {
  for (const key of ['latitude', 'longitude']) {
    const v = location[key]
    const n = typeof v === 'string' ? Number(v) : v
    if (typeof n !== 'number' || !Number.isFinite(n)) invalidParam(`The parameter ${at('location', key)} is required.`)
  }
  optionalString(location, 'name', 'location')
  optionalString(location, 'address', 'location')
}

export function validateContacts(contacts: unknown): void {
  if (!Array.isArray(contacts) || contacts.length === 0) invalidParam(`The parameter contacts is required.`)
  contacts.forEach((c, i) => {
    if (!isObject(c)) invalidParam(`Param ${at('contacts', i)} must be a JSON object.`)
    const name = c.name
    if (!isObject(name)) invalidParam(`The parameter ${at(at('contacts', i), 'name')} is required.`)
    stringAt(name, 'formatted_name', at(at('contacts', i), 'name'))
  })
}

/** An empty `emoji` removes a reaction, so only its type is checked. */
export function validateReaction(reaction: Json): void {
  stringAt(reaction, 'message_id', 'reaction')
  if (reaction.emoji !== undefined && typeof reaction.emoji !== 'string') invalidParam(`Param reaction['emoji'] must be a string.`)
}

