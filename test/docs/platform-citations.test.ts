import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * Code cites the platform reference by section ("docs/platform.md" followed by a section sign and a
 * number). These checks keep the citations honest: every cited section exists as a heading there, each
 * citing file names the reference at or before its first citation, and nothing points at a developer's
 * private copy of the research notes instead. The section sign is written as an escape so that this
 * file does not cite anything itself.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const REFERENCE = 'docs/platform.md'
const SCANNED = ['src', 'test', 'bench', 'README.md']
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', '.parley'])
// Built from parts so that this file does not contain what it forbids.
const FORBIDDEN = [['', 'work', 'shared'].join('/'), ['whatsapp', 'platform.md'].join('-')]

const SECTION = '\u00a7'
// A citation: the sign, an optional space, a number like 3 or 3.6, optionally a range "–3.6" / "-3.6".
// A sign right after "RFC <number>" cites that RFC, not the reference.
const CITATION = new RegExp(`(?<!RFC \\d+ )${SECTION} ?(\\d+(?:\\.\\d+)?)(?:\\s*[–-]\\s*(\\d+(?:\\.\\d+)?))?`, 'g')
// A numbered heading: "## 0. Identifiers", "### 1.10 Phone-number gotchas".
const HEADING = /^#{2,4}\s+(\d+(?:\.\d+)?)\.?\s/

interface Citation {
  section: string
  line: number
  offset: number
}

/** The section numbers that have a heading in the reference's text. */
function sectionsOf(markdown: string): Set<string> {
  const sections = new Set<string>()
  for (const line of markdown.split('\n')) {
    const match = HEADING.exec(line)
    if (match?.[1] !== undefined) sections.add(match[1])
  }
  return sections
}

/** Every section a text cites, with both ends of a range, in order of appearance. */
function citationsIn(text: string): Citation[] {
  const found: Citation[] = []
  for (const match of text.matchAll(CITATION)) {
    const offset = match.index
    const line = text.slice(0, offset).split('\n').length
    for (const section of [match[1], match[2]]) if (section !== undefined) found.push({ section, line, offset })
  }
  return found
}

/** Problems with one file's citations: unknown sections, and a first citation not preceded by the reference's name. */
function citationProblems(path: string, text: string, sections: Set<string>): string[] {
  const citations = citationsIn(text)
  const problems = citations
    .filter((c) => !sections.has(c.section))
    .map((c) => `${path}:${c.line}: cites ${SECTION}${c.section}, which ${REFERENCE} has no heading for`)
  const first = citations[0]
  if (first !== undefined && !text.slice(0, first.offset).includes(REFERENCE)) {
    problems.push(`${path}:${first.line}: first citation (${SECTION}${first.section}) does not name ${REFERENCE}`)
  }
  return problems
}

/** Mentions of the private research file's location or name. */
function forbiddenMentions(path: string, text: string): string[] {
  return FORBIDDEN.filter((needle) => text.includes(needle)).map((needle) => `${path}: mentions ${needle}`)
}

function filesUnder(path: string): string[] {
  const absolute = join(ROOT, path)
  let entries
  try {
    entries = readdirSync(absolute, { withFileTypes: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return [path]
    throw error
  }
  return entries.flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : filesUnder(join(path, entry.name))
    return entry.isFile() ? [join(path, entry.name)] : []
  })
}

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')
const scannedFiles = (): string[] => SCANNED.flatMap(filesUnder).map((path) => relative(ROOT, join(ROOT, path)))

describe(`citations of ${REFERENCE}`, () => {
  const reference = read(REFERENCE)
  const sections = sectionsOf(reference)

  it('the reference numbers its sections 0 to 10', () => {
    for (const section of ['0', '1', '1.1', '1.10', '2.2', '3.6', '4.1', '4.2', '5', '6.1', '6.2', '7.1', '8', '9', '10']) {
      expect(sections, section).toContain(section)
    }
  })

  it('every section cited in src/, test/, bench/ and README.md exists, and each citing file names the reference first', () => {
    const problems = scannedFiles().flatMap((path) => citationProblems(path, read(path), sections))
    expect(problems).toEqual([])
  })

  it('the reference cites only its own sections', () => {
    const dangling = citationsIn(reference).filter((c) => !sections.has(c.section))
    expect(dangling).toEqual([])
  })

  it("no file points at a developer's local copy of the research notes", () => {
    const files = [...scannedFiles(), REFERENCE]
    expect(files.flatMap((path) => forbiddenMentions(path, read(path)))).toEqual([])
  })
})

describe('the citation checks themselves', () => {
  const sections = sectionsOf(['# Title', '## 0. Identifiers', '## 1. Sending', '### 1.2 Envelope', '### 1.10 Gotchas', 'text 9.9'].join('\n'))
  const cite = (n: string) => `${SECTION}${n}`

  it('reads headings, not prose', () => {
    expect([...sections].sort()).toEqual(['0', '1', '1.10', '1.2'])
  })

  it('finds plain citations, ranges, and ignores a trailing full stop', () => {
    const text = `a (${cite('1.2')}–1.10), b ${cite('0')}. c ${cite('1.10')}.\nd ${cite('1')}/${cite('1.2')}`
    expect(citationsIn(text).map((c) => [c.section, c.line])).toEqual([
      ['1.2', 1], ['1.10', 1], ['0', 1], ['1.10', 1], ['1', 2], ['1.2', 2],
    ])
  })

  it('reports a cited section without a heading, and a range end without one', () => {
    const text = `// ${REFERENCE} ${cite('1.2')} and ${cite('1.3')}\n// ${cite('1.2')}–1.7`
    expect(citationProblems('x.ts', text, sections)).toEqual([
      `x.ts:1: cites ${cite('1.3')}, which ${REFERENCE} has no heading for`,
      `x.ts:2: cites ${cite('1.7')}, which ${REFERENCE} has no heading for`,
    ])
  })

  it('reports a first citation that does not name the reference, and accepts one that does', () => {
    expect(citationProblems('y.ts', `// platform doc ${cite('1.2')}`, sections)).toEqual([
      `y.ts:1: first citation (${cite('1.2')}) does not name ${REFERENCE}`,
    ])
    expect(citationProblems('z.ts', `// ${REFERENCE} ${cite('1.2')}\n// later ${cite('0')}`, sections)).toEqual([])
  })

  it('reports mentions of the private notes', () => {
    expect(forbiddenMentions('w.md', `written from ${FORBIDDEN[0]}/${FORBIDDEN[1]}`)).toHaveLength(2)
    expect(forbiddenMentions('v.md', `written from ${REFERENCE}`)).toEqual([])
  })
})
