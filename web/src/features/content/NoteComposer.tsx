import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { refusalText } from '../compose/refusal-text.ts'
import { mentionQuery, suggestOperators } from './mention-query.ts'

/**
 * An internal note: typing `@` offers the operators by name, and the server resolves the mentions
 * (an unknown or ambiguous one stays plain text). The list is asked for when the note opens, so a
 * colleague added since the inbox loaded can be mentioned too.
 */
type Mentionable = { id: string; name: string }

export function NoteComposer({ loadOperators, addNote }: { loadOperators(): Promise<{ data: Mentionable[] }>; addNote(text: string): Promise<void> }) {
  const { t } = useTranslation()
  const [operators, setOperators] = useState<readonly Mentionable[]>([])
  useEffect(() => {
    let current = true
    // Without the list a note is still written: the server resolves what was typed.
    loadOperators().then(
      (answer) => current && setOperators(answer.data),
      () => undefined,
    )
    return () => {
      current = false
    }
  }, [loadOperators])
  const [text, setText] = useState('')
  const [caret, setCaret] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const box = useRef<HTMLTextAreaElement>(null)
  const typing = mentionQuery(text, caret)
  const suggestions = typing ? suggestOperators(operators, typing.query) : []

  function pick(operator: Mentionable) {
    if (!typing) return
    const inserted = `@${operator.name} `
    const next = text.slice(0, typing.start) + inserted + text.slice(caret)
    setText(next)
    setCaret(typing.start + inserted.length)
    box.current?.focus()
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    const trimmed = text.trim()
    if (!trimmed) return
    setError(null)
    try {
      await addNote(trimmed)
      setText('')
      setCaret(0)
    } catch (failure) {
      setError(refusalText(t, failure))
    }
  }

  return (
    <form className="composer composer--note" onSubmit={(event) => void submit(event)}>
      <label className="visually-hidden" htmlFor="note-text">
        {t('content.note.label')}
      </label>
      <textarea
        id="note-text"
        ref={box}
        rows={2}
        maxLength={4096}
        placeholder={t('content.note.placeholder')}
        value={text}
        onChange={(event) => {
          setText(event.target.value)
          setCaret(event.target.selectionStart ?? event.target.value.length)
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart ?? 0)}
      />
      {suggestions.length > 0 && (
        <ul className="composer__mentions" aria-label={t('content.note.suggestions')}>
          {suggestions.map((operator) => (
            <li key={operator.id}>
              <button type="button" onClick={() => pick(operator)}>
                @{operator.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="submit" disabled={!text.trim()}>
        {t('content.note.add')}
      </button>
      {error && <p role="alert">{error}</p>}
    </form>
  )
}
