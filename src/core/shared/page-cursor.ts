/**
 * The paging cursor of message lists: opaque to clients, a position in the message sequence to the
 * store. It lives in the core so that the edge can refuse a cursor the API never issued (400)
 * instead of the store quietly answering the first page.
 */

/** The cursor for "messages before this sequence number". */
export function encodeCursor(seq: number): string {
  return Buffer.from(`s:${seq}`).toString('base64url')
}

/** The sequence number a cursor stands for; null for a cursor this API did not issue. */
export function decodeCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null
  const match = /^s:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString())
  return match ? Number(match[1]) : null
}
