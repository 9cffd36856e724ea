// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Assignment } from '../../web/src/features/conversations/Assignment.tsx'
import { renderIn } from './render.tsx'

const NAMES = new Map([
  ['op_me', 'Olga'],
  ['op_other', 'Ivan'],
])

function recorder() {
  const calls: Array<string | null> = []
  return { calls, assign: async (id: string | null) => void calls.push(id) }
}

describe('the assignment in a conversation header', () => {
  it('offers "Assign to me" on an unassigned conversation and assigns it to the signed-in operator', async () => {
    const { calls, assign } = recorder()
    await renderIn(<Assignment assigneeId={null} me="op_me" names={NAMES} canAssign assign={assign} />)
    expect(screen.getByTestId('assignee').textContent).toBe('Unassigned')
    expect(screen.queryByRole('button', { name: 'Unassign' })).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Assign to me' }))
    await waitFor(() => expect(calls).toEqual(['op_me']))
  })

  it("names another operator's assignee, offers taking it over or unassigning it", async () => {
    const { calls, assign } = recorder()
    await renderIn(<Assignment assigneeId="op_other" me="op_me" names={NAMES} canAssign assign={assign} />)
    expect(screen.getByTestId('assignee').textContent).toBe('Assigned to Ivan')
    fireEvent.click(screen.getByRole('button', { name: 'Unassign' }))
    await waitFor(() => expect(calls).toEqual([null]))
    expect(screen.getByRole('button', { name: 'Assign to me' })).toBeTruthy()
  })

  it('offers only "Unassign" on my own conversation, in Russian when asked', async () => {
    await renderIn(<Assignment assigneeId="op_me" me="op_me" names={NAMES} canAssign assign={recorder().assign} />, 'ru')
    expect(screen.getByTestId('assignee').textContent).toBe('Исполнитель: Olga')
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Снять исполнителя'])
  })

  it('shows a viewer the name and no buttons', async () => {
    await renderIn(<Assignment assigneeId="op_other" me="op_me" names={NAMES} canAssign={false} assign={recorder().assign} />)
    expect(screen.getByTestId('assignee').textContent).toBe('Assigned to Ivan')
    expect(screen.queryAllByRole('button')).toEqual([])
  })
})
