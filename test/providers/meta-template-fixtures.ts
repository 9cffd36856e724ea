import type { TemplateDefinition } from '../../src/core/templates/model.js'

/** The docs/platform.md §3.1 example: positional, text header with a variable, footer, quick reply and URL buttons. */
export const orderUpdate: TemplateDefinition = {
  name: 'order_update',
  language: 'en_US',
  category: 'UTILITY',
  parameterFormat: 'positional',
  header: { format: 'text', text: 'Order {{1}}', examples: { '1': '#1234' } },
  body: { text: 'Hi {{1}}, your order {{2}} ships on {{3}}. Thank you for shopping with us.', examples: { '1': 'Ana', '2': '#1234', '3': 'Friday' } },
  footer: 'Reply STOP to opt out',
  buttons: [
    { type: 'quick_reply', text: 'Stop updates' },
    { type: 'url', text: 'Track order', url: 'https://shop.example/t/{{1}}', example: '1234' },
  ],
}

/** Named variables, a named header variable, phone and copy-code buttons. */
export const welcomeNamed: TemplateDefinition = {
  name: 'welcome_named',
  language: 'pt_BR',
  category: 'MARKETING',
  parameterFormat: 'named',
  header: { format: 'text', text: 'Olá {{first_name}}', examples: { first_name: 'Ana' } },
  body: { text: 'Oi {{first_name}}, use o cupom do pedido {{order_number}} até sexta.', examples: { first_name: 'Ana', order_number: '#1234' } },
  footer: null,
  buttons: [
    { type: 'phone_number', text: 'Ligar', phoneNumber: '+5511987654321' },
    { type: 'copy_code', example: 'SAVE10' },
  ],
}

/** A media header with its sample handle, static URL button, no variables at all. */
export const boxPhoto: TemplateDefinition = {
  name: 'box_photo',
  language: 'en',
  category: 'UTILITY',
  parameterFormat: 'positional',
  header: { format: 'image', example: '4::aW1hZ2UvanBlZw==:ARb' },
  body: { text: 'Your box is packed and on its way.', examples: {} },
  footer: null,
  buttons: [{ type: 'url', text: 'Help', url: 'https://shop.example/help', example: null }],
}

/** A location header. */
export const pickupPoint: TemplateDefinition = {
  name: 'pickup_point',
  language: 'es_MX',
  category: 'UTILITY',
  parameterFormat: 'positional',
  header: { format: 'location' },
  body: { text: 'Tu pedido {{1}} está listo para recoger aquí.', examples: { '1': '#88' } },
  footer: null,
  buttons: [],
}

export const ALL_DEFINITIONS = [orderUpdate, welcomeNamed, boxPhoto, pickupPoint]
