/**
 * The sandbox's 360dialog channel (src/sandbox/README.md): one number, identified by its API key
 * as on 360dialog's Cloud API proxy (docs/platform.md §7.3), where no phone-number id is in the path.
 */
export const DIALOG360 = Object.freeze({
  prefix: '/360dialog',
  apiKey: 'sandbox-360dialog-key',
  phoneNumberId: '100000000000003',
  displayPhoneNumber: '15550001235',
  /** 360dialog lists templates with the WABA's namespace (§7.3); any stable value will do. */
  namespace: 'sandbox_360dialog_namespace',
})
