/** JSON text as a value, or null when it is empty or not JSON (a proxy's HTML error page, say). */
export function parseJson(text: string): unknown {
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
