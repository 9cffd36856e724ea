/**
 * Templates a sandbox WABA starts with, in the create call's format (docs/platform.md §3.1).
 *
 * Meta's samples: every new WhatsApp Business Account comes with `hello_world` and a set of
 * `sample_*` templates, APPROVED, which the listing mixes in with the business's own. Texts as they
 * appear in real listings and in public SDK documentation (en_US). The Graph API marks them with no
 * field at all (no `library_template_name`, no origin flag): clients recognise them by name, which
 * is why the sandbox keeps the origin only in its own view (`Sandbox.templates()`).
 * Categories: `hello_world` is UTILITY in real listings; the `sample_*` ones carried the pre-2023
 * categories (SHIPPING_UPDATE, TICKET_UPDATE, ISSUE_RESOLUTION …) that Meta folded into UTILITY —
 * the happy-hour announcement is promotional and is seeded as MARKETING (not confirmed).
 *
 * Samples are seeded as they are, without the create-time rules: several break them (a body ending
 * with a variable, `{{1}}-{{2}}`, media headers without sample handles), as Meta's own templates may.
 */

/** A template in the create call's JSON format (`POST /{waba-id}/message_templates`). */
export interface TemplateDefinition {
  name: string
  language: string
  category: string
  parameter_format?: string
  components: Array<Record<string, unknown>>
}

const UNVERIFIED = { type: 'FOOTER', text: 'This message is from an unverified business.' }

export const SAMPLE_TEMPLATES: readonly TemplateDefinition[] = [
  {
    name: 'hello_world',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
      {
        type: 'BODY',
        text:
          'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, ' +
          'hosted by Meta. Thank you for taking the time to test with us.',
      },
      { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
    ],
  },
  {
    name: 'sample_shipping_confirmation',
    language: 'en_US',
    category: 'UTILITY',
    components: [{ type: 'BODY', text: 'Your package has been shipped. It will be delivered in {{1}} business days.' }, UNVERIFIED],
  },
  {
    name: 'sample_issue_resolution',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'BODY', text: 'Hi {{1}}, were we able to solve the issue that you were facing?' },
      UNVERIFIED,
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Yes' }, { type: 'QUICK_REPLY', text: 'No' }] },
    ],
  },
  {
    name: 'sample_purchase_feedback',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: 'Thank you for purchasing {{1}}! We value your feedback and would like to learn more about your experience.' },
      UNVERIFIED,
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Take Survey', url: 'https://www.example.com/' }] },
    ],
  },
  {
    name: 'sample_flight_confirmation',
    language: 'en_US',
    category: 'UTILITY',
    components: [{ type: 'HEADER', format: 'DOCUMENT' }, { type: 'BODY', text: 'This is your flight confirmation for {{1}}-{{2}} on {{3}}.' }, UNVERIFIED],
  },
  {
    name: 'sample_movie_ticket_confirmation',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: 'Your ticket for *{{1}}*\n*Time* - {{2}}\n*Venue* - {{3}}\n*Seats* - {{4}}' },
      UNVERIFIED,
    ],
  },
  {
    name: 'sample_happy_hour_announcement',
    language: 'en_US',
    category: 'MARKETING',
    components: [
      { type: 'HEADER', format: 'VIDEO' },
      { type: 'BODY', text: 'Happy hour is here! 🍺😀🍸\nPlease be merry and enjoy the day. 🎉\nVenue: {{1}}\nTime: {{2}}' },
      UNVERIFIED,
    ],
  },
]

/**
 * The business's own templates in a default sandbox: the ones Parley's examples and tests send.
 * They pass the sandbox's own create-time rules and review (checked when the sandbox starts).
 */
export const DEMO_TEMPLATES: readonly TemplateDefinition[] = [
  {
    name: 'order_update',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'BODY', text: 'Hi {{1}}, your order {{2}} is on its way. Thank you for shopping with us.', example: { body_text: [['Ana', '#1234']] } },
    ],
  },
  {
    name: 'welcome_named',
    language: 'en_US',
    category: 'UTILITY',
    parameter_format: 'NAMED',
    components: [
      {
        type: 'BODY',
        text: 'Hello {{first_name}}, your account is ready. Reply to this message whenever you need help.',
        example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ana' }] },
      },
    ],
  },
  {
    name: 'delivery_reschedule',
    language: 'en',
    category: 'UTILITY',
    components: [
      { type: 'BODY', text: 'Your delivery is planned for tomorrow between 9:00 and 12:00. Does this time still work for you?' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Keep the time' },
          { type: 'QUICK_REPLY', text: 'Reschedule' },
          { type: 'QUICK_REPLY', text: 'Stop updates' },
        ],
      },
    ],
  },
]
