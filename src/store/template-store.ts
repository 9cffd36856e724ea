import { sql, type Selectable } from 'kysely'
import type { TemplateDefinition } from '../core/templates/model.js'
import type { LintFinding } from '../core/templates/lint/finding.js'
import type { ListedTemplate, TemplateEventRecord, TemplateQuery, TemplateRecord, TemplateStore, TemplateUsage } from '../core/templates/ports.js'
import type { TemplateStatus } from '../core/templates/status.js'
import type { Database } from './dialect.js'
import type { TemplatesTable } from './schema.js'
import { transactWithEvents, UNRECORDED, type ChangeRecorder } from './change-recorder.js'

type Row = Selectable<TemplatesTable>

function toRecord(row: Row): TemplateRecord {
  return {
    id: row.id,
    definition: JSON.parse(row.definition) as TemplateDefinition,
    status: row.status as TemplateStatus,
    providerStatus: row.provider_status,
    providerTemplateId: row.provider_template_id,
    origin: row.origin,
    tags: JSON.parse(row.tags) as string[],
    folder: row.folder,
    quality: row.quality,
    rejectionReason: row.rejection_reason,
    lint: JSON.parse(row.lint) as LintFinding[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    statusAt: row.status_at,
  }
}

/** What text search looks at: the name and every text a person reads, lower-cased. */
function searchText(d: TemplateDefinition): string {
  const parts = [d.name, d.header?.format === 'text' ? d.header.text : '', d.body.text, d.footer ?? '', ...d.buttons.map((b) => ('text' in b ? b.text : ''))]
  return parts.join('\n').toLowerCase()
}

function toRow(r: TemplateRecord): Row {
  return {
    id: r.id,
    name: r.definition.name,
    language: r.definition.language,
    category: r.definition.category,
    definition: JSON.stringify(r.definition),
    search_text: searchText(r.definition),
    status: r.status,
    provider_status: r.providerStatus,
    provider_template_id: r.providerTemplateId,
    origin: r.origin,
    tags: JSON.stringify(r.tags),
    folder: r.folder,
    quality: r.quality,
    rejection_reason: r.rejectionReason,
    lint: JSON.stringify(r.lint),
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    status_at: r.statusAt,
  }
}

/** LIKE with the pattern characters of user input taken literally. */
function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export function createTemplateStore(database: Database, changes: ChangeRecorder = UNRECORDED): TemplateStore {
  const { db } = database

  // Usage per (name, language) from the messages themselves, so counts never drift from the truth.
  const usageQuery = () =>
    db
      .selectFrom('messages as m')
      .where('m.direction', '=', 'outbound')
      .where('m.template_name', 'is not', null)
      .select([
        'm.template_name as name',
        'm.template_language as language',
        sql<number>`sum(case when m.status in ('sent', 'delivered', 'read') then 1 else 0 end)`.as('sent'),
        sql<number>`sum(case when m.status in ('delivered', 'read') then 1 else 0 end)`.as('delivered'),
        sql<number>`sum(case when m.status = 'read' then 1 else 0 end)`.as('read'),
        sql<number>`sum(case when exists (select 1 from messages r where r.reply_to = m.provider_message_id) then 1 else 0 end)`.as('replied'),
        sql<number | null>`max(case when m.status in ('sent', 'delivered', 'read') then m.created_at end)`.as('last_sent_at'),
      ])
      .groupBy(['m.template_name', 'm.template_language'])

  const toUsage = (u: { sent: unknown; delivered: unknown; read: unknown; replied: unknown; last_sent_at: unknown } | undefined): TemplateUsage => ({
    sent: Number(u?.sent ?? 0),
    delivered: Number(u?.delivered ?? 0),
    read: Number(u?.read ?? 0),
    replied: Number(u?.replied ?? 0),
    lastSentAt: u?.last_sent_at === null || u?.last_sent_at === undefined ? null : Number(u.last_sent_at),
  })

  return {
    async get(name, language) {
      const row = await db.selectFrom('templates').selectAll().where('name', '=', name).where('language', '=', language).executeTakeFirst()
      return row ? toRecord(row) : null
    },
    async getByProviderId(id) {
      const row = await db.selectFrom('templates').selectAll().where('provider_template_id', '=', id).executeTakeFirst()
      return row ? toRecord(row) : null
    },
    async family(name) {
      const rows = await db.selectFrom('templates').selectAll().where('name', '=', name).orderBy('language').execute()
      return rows.map(toRecord)
    },
    async all() {
      const rows = await db.selectFrom('templates').selectAll().orderBy('name').orderBy('language').execute()
      return rows.map(toRecord)
    },
    async list(query: TemplateQuery) {
      let base = db.selectFrom('templates as t').leftJoin(usageQuery().as('u'), (join) => join.onRef('u.name', '=', 't.name').onRef('u.language', '=', 't.language'))
      if (query.statuses && query.statuses.length > 0) base = base.where('t.status', 'in', query.statuses)
      if (query.language) base = base.where('t.language', '=', query.language)
      if (query.category) base = base.where('t.category', '=', query.category)
      if (query.origin !== 'all') base = base.where('t.origin', '=', query.origin)
      if (query.folder) base = base.where((eb) => eb.or([eb('t.folder', '=', query.folder!), eb('t.folder', 'like', `${query.folder!.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`)]))
      if (query.tag) base = base.where(sql<boolean>`t.tags like ${likeContaining(JSON.stringify(query.tag))} escape '\\'`)
      if (query.search) base = base.where(sql<boolean>`t.search_text like ${likeContaining(query.search.toLowerCase())} escape '\\'`)
      const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      const direction = query.order
      let ordered = base.selectAll('t').select(['u.sent', 'u.delivered', 'u.read', 'u.replied', 'u.last_sent_at'])
      switch (query.sort) {
        case 'name':
          ordered = ordered.orderBy('t.name', direction).orderBy('t.language', direction)
          break
        case 'updated':
          ordered = ordered.orderBy('t.updated_at', direction)
          break
        case 'usage':
          ordered = ordered.orderBy(sql`coalesce(u.sent, 0)`, direction)
          break
        case 'last_sent':
          // Never-sent templates last, whichever the direction.
          ordered = ordered.orderBy(sql`case when u.last_sent_at is null then 1 else 0 end`).orderBy('u.last_sent_at', direction)
          break
      }
      const rows = await ordered.orderBy('t.name').orderBy('t.language').limit(query.limit).offset(query.offset).execute()
      const items: ListedTemplate[] = rows.map((row) => ({ template: toRecord(row), usage: toUsage(row) }))
      return { items, total: Number(total.n) }
    },
    async usage(name, language) {
      const row = await usageQuery().where('m.template_name', '=', name).where('m.template_language', '=', language).executeTakeFirst()
      return toUsage(row)
    },
    async events(templateId) {
      const rows = await db.selectFrom('template_events').selectAll().where('template_id', '=', templateId).orderBy('id').execute()
      return rows.map((r) => ({
        kind: r.kind as TemplateEventRecord['kind'],
        status: r.status as TemplateStatus | null,
        reason: r.reason,
        detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
        source: r.source as TemplateEventRecord['source'],
        at: r.at,
        recordedAt: r.recorded_at,
      }))
    },
    async save(record, events, now) {
      const row = toRow(record)
      await transactWithEvents(database, changes, now, async (trx, recordChanges) => {
        const { id: _id, created_at: _created, ...updated } = row
        await trx
          .insertInto('templates')
          .values(row)
          .onConflict((oc) => oc.column('id').doUpdateSet(updated))
          .execute()
        if (events.length > 0) {
          await trx
            .insertInto('template_events')
            .values(
              events.map((e) => ({
                template_id: record.id,
                kind: e.kind,
                status: e.status,
                reason: e.reason,
                detail: e.detail ? JSON.stringify(e.detail) : null,
                source: e.source,
                at: e.at,
                recorded_at: now,
              })),
            )
            .execute()
        }
        recordChanges(
          events
            .filter((e) => e.kind === 'status' || e.kind === 'submitted' || e.kind === 'deleted')
            .map((e) => ({ type: 'template.status_changed', name: record.definition.name, language: record.definition.language, status: e.status ?? record.status, reason: e.reason, at: e.at })),
        )
      })
    },
  }
}
