import { SingleBar } from 'cli-progress'
import type { Command } from 'commander'
import type { ParleyConfig } from '../config.js'
import { lintTemplate } from '../core/templates/lint/lint-template.js'
import type { LintFinding } from '../core/templates/lint/finding.js'
import { languageReport } from '../core/templates/language-report.js'
import { TEMPLATE_SORTS, type TemplateQuery } from '../core/templates/ports.js'
import { saveTemplates } from '../core/templates/save-templates.js'
import { submitTemplate, type SubmitResult } from '../core/templates/submit-template.js'
import { syncTemplates } from '../core/templates/sync-templates.js'
import { toIso } from '../core/shared/time.js'
import { openTemplateContext } from './template-context.js'
import { loadTemplateFolder, writeTemplateFolder, type FileProblem } from './template-files.js'

const out = (line = '') => process.stdout.write(`${line}\n`)
const err = (line: string) => process.stderr.write(`${line}\n`)

function printFindings(label: string, findings: readonly LintFinding[]): void {
  for (const f of findings) {
    const where = f.position?.start !== undefined ? ` @${f.position.start}` : f.position?.button !== undefined ? ` button ${f.position.button}` : ''
    out(`  ${label} ${f.severity.padEnd(7)} ${f.rule} [${f.component}${where}] ${f.message}`)
    out(`  ${' '.repeat(label.length)}         fix: ${f.fix}`)
  }
}

function printProblems(problems: readonly FileProblem[]): void {
  for (const p of problems) err(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`)
}

/** Registers `parley templates …`. */
export function registerTemplateCommands(program: Command, config: () => ParleyConfig): void {
  const templates = program.command('templates').description('manage message templates: files, lint, submission, status')

  templates
    .command('list')
    .description('list templates (your own by default), filtered and sorted')
    .option('--status <list>', 'comma-separated statuses, e.g. approved,rejected')
    .option('--language <code>')
    .option('--category <category>', 'MARKETING, UTILITY or AUTHENTICATION')
    .option('--tag <tag>')
    .option('--folder <path>')
    .option('--search <text>')
    .option('--origin <origin>', 'own, provider or all', 'own')
    .option('--sort <field>', TEMPLATE_SORTS.join(', '), 'name')
    .option('--order <order>', 'asc or desc')
    .option('--json', 'print JSON')
    .action(async (o) => {
      const { deps, close } = await openTemplateContext(config())
      try {
        const query: TemplateQuery = {
          origin: o.origin,
          sort: o.sort,
          order: o.order ?? (o.sort === 'name' ? 'asc' : 'desc'),
          limit: 1000,
          offset: 0,
          ...(o.status ? { statuses: o.status.split(',') } : {}),
          ...(o.language ? { language: o.language } : {}),
          ...(o.category ? { category: o.category.toUpperCase() } : {}),
          ...(o.tag ? { tag: o.tag } : {}),
          ...(o.folder ? { folder: o.folder } : {}),
          ...(o.search ? { search: o.search } : {}),
        }
        const { items } = await deps.templates.list(query)
        if (o.json) {
          out(JSON.stringify(items, null, 2))
          return
        }
        out(`${'NAME'.padEnd(28)} ${'LANG'.padEnd(6)} ${'CATEGORY'.padEnd(14)} ${'STATUS'.padEnd(9)} ${'SENT'.padStart(6)} ${'READ'.padStart(6)}  TAGS`)
        for (const { template: t, usage } of items) {
          const reason = t.rejectionReason ? ` (${t.rejectionReason})` : ''
          out(`${t.definition.name.padEnd(28)} ${t.definition.language.padEnd(6)} ${t.definition.category.padEnd(14)} ${(t.status + reason).padEnd(9)} ${String(usage.sent).padStart(6)} ${String(usage.read).padStart(6)}  ${t.tags.join(',')}`)
        }
        out(`${items.length} template${items.length === 1 ? '' : 's'}`)
      } finally {
        await close()
      }
    })

  templates
    .command('show')
    .description('a template: its text, status, history with the platform’s reasons, lint and usage')
    .argument('<name>')
    .option('--language <code>', 'one language (default: all of the family)')
    .action(async (name: string, o: { language?: string }) => {
      const { deps, close } = await openTemplateContext(config())
      try {
        const family = (await deps.templates.family(name)).filter((t) => !o.language || t.definition.language === o.language)
        if (family.length === 0) {
          err(`no template ${name}${o.language ? ` (${o.language})` : ''}`)
          process.exitCode = 1
          return
        }
        for (const t of family) {
          const usage = await deps.templates.usage(name, t.definition.language)
          out(`${name} (${t.definition.language}) — ${t.definition.category}, ${t.status}${t.rejectionReason ? ` (${t.rejectionReason})` : ''}, ${t.origin}`)
          if (t.definition.header?.format === 'text') out(`  header: ${t.definition.header.text}`)
          out(`  body:   ${t.definition.body.text}`)
          if (t.definition.footer) out(`  footer: ${t.definition.footer}`)
          for (const b of t.definition.buttons) out(`  button: ${b.type}${'text' in b ? ` "${b.text}"` : ''}`)
          out(`  usage:  sent ${usage.sent}, delivered ${usage.delivered}, read ${usage.read}, replied ${usage.replied}`)
          out('  history:')
          for (const e of await deps.templates.events(t.id)) {
            out(`    ${toIso(e.at)} ${e.kind}${e.status ? ` → ${e.status}` : ''}${e.reason ? ` (${e.reason})` : ''} [${e.source}]`)
            const hints = (e.detail?.hints ?? []) as Array<{ rule: string; message: string }>
            for (const h of hints) out(`      likely cause: ${h.rule}: ${h.message}`)
            if (e.kind === 'status' && e.status === 'rejected' && e.reason === null && hints.length === 0) {
              out('      the platform gave no reason, and lint finds nothing in the text that would explain it')
            }
          }
          if (t.lint.length > 0) printFindings('lint', t.lint)
          out()
        }
      } finally {
        await close()
      }
    })

  templates
    .command('lint')
    .description('check template files against the platform’s rules (exit 1 on errors)')
    .argument('<dir>', 'a folder of template files')
    .action(async (dir: string) => {
      const loaded = await loadTemplateFolder(dir)
      printProblems(loaded.problems)
      let errors = 0
      let warnings = 0
      const all = loaded.inputs.map((i) => i.definition)
      for (const input of loaded.inputs) {
        const findings = lintTemplate(input.definition, { existing: all })
        errors += findings.filter((f) => f.severity === 'error').length
        warnings += findings.filter((f) => f.severity === 'warning').length
        if (findings.length > 0) {
          out(`${input.file}: ${input.definition.name} (${input.definition.language})`)
          printFindings('', findings)
        }
      }
      out(`${loaded.inputs.length} template(s) in ${loaded.files} file(s): ${errors} error(s), ${warnings} warning(s)${loaded.problems.length ? `, ${loaded.problems.length} file problem(s)` : ''}`)
      if (errors > 0 || loaded.problems.length > 0) process.exitCode = 1
    })

  templates
    .command('push')
    .description('create or update templates from files and submit what changed (idempotent)')
    .argument('<dir>', 'a folder of template files')
    .option('--no-submit', 'save as drafts only')
    .action(async (dir: string, o: { submit: boolean }) => {
      const loaded = await loadTemplateFolder(dir)
      printProblems(loaded.problems)
      if (loaded.problems.length > 0) {
        err('nothing pushed: fix the files first')
        process.exitCode = 1
        return
      }
      const { deps, close } = await openTemplateContext(config())
      try {
        const saved = await saveTemplates(deps, loaded.inputs, 'cli')
        const tally = { created: 0, changed: 0, unchanged: 0, in_review: 0, submitted: 0, lint_failed: 0, refused: 0, retryable: 0 }
        const bar = saved.length > 10 && process.stderr.isTTY ? new SingleBar({ format: 'submitting {bar} {value}/{total} {name}', hideCursor: true }) : null
        bar?.start(saved.length, 0, { name: '' })
        const lines: string[] = []
        for (const s of saved) {
          tally[s.outcome]++
          const label = `${s.template.definition.name} (${s.template.definition.language})`
          let result: SubmitResult | null = null
          if (o.submit) result = await submitTemplate(deps, s.template, 'cli')
          bar?.increment(1, { name: label })
          if (result && result.kind !== 'unchanged') tally[result.kind]++
          lines.push(describePush(label, s.outcome, result))
        }
        bar?.stop()
        for (const line of lines) out(line)
        out(
          `created ${tally.created}, changed ${tally.changed}, unchanged ${tally.unchanged}` +
            (tally.in_review ? `, in review (left alone) ${tally.in_review}` : '') +
            (o.submit ? `; submitted ${tally.submitted}, blocked by lint ${tally.lint_failed}, refused ${tally.refused}, provider unreachable ${tally.retryable}` : ''),
        )
        if (tally.lint_failed + tally.refused + tally.retryable > 0) process.exitCode = 1
      } finally {
        await close()
      }
    })

  templates
    .command('pull')
    .description('sync from the provider and write your templates as files')
    .argument('[dir]', 'where to write the files', 'templates')
    .option('--origin <origin>', 'own, provider or all', 'own')
    .action(async (dir: string, o: { origin: 'own' | 'provider' | 'all' }) => {
      const { deps, close } = await openTemplateContext(config())
      try {
        const synced = await syncTemplates(deps)
        if (synced.kind === 'failed') {
          err(`could not list templates at the provider: ${synced.error.title} (${synced.error.code})`)
          process.exitCode = 1
          return
        }
        const { created, updated, deleted } = synced.summary
        const chosen = (await deps.templates.all()).filter((t) => t.status !== 'deleted' && (o.origin === 'all' || t.origin === o.origin))
        const files = await writeTemplateFolder(dir, chosen)
        out(`synced: ${created} new, ${updated} updated, ${deleted} deleted at the provider; wrote ${files.length} file(s) to ${dir}`)
      } finally {
        await close()
      }
    })

  templates
    .command('status')
    .description('per template family: which languages are approved, pending, rejected or missing')
    .option('--languages <list>', 'languages every family should have (default: all in use)')
    .action(async (o: { languages?: string }) => {
      const { deps, close } = await openTemplateContext(config())
      try {
        const own = (await deps.templates.all()).filter((t) => t.origin === 'own' && t.status !== 'deleted')
        const report = languageReport(own, o.languages?.split(','))
        out(['FAMILY'.padEnd(28), ...report.languages.map((l) => l.padEnd(10))].join(' '))
        for (const f of report.families) out([f.name.padEnd(28), ...report.languages.map((l) => (f.languages[l] ?? 'missing').padEnd(10))].join(' '))
        const counts = new Map<string, number>()
        for (const t of own) counts.set(t.status, (counts.get(t.status) ?? 0) + 1)
        out([...counts].map(([s, n]) => `${s} ${n}`).join(', ') || 'no templates yet')
      } finally {
        await close()
      }
    })
}

function describePush(label: string, saved: string, result: SubmitResult | null): string {
  if (!result || result.kind === 'unchanged') return `  ${saved.padEnd(10)} ${label}`
  switch (result.kind) {
    case 'submitted':
      return `  ${saved.padEnd(10)} ${label} → submitted, ${result.template.status}${result.template.definition.category !== 'UTILITY' ? ` as ${result.template.definition.category}` : ''}`
    case 'lint_failed':
      return `  ${saved.padEnd(10)} ${label} → not submitted: ${result.findings.filter((f) => f.severity === 'error').map((f) => f.rule).join(', ')}`
    case 'refused':
      return `  ${saved.padEnd(10)} ${label} → refused: ${result.error.title} (${result.error.code})`
    case 'retryable':
      return `  ${saved.padEnd(10)} ${label} → provider unreachable: ${result.error.title}`
  }
}
