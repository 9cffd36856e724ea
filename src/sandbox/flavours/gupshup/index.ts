import { unsignedJson } from '../../webhook-delivery.js'
import type { FlavourDefinition } from '../flavour.js'
import { GupshupApp } from './app.js'
import { GUPSHUP } from './identity.js'
import { handleGupshup } from './routes.js'

/** The Gupshup flavour (docs/platform.md §7.1): form-encoded sends with JSON fields, its template, opt-in and user APIs, v2 callbacks. */
export const gupshupFlavour: FlavourDefinition = {
  name: 'gupshup',
  prefixes: [GUPSHUP.prefix],
  numbers: [{ publicId: GUPSHUP.number, displayPhoneNumber: GUPSHUP.number, mps: 80 }],
  // §7.1: no signature on Gupshup's callbacks could be confirmed; the receiver checks a URL token and `app`.
  sign: unsignedJson,
  create(host) {
    const app = new GupshupApp(host)
    return {
      handle: (ctx, req, res, path) => handleGupshup(app, ctx, req, res, path),
      inbound: (n, value, atMs) => app.inbound(n, value, atMs),
      status: (n, status, atMs) => app.status(n, status, atMs),
      accountChange: (field, value, atMs) => app.accountChange(field, value, atMs),
      reset: () => app.reset(),
    }
  },
}
