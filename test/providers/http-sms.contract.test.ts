import { httpSmsKind } from '../../src/providers/http-sms/http-sms-kind.js'
import { describeProviderContract } from './provider.contract.js'

const NUMBER = '+15550001239'

describeProviderContract('generic HTTP SMS gateway', {
  kind: httpSmsKind,
  channel: 'sms',
  sender: { id: 'gateway', number: NUMBER, channel: 'sms' },
  connect: (sandbox, url) => sandbox.setCallbackUrl('http-sms', url),
  userWrites: async (sandbox, from, message) => {
    if (!('text' in message)) throw new Error('an SMS user writes text only')
    await sandbox.userSendsSms(from, message.text, NUMBER)
  },
  unreachable: (sandbox, phone) => void sandbox.setSmsUser(phone, { reachable: false }),
  badCredentials: (account) => ({ ...account, apiKey: 'not-the-key' }),
  deliveredStatuses: ['sent', 'delivered'],
  skip: {
    'send template': 'SMS has no templates',
    'send media': 'the gateway protocol carries text only',
    'failure: outside the window': 'SMS has no customer-service window',
    'inbound button reply': 'SMS has no buttons',
    'templates: create, sync, status': 'SMS has no templates',
  },
})
