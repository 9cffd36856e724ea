/**
 * The template side of a provider. The templates feature declares it (core/templates/manager.ts),
 * since it is the one that calls it; adapters find it here with the rest of the provider ports.
 */
export type {
  RemoteTemplate,
  SubmittedTemplate,
  TemplateCallOutcome,
  TemplateCategoryEvent,
  TemplateEvent,
  TemplateManager,
  TemplateQualityEvent,
  TemplateStatusEvent,
} from '../templates/manager.js'
