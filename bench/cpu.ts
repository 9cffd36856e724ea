import { readdirSync, readFileSync } from 'node:fs'

/**
 * Who used the CPU during a phase, from Linux's /proc: each benchmark process, all of PostgreSQL,
 * and the machine as a whole. On a 2-core machine this is the evidence for "what limits
 * throughput": a process near 1.0 core is bound by its one JavaScript thread; a machine near
 * 2.0 cores is simply full. Off Linux the figures are empty.
 */

const TICKS_PER_SECOND = 100 // USER_HZ; 100 on every mainstream Linux build

function readTicks(pid: number, withChildren: boolean): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const own = Number(fields[11]) + Number(fields[12])
    return withChildren ? own + Number(fields[13]) + Number(fields[14]) : own
  } catch {
    return undefined
  }
}

/** Every PostgreSQL server process; the postmaster's "children" fields carry the backends that have exited. */
function postgresTicks(): number | undefined {
  let total = 0
  let found = false
  let names: string[]
  try {
    names = readdirSync('/proc')
  } catch {
    return undefined
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue
    let comm: string
    try {
      comm = readFileSync(`/proc/${name}/comm`, 'utf8').trim()
    } catch {
      continue
    }
    if (comm !== 'postgres') continue
    const ticks = readTicks(Number(name), true)
    if (ticks !== undefined) {
      total += ticks
      found = true
    }
  }
  return found ? total : undefined
}

function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!
    const values = line.trim().split(/\s+/).slice(1).map(Number)
    const total = values.reduce((a, b) => a + b, 0)
    const idle = (values[3] ?? 0) + (values[4] ?? 0)
    return { busy: total - idle, total }
  } catch {
    return undefined
  }
}

/** CPU used during the window, in cores (1.0 = one core busy the whole time). */
export interface CpuUse {
  wallMs: number
  /** Per named process; `postgres` is every PostgreSQL server process on the machine. */
  cores: Record<string, number>
  /** The whole machine, in cores, all processes included (other users of the machine too). */
  machineCores: number
}

export interface CpuMeter {
  stop(): CpuUse
}

/** Starts measuring the named processes (and PostgreSQL when `postgres` is true). */
export function measureCpu(pids: Record<string, number | undefined>, postgres: boolean): CpuMeter {
  const started = Date.now()
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, pid === undefined ? undefined : readTicks(pid, false)]))
  const pgBefore = postgres ? postgresTicks() : undefined
  const machineBefore = machineTicks()
  return {
    stop() {
      const wallMs = Date.now() - started
      const seconds = Math.max(wallMs, 1) / 1000
      const cores: Record<string, number> = {}
      for (const [name, pid] of Object.entries(pids)) {
        const start = before[name]
        const end = pid === undefined ? undefined : readTicks(pid, false)
        if (start !== undefined && end !== undefined) cores[name] = (end - start) / TICKS_PER_SECOND / seconds
      }
      const pgAfter = postgres ? postgresTicks() : undefined
      if (pgBefore !== undefined && pgAfter !== undefined) cores.postgres = (pgAfter - pgBefore) / TICKS_PER_SECOND / seconds
      const machineAfter = machineTicks()
      let machineCores = Number.NaN
      if (machineBefore && machineAfter) {
        const busy = machineAfter.busy - machineBefore.busy
        const total = machineAfter.total - machineBefore.total
        // /proc/stat counts ticks of all CPUs together: the busy share times the core count.
        machineCores = total > 0 ? (busy / total) * cpuCount() : Number.NaN
      }
      return { wallMs, cores, machineCores }
    },
  }
}

function cpuCount(): number {
  try {
    return readFileSync('/proc/stat', 'utf8').split('\n').filter((l) => /^cpu\d+ /.test(l)).length
  } catch {
    return Number.NaN
  }
}
