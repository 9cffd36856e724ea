import { unsignedJson } from '../../webhook-delivery.js'
import type { FlavourDefinition } from '../flavour.js'
import { DialogCallbacks } from './callbacks.js'
import { DIALOG360 } from './identity.js'
import { handleDialog } from './routes.js'

/** The 360dialog flavour (docs/platform.md §7.3): Meta's bodies behind 360dialog's key, base URL and webhook configuration. */
export const dialog360Flavour: FlavourDefinition = {
  name: '360dialog',
  prefixes: [DIALOG360.prefix],
  numbers: [{ publicId: DIALOG360.phoneNumberId, displayPhoneNumber: DIALOG360.displayPhoneNumber, mps: 80 }],
  // §7.3: no signature on 360dialog's webhooks could be confirmed; the sandbox sends none.
  sign: unsignedJson,
  create(host) {
    const number = host.numbers[0]!
    const out = new DialogCallbacks(host.callbacks, host.state.options.wabaId)
    return {
      handle: (ctx, req, res, path) => handleDialog(ctx, req, res, path, number, host.callbacks),
      inbound: (n, value) => out.inbound(n, value),
      status: (n, status) => out.status(n, status),
      accountChange: (field, value, atMs) => out.accountChange(field, value, atMs),
    }
  },
}
