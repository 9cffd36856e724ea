import type { LintFinding } from '../core/templates/lint/finding.js'
import { toJson } from '../core/templates/definition-schema.js'
import type { TemplateEventRecord, TemplateRecord, TemplateUsage } from '../core/templates/ports.js'
import { toIso } from '../core/shared/time.js'

export function findingJson(f: LintFinding) {
  return { rule: f.rule, severity: f.severity, component: f.component, position: f.position, message: f.message, fix: f.fix }
}

/** A template as the API shows it: its written form plus where it stands. */
export function templateJson(t: TemplateRecord, usage?: TemplateUsage) {
  return {
    ...toJson(t.definition),
    status: t.status,
    provider_status: t.providerStatus,
    provider_template_id: t.providerTemplateId,
    origin: t.origin,
    tags: t.tags,
    folder: t.folder,
    quality: t.quality,
    rejection_reason: t.rejectionReason,
    lint: t.lint.map(findingJson),
    ...(usage
      ? {
          usage: {
            sent: usage.sent,
            delivered: usage.delivered,
            read: usage.read,
            replied: usage.replied,
            last_sent_at: usage.lastSentAt === null ? null : toIso(usage.lastSentAt),
          },
        }
      : {}),
    created_at: toIso(t.createdAt),
    updated_at: toIso(t.updatedAt),
    status_at: toIso(t.statusAt),
  }
}

export function templateEventJson(e: TemplateEventRecord & { recordedAt: number }) {
  return { kind: e.kind, status: e.status, reason: e.reason, detail: e.detail, source: e.source, at: toIso(e.at), recorded_at: toIso(e.recordedAt) }
}
