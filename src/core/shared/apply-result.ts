/** How one reported event was applied: it changed something, was seen before, or matched nothing we know. */
export type ApplyResult = 'applied' | 'duplicate' | 'unmatched'
