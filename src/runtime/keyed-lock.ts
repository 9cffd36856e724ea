import type { ContactLocks } from '../core/notifications/ports.js'

/**
 * One holder per key at a time, in this process: work under several keys waits for every earlier
 * holder of any of them. A caller takes its place behind all of its keys at once (synchronously),
 * so two callers never wait for each other in a cycle.
 */
export function createKeyedLock(): ContactLocks {
  const tails = new Map<string, Promise<void>>()
  return {
    async run(keys, work) {
      const unique = [...new Set(keys)]
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))
      const earlier = unique.map((key) => tails.get(key))
      for (const key of unique) tails.set(key, held)
      try {
        await Promise.all(earlier)
        return await work()
      } finally {
        release()
        for (const key of unique) if (tails.get(key) === held) tails.delete(key)
      }
    },
  }
}
