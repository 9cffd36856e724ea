import { d360Kind } from '../../src/providers/360dialog/360dialog-kind.js'
import { describeProviderContract, sandboxWhatsApp } from './provider.contract.js'

describeProviderContract('360dialog', {
  kind: d360Kind,
  channel: 'whatsapp',
  sender: { id: 'default', number: '+15550001235', numberId: '100000000000003', channel: 'whatsapp' },
  connect: (sandbox, url) => sandbox.setCallbackUrl('360dialog', url),
  badCredentials: (account) => ({ ...account, apiKey: 'not-the-key' }),
  ...sandboxWhatsApp('+15550001235', 'lesson_reminder_contract_360'),
})
