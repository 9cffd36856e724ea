/**
 * The template store's data: message templates as the Cloud API's management endpoints return them
 * (docs/platform.md §3.2), plus what the sandbox needs to emulate the platform around them (origin,
 * pending review verdict, pause strikes, edit times and a change history).
 */

export const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const
export type Category = (typeof CATEGORIES)[number]

/** §3.3; the sandbox produces the first five (IN_APPEAL etc. need processes it does not model). */
export type TemplateStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'PAUSED' | 'DISABLED'

/** §3.4: `rejected_reason` on the template, `reason` in the webhook; `NONE` when approved or rejected without one. */
export const REJECTION_REASONS = [
  'NONE',
  'ABUSIVE_CONTENT',
  'INVALID_FORMAT',
  'PROMOTIONAL',
  'TAG_CONTENT_MISMATCH',
  'INCORRECT_CATEGORY',
  'SCAM',
  'CATEGORY_NOT_AVAILABLE',
] as const
export type RejectionReason = (typeof REJECTION_REASONS)[number]

export type QualityScore = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN'
export type ParameterFormat = 'POSITIONAL' | 'NAMED'
export type HeaderFormat = 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION'
export type ButtonType = 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'COPY_CODE' | 'OTP' | 'FLOW'
export type OtpType = 'COPY_CODE' | 'ONE_TAP' | 'ZERO_TAP'

export interface NamedExample {
  param_name: string
  example: string
}

export interface HeaderComponent {
  type: 'HEADER'
  format: HeaderFormat
  text?: string
  example?: { header_text?: string[]; header_text_named_params?: NamedExample[]; header_handle?: string[] }
}

export interface BodyComponent {
  type: 'BODY'
  text: string
  /** Authentication templates: Meta appends its security sentence. */
  add_security_recommendation?: boolean
  example?: { body_text?: string[][]; body_text_named_params?: NamedExample[] }
}

export interface FooterComponent {
  type: 'FOOTER'
  text: string
  /** Authentication templates: Meta writes the footer from it. */
  code_expiration_minutes?: number
}

export interface TemplateButton {
  type: ButtonType
  text?: string
  url?: string
  phone_number?: string
  otp_type?: OtpType
  /** URL buttons: the example URL(s) for the variable; COPY_CODE: the example code, a string as in Meta's create call. */
  example?: string[] | string
}

export interface ButtonsComponent {
  type: 'BUTTONS'
  buttons: TemplateButton[]
}

export type TemplateComponent = HeaderComponent | BodyComponent | FooterComponent | ButtonsComponent

/** A template as submitted, after shape checks and normalisation (upper-case enums, nested body examples). */
export interface TemplateDraft {
  name: string
  language: string
  category: Category
  parameterFormat: ParameterFormat
  components: TemplateComponent[]
  ttlSeconds?: number
}

/** Where a template came from: created by the business, or one of Meta's samples every new WABA has. */
export type TemplateOrigin = 'own' | 'sample'

/** One recorded change, with the platform's reason where it gave one. */
export interface TemplateChange {
  /** Unix milliseconds. */
  at: number
  status: TemplateStatus
  category: Category
  reason: RejectionReason | null
  /** What happened: `submitted`, `edited`, `approved`, `rejected`, `recategorized`, `paused`, `disabled`, `unpaused`, `seeded`. */
  event: string
}

/** What review decided at submission, announced when the review delay has passed. */
export type Verdict =
  /** `from`: the submitted category when the platform approves it as another one (§3.5). */
  | { kind: 'approve'; category: Category; from?: Category }
  | { kind: 'reject'; reason: RejectionReason; finding: string }

export interface StoredTemplate extends TemplateDraft {
  id: string
  origin: TemplateOrigin
  status: TemplateStatus
  rejectedReason: RejectionReason
  /** The category before the platform changed it (§3.2 `previous_category`). */
  previousCategory: Category | null
  quality: { score: QualityScore; at: number }
  createdAt: number
  /** Low-quality pauses so far: the third one disables (§3.3). */
  pauses: number
  /** Times of edits made while APPROVED (§3.6: at most 1 per 24 h and 10 per 30 days). */
  approvedEdits: number[]
  verdict: Verdict | null
  /** Bumped on every submission so that a review scheduled for an older version is ignored. */
  reviewToken: number
  history: TemplateChange[]
}

/** Picks a template by id, or by name and language. */
export type TemplateSelector = { id: string } | { name: string; language: string }

/** A template as `Sandbox.templates()` and `GET /sandbox/templates` show it. */
export interface SandboxTemplate {
  id: string
  name: string
  language: string
  category: Category
  previousCategory: Category | null
  status: TemplateStatus
  rejectedReason: RejectionReason
  qualityScore: QualityScore
  parameterFormat: ParameterFormat
  origin: TemplateOrigin
  components: TemplateComponent[]
  createdAt: number
  history: TemplateChange[]
}

export function bodyOf(t: { components: TemplateComponent[] }): BodyComponent | undefined {
  return t.components.find((c): c is BodyComponent => c.type === 'BODY')
}

export function headerOf(t: { components: TemplateComponent[] }): HeaderComponent | undefined {
  return t.components.find((c): c is HeaderComponent => c.type === 'HEADER')
}

export function footerOf(t: { components: TemplateComponent[] }): FooterComponent | undefined {
  return t.components.find((c): c is FooterComponent => c.type === 'FOOTER')
}

export function buttonsOf(t: { components: TemplateComponent[] }): TemplateButton[] {
  return t.components.find((c): c is ButtonsComponent => c.type === 'BUTTONS')?.buttons ?? []
}

/** The store's template as the sandbox's own view shows it: a copy, with origin and history. */
export function templateView(t: StoredTemplate): SandboxTemplate {
  return {
    id: t.id,
    name: t.name,
    language: t.language,
    category: t.category,
    previousCategory: t.previousCategory,
    status: t.status,
    rejectedReason: t.rejectedReason,
    qualityScore: t.quality.score,
    parameterFormat: t.parameterFormat,
    origin: t.origin,
    components: structuredClone(t.components),
    createdAt: t.createdAt,
    history: t.history.map((h) => ({ ...h })),
  }
}
