/**
 * The platform's length limits on a template's parts, in characters (docs/platform.md §3.6).
 * Lint reports a part over its limit; the written form (definition-schema.ts) refuses a part over
 * EDGE_FACTOR times its limit, before any lint runs, so the work a request can cause is bounded.
 */
export const TEMPLATE_LIMITS = Object.freeze({
  name: 512,
  headerText: 60,
  body: 1024,
  footer: 60,
  buttonText: 25,
  url: 2000,
  phoneNumber: 20,
  copyCode: 15,
})

/**
 * How far past a platform limit a part is still accepted and linted. Moderately over is a
 * mistake lint should explain (the user learns the rule); four times over is not a template.
 */
export const EDGE_FACTOR = 4

/** The longest a part may be at the edge: EDGE_FACTOR × its platform limit. */
export function edgeCap(limit: number): number {
  return limit * EDGE_FACTOR
}
