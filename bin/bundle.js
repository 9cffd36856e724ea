// One esbuild bundle of a TypeScript entry, as the `parley` command runs it (bin/parley.js) and as
// the benchmarks run what they measure (bench/bundle.ts): the same options for both.
export async function bundle(entry, outfile) {
  const { build } = await import('esbuild')
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
  })
}
