import { d360Kind } from '../../src/providers/360dialog/360dialog-kind.js'
import { describeProviderContract } from './provider.contract.js'

describeProviderContract('360dialog', {
  kind: d360Kind,
  channel: 'whatsapp',
  sender: { id: 'default', number: '+15550001235', numberId: '100000000000003', channel: 'whatsapp' },
  connect: (sandbox, url) => sandbox.setCallbackUrl('360dialog', url),
  userWrites: async (sandbox, from, message) =>
    void (await sandbox.userSends(from, 'text' in message ? { text: message.text } : { button: { text: message.button.text, payload: message.button.payload } }, '+15550001235')),
  unreachable: (sandbox, phone) => void sandbox.setUser(phone, { onWhatsApp: false }),
  badCredentials: (account) => ({ ...account, apiKey: 'not-the-key' }),
  approvedTemplate: { kind: 'template', name: 'order_update', language: 'en_US', params: ['Ana', '#1234'] },
  newTemplate: {
    name: 'lesson_reminder_contract_360',
    language: 'en_US',
    category: 'UTILITY',
    parameterFormat: 'positional',
    header: null,
    body: { text: 'Hello {{1}}, your lesson starts at {{2}} today.', examples: { '1': 'Ana', '2': '15:00' } },
    footer: null,
    buttons: [],
  },
  deliveredStatuses: ['sent', 'delivered', 'read'],
})
