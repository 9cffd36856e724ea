import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { notificationsSupported } from './notifications.ts'

type Permission = NotificationPermission | 'unsupported'

/** The opt-in for browser notifications: asks the browser once, then says what it answered. */
export function NotifyToggle() {
  const { t } = useTranslation()
  const [permission, setPermission] = useState<Permission>(() => (notificationsSupported() ? Notification.permission : 'unsupported'))

  async function ask() {
    setPermission(await Notification.requestPermission())
  }

  switch (permission) {
    case 'default':
      return (
        <button type="button" className="notify" onClick={() => void ask()}>
          {t('workflow.notify')}
        </button>
      )
    case 'granted':
      return <span className="notify">{t('workflow.notify.on')}</span>
    case 'denied':
      return <span className="notify">{t('workflow.notify.denied')}</span>
    case 'unsupported':
      return null
  }
}
