import type { SoakSample } from './soak.js'

/**
 * The soak's chart as a small hand-written SVG (no charting dependency for one picture): time in
 * minutes along the bottom, Parley's peak RSS (API + worker, MB) against the left axis and the
 * accept→sent p99 (ms) against the right one, one point per 10 s window.
 */

const W = 760
const H = 380
const M = { left: 64, right: 64, top: 48, bottom: 52 }
const RSS_COLOUR = '#1f6fb2'
const P99_COLOUR = '#d9730d'

export function renderSoakChart(samples: readonly SoakSample[], minutesPlanned: number, title: string): string {
  const plotW = W - M.left - M.right
  const plotH = H - M.top - M.bottom
  const minutes = samples.map((s) => s.at / 60)
  const rss = samples.map((s) => (s.apiRss + (s.workerRss ?? 0)) / 2 ** 20)
  const p99 = samples.map((s) => s.p99)
  const xMax = Math.max(minutesPlanned, ...minutes)
  const rssMax = niceCeiling(Math.max(1, ...rss) * 1.1)
  const p99Max = niceCeiling(Math.max(1, ...p99.filter(Number.isFinite)) * 1.1)
  const x = (m: number) => M.left + (m / xMax) * plotW
  const y = (v: number, max: number) => M.top + plotH - (v / max) * plotH
  const line = (values: number[], max: number) =>
    values
      .map((v, i) => (Number.isFinite(v) ? `${x(minutes[i]!).toFixed(1)},${y(v, max).toFixed(1)}` : null))
      .filter((p) => p !== null)
      .join(' ')

  const parts: string[] = []
  const ticks = 5
  for (let i = 0; i <= ticks; i++) {
    const f = i / ticks
    const gy = M.top + plotH - f * plotH
    parts.push(`<line x1="${M.left}" y1="${gy}" x2="${M.left + plotW}" y2="${gy}" stroke="#e5e5e5"/>`)
    parts.push(`<text x="${M.left - 6}" y="${gy + 4}" text-anchor="end" fill="${RSS_COLOUR}">${label(f * rssMax)}</text>`)
    parts.push(`<text x="${M.left + plotW + 6}" y="${gy + 4}" text-anchor="start" fill="${P99_COLOUR}">${label(f * p99Max)}</text>`)
    const gx = M.left + f * plotW
    parts.push(`<text x="${gx}" y="${M.top + plotH + 18}" text-anchor="middle">${label(f * xMax)}</text>`)
  }
  parts.push(`<rect x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`)
  parts.push(`<polyline points="${line(rss, rssMax)}" fill="none" stroke="${RSS_COLOUR}" stroke-width="2"/>`)
  parts.push(`<polyline points="${line(p99, p99Max)}" fill="none" stroke="${P99_COLOUR}" stroke-width="2"/>`)
  parts.push(`<text x="${M.left + plotW / 2}" y="${H - 12}" text-anchor="middle">minutes</text>`)
  parts.push(`<text transform="translate(16 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="${RSS_COLOUR}">peak RSS, API + worker (MB)</text>`)
  parts.push(`<text transform="translate(${W - 14} ${M.top + plotH / 2}) rotate(90)" text-anchor="middle" fill="${P99_COLOUR}">accept→sent p99 (ms)</text>`)
  parts.push(`<text x="${M.left}" y="20" font-weight="bold">${escape(title)}</text>`)
  parts.push(`<text x="${M.left}" y="38" fill="${RSS_COLOUR}">— peak RSS per 10 s</text>`)
  parts.push(`<text x="${M.left + 180}" y="38" fill="${P99_COLOUR}">— accept→sent p99 of the messages accepted in each 10 s</text>`)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">\n<rect width="${W}" height="${H}" fill="white"/>\n${parts.join('\n')}\n</svg>\n`
}

/** The next of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × a power of ten at or above `v`, so that five ticks fall on round-enough numbers. */
function niceCeiling(v: number): number {
  const power = 10 ** Math.floor(Math.log10(v))
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * power >= v) return step * power
  return 10 * power
}

function label(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 1 : 0)
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
