/**
 * Peak resident memory of a process (by default the one it runs in), per phase: sampled every 50 ms, because
 * `resourceUsage().maxRSS` only knows the peak of the whole life of the process.
 */
export interface RssSampler {
  /** The highest RSS seen since the last reset, in bytes. */
  peak(): number
  reset(): void
  stop(): void
}

/** Samples `read` (this process's RSS unless told another's) every `everyMs`. */
export function sampleRss(everyMs = 50, read: () => number = () => process.memoryUsage.rss()): RssSampler {
  let peak = read()
  const timer = setInterval(() => {
    peak = Math.max(peak, read())
  }, everyMs)
  timer.unref()
  return {
    peak: () => Math.max(peak, read()),
    reset: () => {
      peak = read()
    },
    stop: () => clearInterval(timer),
  }
}
