/** What a notification is, as far as consent, caps and pricing care (the platform's categories, lower-case). */
export type NotificationCategory = 'utility' | 'marketing'
