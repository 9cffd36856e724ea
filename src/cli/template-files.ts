import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { LineCounter, parseDocument, stringify, type Node } from 'yaml'
import { plainValue } from '../core/rules/parse-rules-document.js'
import { templateFamilySchema, toDefinition, toJson } from '../core/templates/definition-schema.js'
import type { TemplateRecord } from '../core/templates/ports.js'
import type { TemplateInput } from '../core/templates/save-templates.js'
import { CliError } from './explain-failure.js'

/** A problem in a template file, pointing at the line it is on. */
export interface FileProblem {
  file: string
  line: number | null
  message: string
}

export interface LoadedTemplates {
  inputs: Array<TemplateInput & { file: string }>
  problems: FileProblem[]
  files: number
}

const FOLDER_PROBLEMS: Record<string, string> = { ENOENT: 'no such folder', ENOTDIR: 'not a folder', EACCES: 'permission denied' }

/** Every `.yaml`/`.yml` file under `dir`, in a stable order. */
async function yamlFiles(dir: string): Promise<string[]> {
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true })
  } catch (error) {
    const problem = FOLDER_PROBLEMS[(error as NodeJS.ErrnoException).code ?? '']
    if (!problem) throw error
    // Exit 2, as for a usage mistake: 1 means the templates themselves have errors.
    throw new CliError(`${dir}: ${problem}; give the folder that holds the template files (.yaml)`, 2)
  }
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort()
}

/**
 * Reads a folder of template files, one template family (all its languages) per file. A file's
 * folder path, unless the file names one, is its sub-folder: the tree on disk is the organisation.
 * Problems point at file and line; a file with problems contributes nothing.
 */
export async function loadTemplateFolder(dir: string): Promise<LoadedTemplates> {
  const files = await yamlFiles(dir)
  const inputs: LoadedTemplates['inputs'] = []
  const problems: FileProblem[] = []
  for (const file of files) {
    const shown = relative(process.cwd(), file) || file
    const lines = new LineCounter()
    const document = parseDocument(await readFile(file, 'utf8'), { lineCounter: lines, prettyErrors: false })
    if (document.errors.length > 0) {
      for (const error of document.errors) problems.push({ file: shown, line: lines.linePos(error.pos[0]).line, message: error.message.split('\n')[0]! })
      continue
    }
    const plain = plainValue(document, lines)
    if (!plain.ok) {
      problems.push({ file: shown, line: plain.line, message: plain.message })
      continue
    }
    const parsed = templateFamilySchema.safeParse(plain.value)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const node = nodeAt(document, issue.path as Array<string | number>)
        problems.push({ file: shown, line: node?.range ? lines.linePos(node.range[0]).line : null, message: `${issue.path.join('.') || '(file)'}: ${issue.message}` })
      }
      continue
    }
    const family = parsed.data
    const folderFromPath = relative(dir, dirname(file)).split(sep).filter(Boolean).join('/') || null
    for (const [language, variant] of Object.entries(family.languages)) {
      inputs.push({
        file: shown,
        definition: toDefinition({ ...family, language }, variant, family.examples ?? {}),
        tags: family.tags ?? [],
        folder: family.folder === undefined ? folderFromPath : family.folder,
      })
    }
  }
  return { inputs, problems, files: files.length }
}

/** The deepest node that exists along `path` (a missing key points at its parent). */
function nodeAt(document: ReturnType<typeof parseDocument>, path: Array<string | number>): Node | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true)
    if (node && typeof node === 'object' && 'range' in node) return node as Node
  }
  return null
}

/**
 * Writes templates as files, one per family, under their folder: what `parley templates pull`
 * produces, and what `push` reads back unchanged.
 */
export async function writeTemplateFolder(dir: string, templates: readonly TemplateRecord[]): Promise<string[]> {
  const byName = new Map<string, TemplateRecord[]>()
  for (const t of templates) byName.set(t.definition.name, [...(byName.get(t.definition.name) ?? []), t])
  const written: string[] = []
  for (const [name, family] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
    const first = family[0]!
    const languages: Record<string, unknown> = {}
    for (const t of family.sort((a, b) => a.definition.language.localeCompare(b.definition.language))) {
      const { name: _n, language: _l, category: _c, parameter_format: _p, ...variant } = toJson(t.definition)
      languages[t.definition.language] = variant
    }
    const file = join(dir, ...(first.folder ? first.folder.split('/') : []), `${name}.yaml`)
    await mkdir(dirname(file), { recursive: true })
    const body = {
      name,
      category: first.definition.category,
      parameter_format: first.definition.parameterFormat,
      ...(first.tags.length > 0 ? { tags: first.tags } : {}),
      ...(first.folder ? { folder: first.folder } : {}),
      languages,
    }
    await writeFile(file, stringify(body, { lineWidth: 0 }))
    written.push(file)
  }
  return written
}
