import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadTemplateFolder } from '../../src/cli/template-files.js'

describe('loadTemplateFolder refuses what would cost without bound', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-template-files-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('a billion-laughs file is a problem on its first alias line, and the other files still load', async () => {
    const lines = ['name: laughs', 'category: utility', 'l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
    for (let level = 1; level <= 8; level++) lines.push(`l${level}: &l${level} [${Array(9).fill(`*l${level - 1}`).join(', ')}]`)
    writeFileSync(join(dir, 'laughs.yaml'), `${lines.join('\n')}\nlanguages: *l8\n`)
    writeFileSync(join(dir, 'hello.yaml'), 'name: hello\ncategory: utility\nlanguages:\n  en:\n    body: Hello, your lesson is confirmed.\n')
    const loaded = await loadTemplateFolder(dir)
    expect(loaded.problems).toEqual([{ file: expect.stringContaining('laughs.yaml'), line: 4, message: expect.stringContaining('expand too far') }])
    expect(loaded.inputs.map((i) => i.definition.name)).toEqual(['hello'])
  })

  it('a body past four times the platform limit is refused with its line; one moderately over is left to lint', async () => {
    writeFileSync(join(dir, 'huge.yaml'), `name: huge\ncategory: utility\nlanguages:\n  en:\n    body: ${'a'.repeat(4097)}\n`)
    writeFileSync(join(dir, 'long.yaml'), `name: long\ncategory: utility\nlanguages:\n  en:\n    body: ${'a'.repeat(2000)}\n`)
    const loaded = await loadTemplateFolder(dir)
    expect(loaded.problems).toEqual([{ file: expect.stringContaining('huge.yaml'), line: 5, message: expect.stringMatching(/^languages\.en\.body: .*4096/) }])
    expect(loaded.inputs.map((i) => i.definition.name)).toEqual(['long'])
  })
})
