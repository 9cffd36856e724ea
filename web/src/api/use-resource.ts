import { useEffect, useState } from 'react'

export interface Resource<T> {
  data: T | null
  error: unknown
}

/**
 * Loads `load()` whenever one of `keys` changes (a new filter, or a live event bumping a version);
 * an answer that arrives after a newer request started is dropped.
 */
export function useResource<T>(load: () => Promise<T>, keys: readonly unknown[]): Resource<T> {
  const [resource, setResource] = useState<Resource<T>>({ data: null, error: null })
  useEffect(() => {
    let current = true
    load().then(
      (data) => current && setResource({ data, error: null }),
      (error: unknown) => current && setResource((previous) => ({ data: previous.data, error })),
    )
    return () => {
      current = false
    }
  }, keys) // the caller names what the load depends on
  return resource
}
