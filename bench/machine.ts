import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'

/** What a benchmark states about where it ran: a figure from a small shared machine means little without it. */

export interface Machine {
  nproc: number
  cpu: string
  node: string
  memoryGb: number
  loadAverageAtStart: number[]
}

export function machine(): Machine {
  return { nproc: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, memoryGb: Math.round(totalmem() / 2 ** 30), loadAverageAtStart: loadavg() }
}

/** The commit measured, marked when src/ differs from it. */
export function commit(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    const sha = git('rev-parse', '--short', 'HEAD')
    const dirty = git('status', '--porcelain', '--', 'src') !== ''
    return dirty ? `${sha} (src/ modified)` : sha
  } catch {
    return 'unknown'
  }
}

/** The line a benchmark logs first. */
export function machineLine(m: Machine, sha: string): string {
  return `${m.nproc} cores (${m.cpu}), node ${m.node}, load average ${m.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}, commit ${sha}`
}

/** Writes a run's raw results to `<dir>/<prefix><startedAt>.json` (the time made file-safe); returns the path. */
export function writeResults(dir: string, prefix: string, startedAt: string, results: unknown): string {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${prefix}${startedAt.replace(/[:.]/g, '-')}.json`)
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n')
  return file
}
