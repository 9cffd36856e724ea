/** Bundles `entry` (TypeScript) into `outfile` (ESM for Node 20, packages left external). */
export function bundle(entry: string, outfile: string): Promise<void>
