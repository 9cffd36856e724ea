import { twilioKind } from '../../src/providers/twilio/twilio-kind.js'
import { describeProviderContract } from './provider.contract.js'

const NUMBER = '+15550001238'

describeProviderContract('Twilio SMS', {
  kind: twilioKind,
  channel: 'sms',
  sender: { id: 'twilio-sms', number: NUMBER, channel: 'sms' },
  connect: (sandbox, url) => sandbox.setCallbackUrl('twilio', url),
  userWrites: async (sandbox, from, message) => {
    if (!('text' in message)) throw new Error('an SMS user writes text only')
    await sandbox.userSendsSms(from, message.text, NUMBER)
  },
  // A number that does not exist (30005), not a handset that is off (30003, worth another try later).
  unreachable: (sandbox, phone) => void sandbox.setSmsUser(phone, { exists: false }),
  badCredentials: (account) => ({ ...account, authToken: 'not-the-token' }),
  deliveredStatuses: ['sent', 'delivered'],
  skip: {
    'send template': 'SMS has no templates',
    'send media': 'Parley sends SMS as text only (MMS is US/Canada-only)',
    'failure: outside the window': 'SMS has no customer-service window',
    'inbound button reply': 'SMS has no buttons',
    'templates: create, sync, status': 'SMS has no templates (an account of SMS numbers alone has no template manager)',
  },
})
