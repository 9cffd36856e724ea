import { metaKind } from '../../src/providers/meta-cloud/meta-kind.js'
import { describeProviderContract, sandboxWhatsApp } from './provider.contract.js'

describeProviderContract('Meta Cloud API', {
  kind: metaKind,
  channel: 'whatsapp',
  sender: { id: 'default', number: '+15550001234', numberId: '100000000000002', channel: 'whatsapp' },
  connect: (sandbox, url) => sandbox.setWebhookUrl(url),
  badCredentials: (account) => ({ ...account, accessToken: 'not-the-token' }),
  ...sandboxWhatsApp('+15550001234', 'lesson_reminder_contract'),
})
