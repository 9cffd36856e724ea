import { twilioKind } from '../../src/providers/twilio/twilio-kind.js'
import { describeProviderContract } from './provider.contract.js'

const NUMBER = '+15550001237'

describeProviderContract('Twilio WhatsApp', {
  kind: twilioKind,
  channel: 'whatsapp',
  sender: { id: 'twilio-wa', number: NUMBER, channel: 'whatsapp' },
  // Inbound goes to the number's configured callback; statuses to the StatusCallback of each send.
  connect: (sandbox, url) => sandbox.setCallbackUrl('twilio', url),
  userWrites: async (sandbox, from, message) =>
    void (await sandbox.userSends(from, 'text' in message ? { text: message.text } : { button: { text: message.button.text, payload: message.button.payload } }, NUMBER)),
  unreachable: (sandbox, phone) => void sandbox.setUser(phone, { onWhatsApp: false }),
  badCredentials: (account) => ({ ...account, authToken: 'not-the-token' }),
  approvedTemplate: { kind: 'template', name: 'order_update', language: 'en_US', params: ['Ana', '#1234'] },
  newTemplate: {
    name: 'lesson_reminder_twilio_contract',
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
