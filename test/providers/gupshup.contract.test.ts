import { gupshupKind } from '../../src/providers/gupshup/gupshup-kind.js'
import { describeProviderContract, sandboxWhatsApp } from './provider.contract.js'

describeProviderContract('Gupshup', {
  kind: gupshupKind,
  channel: 'whatsapp',
  sender: { id: 'default', number: '+15550001236', channel: 'whatsapp' },
  connect: (sandbox, url) => sandbox.setCallbackUrl('gupshup', url),
  badCredentials: (account) => ({ ...account, apiKey: 'not-the-key' }),
  ...sandboxWhatsApp('+15550001236', 'lesson_reminder_contract_gupshup'),
  skip: {
    // docs/platform.md §7.1: sends carry no reference of the sender's, and events name the message by Gupshup's id alone.
    'in doubt: reconciled from a status callback': 'Gupshup echoes no reference of ours: a send whose answer was lost has no id a status callback could name',
  },
})
