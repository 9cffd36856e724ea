import { metaKind } from '../../src/providers/meta-cloud/meta-kind.js'
import { describeProviderContract } from './provider.contract.js'

describeProviderContract('Meta Cloud API', {
  kind: metaKind,
  channel: 'whatsapp',
  sender: { id: 'default', number: '+15550001234', numberId: '100000000000002', channel: 'whatsapp' },
  connect: (sandbox, url) => sandbox.setWebhookUrl(url),
  userWrites: async (sandbox, from, message) =>
    void (await sandbox.userSends(from, 'text' in message ? { text: message.text } : { button: { text: message.button.text, payload: message.button.payload } })),
  unreachable: (sandbox, phone) => void sandbox.setUser(phone, { onWhatsApp: false }),
  badCredentials: (account) => ({ ...account, accessToken: 'not-the-token' }),
  approvedTemplate: { kind: 'template', name: 'order_update', language: 'en_US', params: ['Ana', '#1234'] },
  newTemplate: {
    name: 'lesson_reminder_contract',
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
