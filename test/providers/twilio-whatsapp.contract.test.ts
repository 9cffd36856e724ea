import { twilioKind } from '../../src/providers/twilio/twilio-kind.js'
import { describeProviderContract, sandboxWhatsApp } from './provider.contract.js'

const NUMBER = '+15550001237'

describeProviderContract('Twilio WhatsApp', {
  kind: twilioKind,
  channel: 'whatsapp',
  sender: { id: 'twilio-wa', number: NUMBER, channel: 'whatsapp' },
  // Inbound goes to the number's configured callback; statuses to the StatusCallback of each send.
  connect: (sandbox, url) => sandbox.setCallbackUrl('twilio', url),
  badCredentials: (account) => ({ ...account, authToken: 'not-the-token' }),
  ...sandboxWhatsApp(NUMBER, 'lesson_reminder_twilio_contract'),
})
