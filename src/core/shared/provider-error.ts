/** A provider's error, as the provider stated it: its code (as a string) and title. */
export interface ProviderError {
  code: string
  title: string
  detail?: string
}
