import { useEffect, useRef, useState } from 'react'

/**
 * The width of the element the ref is put on, followed as it resizes, for charts that need a
 * number. Without ResizeObserver (jsdom) or before layout it is `fallback`, so a chart still renders.
 */
export function useWidth<T extends HTMLElement>(fallback = 640) {
  const ref = useRef<T | null>(null)
  const [width, setWidth] = useState(fallback)
  useEffect(() => {
    const element = ref.current
    if (!element || typeof ResizeObserver === 'undefined') return
    const measure = () => element.clientWidth > 0 && setWidth(element.clientWidth)
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return { ref, width }
}
