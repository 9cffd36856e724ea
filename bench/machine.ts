import { execFileSync } from 'node:child_process'
import { cpus, loadavg, totalmem } from 'node:os'

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
