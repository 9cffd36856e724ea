import { performance } from 'node:perf_hooks'
import type { RssSampler } from '../rss.js'

/** Peak RSS, CPU time and event-loop utilisation of this process since a reset: what each peer process reports per phase. */
export interface UsageWindow {
  read(): { peakRss: number; cpuMs: number; eventLoopUtilization: number }
}

export function usageSince(rss: RssSampler): UsageWindow {
  rss.reset()
  const cpu = process.cpuUsage()
  const elu = performance.eventLoopUtilization()
  return {
    read() {
      const used = process.cpuUsage(cpu)
      return { peakRss: rss.peak(), cpuMs: (used.user + used.system) / 1000, eventLoopUtilization: performance.eventLoopUtilization(elu).utilization }
    },
  }
}
