import { useTranslation } from 'react-i18next'

/** The inbox list's team filter: any team, or one of them (the server narrows the list, `?team=`). */
export function TeamFilter({ teams, value, onChange }: { teams: ReadonlyMap<string, string>; value: string; onChange(team: string): void }) {
  const { t } = useTranslation()
  if (teams.size === 0) return null
  return (
    <label>
      {t('teams.filter')}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('teams.filter_any')}</option>
        {[...teams].map(([id, name]) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </select>
    </label>
  )
}
