/**
 * Peak resident memory of the process it runs in, per phase: sampled every 50 ms, because
 * `resourceUsage().maxRSS` only knows the peak of the whole life of the process.
 */
export interface RssSampler {
  /** The highest RSS seen since the last reset, in bytes. */
  peak(): number
  reset(): void
  stop(): void
}

export function sampleRss(everyMs = 50): RssSampler {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, everyMs)
  timer.unref()
  return {
    peak: () => Math.max(peak, process.memoryUsage.rss()),
    reset: () => {
      peak = process.memoryUsage.rss()
    },
    stop: () => clearInterval(timer),
  }
}
