import { describe, expect, it } from 'vitest'
import { RULES } from '../../../../src/core/templates/lint/lint-template.js'
import type { LintContext } from '../../../../src/core/templates/lint/finding.js'
import type { RuleCases } from './cases/case.js'
import { CONTENT_CASES } from './cases/content.js'
import { STRUCTURE_CASES } from './cases/structure.js'
import { VARIABLE_CASES } from './cases/variables.js'

const CASES: RuleCases[] = [...STRUCTURE_CASES, ...VARIABLE_CASES, ...CONTENT_CASES]
const NONE: LintContext = { existing: [] }

function ruleById(id: string) {
  const rule = RULES.find((r) => r.id === id)
  if (rule === undefined) throw new Error(`no rule ${id}`)
  return rule
}

describe('lint rules', () => {
  it('has passing and failing examples for every rule', () => {
    const tested = CASES.filter((c) => c.pass.length > 0 && c.fail.length > 0).map((c) => c.rule)
    expect([...tested].sort()).toEqual(RULES.map((r) => r.id).sort())
  })

  for (const { rule: id, severity, pass, fail } of CASES) {
    describe(id, () => {
      it(`is a ${severity}`, () => {
        expect(ruleById(id).severity).toBe(severity)
      })

      for (const example of pass) {
        it(`passes: ${example.name}`, () => {
          expect(ruleById(id).check(example.template, example.context ?? NONE)).toEqual([])
        })
      }

      for (const example of fail) {
        it(`fails: ${example.name}`, () => {
          const findings = ruleById(id).check(example.template, example.context ?? NONE)
          expect(findings.length).toBeGreaterThan(0)
          const [first] = findings
          expect(first).toMatchObject({ rule: id, severity, component: example.component, position: example.position })
          if (example.quotes !== undefined) expect(`${first!.message} ${first!.fix}`).toContain(example.quotes)
          expect(first!.fix.length).toBeGreaterThan(10)
        })
      }
    })
  }
})
