import { createPlace, openForReading } from './engines.js'
import { migrateToLatest } from '../src/store/migrate.js'
import { seedHistory } from './support/seed-history.js'
import { cleanupAll } from './cleanup.js'
const place = await createPlace('sqlite', 'seedtest')
const database = await openForReading(place.location)
await migrateToLatest(database)
const n = Number(process.argv[2] ?? 20000)
const t = await seedHistory(place.location, database, { contacts: n / 100, historyDays: 60, now: Date.UTC(2026, 11, 2, 12) })
console.log(t)
await database.close()
await cleanupAll()
