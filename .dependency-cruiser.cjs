/**
 * The architecture, checked on every lint: dependencies point inward, and the sandbox and the
 * provider adapters never import each other (the sandbox is written from the platform's
 * documentation, so a misreading in an adapter is caught by it instead of mirrored).
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'core-is-pure',
      comment: 'src/core imports nothing outside src/core: no database, network, clock or filesystem.',
      severity: 'error',
      from: { path: '^src/core' },
      to: { pathNot: ['^src/core', '^node_modules/(eld|jsep|libphonenumber-js|luxon|sms-segments-calculator|yaml|zod)/', '^eld/extrasmall$'] },
    },
    {
      name: 'sandbox-is-independent',
      severity: 'error',
      from: { path: '^src/sandbox' },
      to: { path: '^src/(providers|store|dispatch|http|cli|main|config)' },
    },
    {
      name: 'providers-depend-on-core-only',
      severity: 'error',
      from: { path: '^src/providers' },
      to: { path: '^src/(sandbox|store|dispatch|http|cli|main)' },
    },
    {
      name: 'store-depends-on-core-only',
      severity: 'error',
      from: { path: '^src/store' },
      to: { path: '^src/(sandbox|providers|dispatch|http|cli|main)' },
    },
    {
      name: 'dispatch-gets-adapters-injected',
      severity: 'error',
      from: { path: '^src/dispatch' },
      to: { path: '^src/(sandbox|providers|store|http|cli)' },
    },
    {
      name: 'http-gets-adapters-injected',
      severity: 'error',
      from: { path: '^src/http' },
      to: { path: '^src/(sandbox|providers/meta-cloud|dispatch|cli)' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
  },
}
