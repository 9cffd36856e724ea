import { useCallback, useRef, useState } from 'react'

/** A `conversation.typing` feed event as the stream sends it. */
export interface TypingSignal {
  phone: string
  operatorId: string
  /** Epoch milliseconds: shown until then unless a newer signal moves it. */
  until: number
}

function isTypingSignal(data: unknown): data is TypingSignal {
  const d = data as Partial<TypingSignal> | null
  return typeof d?.phone === 'string' && typeof d.operatorId === 'string' && typeof d.until === 'number'
}

/** Who, other than me, is typing in `phone` at `now`: operator ids, in the order they started. */
export function typingIn(signals: readonly TypingSignal[], phone: string, me: string, now: number): string[] {
  return signals.filter((s) => s.phone === phone && s.operatorId !== me && s.until > now).map((s) => s.operatorId)
}

/** The typing signals heard on the feed, the latest per operator and conversation. */
export function useTypingSignals(): { signals: readonly TypingSignal[]; heard(data: unknown): void } {
  const [signals, setSignals] = useState<readonly TypingSignal[]>([])
  const heard = useCallback((data: unknown) => {
    if (!isTypingSignal(data)) return
    setSignals((previous) => [
      // Expired ones are dropped at each new signal, so the list stays as small as the typing crowd.
      ...previous.filter((s) => !(s.phone === data.phone && s.operatorId === data.operatorId) && s.until > data.until - 60_000),
      { phone: data.phone, operatorId: data.operatorId, until: data.until },
    ])
  }, [])
  return { signals, heard }
}

/**
 * What the composer calls at each keystroke: passes on at most one typing signal per `everyMs`
 * (the server's own bound is the same), and never lets a failure reach the operator.
 */
export function useTypingSender(send: () => Promise<unknown>, everyMs = 3000, clock: () => number = Date.now): () => void {
  const last = useRef<number | null>(null)
  return useCallback(() => {
    const now = clock()
    if (last.current !== null && now - last.current < everyMs) return
    last.current = now
    send().catch(() => undefined)
  }, [send, everyMs, clock])
}
