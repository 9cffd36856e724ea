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
  unreachable: (sandbox, phone) => void sandbox.setSmsUser(phone, { reachable: false }),
  badCredentials: (account) => ({ ...account, authToken: 'not-the-token' }),
  deliveredStatuses: ['sent', 'delivered'],
  skip: {
    'send template': 'SMS has no templates',
    'send media': 'Parley sends SMS as text only (MMS is US/Canada-only)',
    'failure: outside the window': 'SMS has no customer-service window',
    // The case wants a number that cannot get SMS (Twilio 30005 unknown handset, 30006 landline); the
    // sandbox's only SMS knob, reachable: false, reports 30003, a handset that is off or out of
    // coverage, which Twilio says to try again later: not a number without SMS (docs/platform.md §7.2).
    'failure: not on the channel': 'the sandbox models an unreachable SMS user as 30003 (handset off), not as a number without SMS (30005/30006)',
    'inbound button reply': 'SMS has no buttons',
    'templates: create, sync, status': 'SMS has no templates (an account of SMS numbers alone has no template manager)',
  },
})
