// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { ListedOperator, Session, Team } from '../../web/src/api/types.ts'
import { AdminPage, type AdminApi } from '../../web/src/features/admin/AdminPage.tsx'
import { renderIn } from './render.tsx'

const session = (role: Session['operator']['role']): Session => ({ operator: { id: 'op_admin', email: 'boss@example.com', name: 'Boss', role }, csrf_token: 'x' })

/** The admin routes over lists in memory: what the page asks and changes, as the server would keep it. */
function memoryApi() {
  const operators: ListedOperator[] = [
    { id: 'op_admin', name: 'Boss', role: 'admin', team_ids: [], email: 'boss@example.com', sees_all_teams: false, disabled: false },
    { id: 'op_ann', name: 'Ann', role: 'operator', team_ids: [], email: 'ann@example.com', sees_all_teams: false, disabled: false },
  ]
  const teams: Team[] = []
  const api: AdminApi = {
    listOperators: async () => ({ data: operators.map((o) => ({ ...o, team_ids: teams.filter((t) => t.member_ids.includes(o.id)).map((t) => t.id) })) }),
    createOperator: async (input) => {
      const created = { id: `op_${operators.length}`, name: input.name ?? input.email, role: input.role, team_ids: [], email: input.email, sees_all_teams: input.sees_all_teams ?? false, disabled: false }
      operators.push(created)
      return { ...created, password: 'generated-secret-1' }
    },
    updateOperator: async (id, change) => {
      const operator = operators.find((o) => o.id === id)!
      Object.assign(operator, change)
      return operator
    },
    listTeams: async () => ({ data: teams }),
    createTeam: async (fields) => {
      const team = { id: `team_${teams.length}`, name: fields.name, first_response_sla_minutes: fields.first_response_sla_minutes ?? null, resolution_sla_minutes: fields.resolution_sla_minutes ?? null, member_ids: [] }
      teams.push(team)
      return team
    },
    updateTeam: async (id, change) => Object.assign(teams.find((t) => t.id === id)!, change),
    setTeamMembers: async (id, ids) => Object.assign(teams.find((t) => t.id === id)!, { member_ids: ids }),
  }
  return { api, operators, teams }
}

describe('the admin page', () => {
  it('refuses anyone but an admin', async () => {
    await renderIn(<AdminPage api={memoryApi().api} session={session('operator')} />)
    expect(screen.getByRole('alert').textContent).toBe('Only an admin can open this page.')
    expect(screen.queryByRole('table')).toBeNull()
  })

  it('lists operators with role and state, adds one and shows the generated password once, disables another', async () => {
    const { api, operators } = memoryApi()
    await renderIn(<AdminPage api={api} session={session('admin')} />)
    const table = await screen.findByRole('table')
    expect(within(table).getByText('ann@example.com')).toBeTruthy()
    // An admin cannot demote or disable themselves from here.
    expect((screen.getByLabelText('Role of Boss') as HTMLSelectElement).disabled).toBe(true)
    fireEvent.click(within(table).getByRole('button', { name: 'Disable' }))
    await waitFor(() => expect(operators.find((o) => o.id === 'op_ann')?.disabled).toBe(true))
    await screen.findByRole('button', { name: 'Enable' })

    fireEvent.change(screen.getByLabelText('Email address'), { target: { value: 'vic@example.com' } })
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'viewer' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add operator' }))
    expect((await screen.findByRole('status')).textContent).toContain('generated-secret-1')
    expect(operators.at(-1)).toMatchObject({ email: 'vic@example.com', role: 'viewer' })
  })

  it('creates a team with its response target, then sets its members and shows them on the operator', async () => {
    const { api, teams } = memoryApi()
    await renderIn(<AdminPage api={api} session={session('admin')} />)
    await screen.findByText('No teams yet: every operator sees every conversation.')
    fireEvent.change(screen.getByLabelText('Team name'), { target: { value: 'Admissions' } })
    fireEvent.change(screen.getByLabelText('First response target (minutes)'), { target: { value: '30' } })
    fireEvent.click(screen.getByRole('button', { name: 'Create team' }))
    const form = await screen.findByRole('form', { name: 'Admissions' })
    expect(teams[0]).toMatchObject({ name: 'Admissions', first_response_sla_minutes: 30, resolution_sla_minutes: null })
    fireEvent.click(within(form).getByLabelText('Ann'))
    fireEvent.click(within(form).getByRole('button', { name: 'Save Admissions' }))
    await waitFor(() => expect(teams[0]?.member_ids).toEqual(['op_ann']))
    const annRow = (await screen.findByText('ann@example.com')).closest('tr')!
    await waitFor(() => expect(within(annRow).getByText('Admissions')).toBeTruthy())
  })

  it('speaks Russian', async () => {
    await renderIn(<AdminPage api={memoryApi().api} session={session('admin')} />, 'ru')
    expect(await screen.findByRole('heading', { name: 'Операторы' })).toBeTruthy()
  })
})
