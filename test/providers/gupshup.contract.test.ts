import { gupshupKind } from '../../src/providers/gupshup/gupshup-kind.js'
import { describeProviderContract } from './provider.contract.js'

describeProviderContract('Gupshup', {
  kind: gupshupKind,
  channel: 'whatsapp',
  sender: { id: 'default', number: '+15550001236', channel: 'whatsapp' },
  connect: (sandbox, url) => sandbox.setCallbackUrl('gupshup', url),
  userWrites: async (sandbox, from, message) =>
    void (await sandbox.userSends(from, 'text' in message ? { text: message.text } : { button: { text: message.button.text, payload: message.button.payload } }, '+15550001236')),
  unreachable: (sandbox, phone) => void sandbox.setUser(phone, { onWhatsApp: false }),
  badCredentials: (account) => ({ ...account, apiKey: 'not-the-key' }),
  approvedTemplate: { kind: 'template', name: 'order_update', language: 'en_US', params: ['Ana', '#1234'] },
  newTemplate: {
    name: 'lesson_reminder_contract_gupshup',
    language: 'en_US',
    category: 'UTILITY',
    parameterFormat: 'positional',
    header: null,
    body: { text: 'Hello {{1}}, your lesson starts at {{2}} today.', examples: { '1': 'Ana', '2': '15:00' } },
    footer: null,
    buttons: [],
  },
  deliveredStatuses: ['sent', 'delivered', 'read'],
  skip: {
    // docs/platform.md §7.1: sends carry no reference of the sender's, and events name the message by Gupshup's id alone.
    'in doubt: reconciled from a status callback': "Gupshup echoes no reference of ours: a send whose answer was lost has no id a status callback could name",
  },
})
