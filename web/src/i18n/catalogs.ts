import en from './en.json'
import ru from './ru.json'

type Catalog = Record<string, string>

/**
 * The app's strings: the shared ones here, and each feature's own in
 * `features/<feature>/strings.<language>.json`, so a feature brings its words with it.
 */
const featureFiles = import.meta.glob<Catalog>('../features/*/strings.*.json', { eager: true, import: 'default' })

function featureCatalogs(language: string): Catalog[] {
  return Object.entries(featureFiles)
    .filter(([path]) => path.endsWith(`/strings.${language}.json`))
    .map(([, catalog]) => catalog)
}

/** Every catalog of a language, the shared one first: what the key tests check for clashes. */
export function catalogsOf(language: 'en' | 'ru'): Catalog[] {
  return [language === 'en' ? en : ru, ...featureCatalogs(language)]
}

export const CATALOGS = {
  en: Object.assign({}, ...catalogsOf('en')) as Catalog,
  ru: Object.assign({}, ...catalogsOf('ru')) as Catalog,
}
