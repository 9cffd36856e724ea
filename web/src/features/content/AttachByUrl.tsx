import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { MediaRequest } from '../../api/types.ts'
import { refusalText } from '../compose/refusal-text.ts'

const TYPES: ReadonlyArray<MediaRequest['type']> = ['image', 'document', 'video', 'audio']

/**
 * A file by its public https address, with a caption (not for audio) and, for a document, the name
 * the phone shows. The server checks the same bounds and answers in its own words.
 */
export function AttachByUrl({ send }: { send(media: MediaRequest): Promise<void> }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const [type, setType] = useState<MediaRequest['type']>('image')
  const [url, setUrl] = useState('')
  const [caption, setCaption] = useState('')
  const [filename, setFilename] = useState('')
  const [error, setError] = useState<string | null>(null)

  if (!open)
    return (
      <button type="button" className="composer__attach" onClick={() => setOpen(true)}>
        {t('content.attach.toggle')}
      </button>
    )

  async function submit(event: FormEvent) {
    event.preventDefault()
    event.stopPropagation()
    if (!/^https:\/\/\S+$/i.test(url.trim())) return setError(t('content.attach.https_only'))
    setError(null)
    const media: MediaRequest = {
      type,
      url: url.trim(),
      ...(caption.trim() && type !== 'audio' ? { caption: caption.trim() } : {}),
      ...(filename.trim() && type === 'document' ? { filename: filename.trim() } : {}),
    }
    try {
      await send(media)
      setOpen(false)
      setUrl('')
      setCaption('')
      setFilename('')
    } catch (failure) {
      setError(refusalText(t, failure))
    }
  }

  // Its own form (rendered next to the reply's, not inside it: forms do not nest).
  return (
    <form className="attach" onSubmit={(event) => void submit(event)}>
      <fieldset>
        <legend>{t('content.attach.legend')}</legend>
        <label>
          {t('content.attach.type')}
          <select value={type} onChange={(event) => setType(event.target.value as MediaRequest['type'])}>
            {TYPES.map((k) => (
              <option key={k} value={k}>
                {t(`content.attach.type.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('content.attach.url')}
          <input type="url" inputMode="url" required maxLength={2048} value={url} onChange={(event) => setUrl(event.target.value)} />
        </label>
        {type !== 'audio' && (
          <label>
            {t('content.attach.caption')}
            <input type="text" maxLength={1024} value={caption} onChange={(event) => setCaption(event.target.value)} />
          </label>
        )}
        {type === 'document' && (
          <label>
            {t('content.attach.filename')}
            <input type="text" maxLength={240} value={filename} onChange={(event) => setFilename(event.target.value)} />
          </label>
        )}
        <button type="submit">{t('content.attach.send')}</button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('content.attach.cancel')}
        </button>
        {error && <p role="alert">{error}</p>}
      </fieldset>
    </form>
  )
}
