/** A control call (Sandbox method or `/sandbox/*` route) with input the sandbox cannot act on; answered 400. */
export class SandboxInputError extends Error {
  override readonly name = 'SandboxInputError'
}
