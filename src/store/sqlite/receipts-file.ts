/** The file beside the main database that holds its webhook receipts: `parley.db` → `parley-receipts.db`. */
export function receiptsFileOf(mainFile: string): string {
  const extension = /\.[^./\\]+$/.exec(mainFile)?.[0] ?? ''
  return `${mainFile.slice(0, mainFile.length - extension.length)}-receipts${extension}`
}

/**
 * The receipts file's one table and its index, created if missing (`schema`: the name the file is
 * attached under, when another connection creates them). The same columns the table had in the
 * main file (migrations 0001, 0007, 0012), so rows move across unchanged.
 */
export function receiptsSchema(schema: 'receipts_file' | null = null): string[] {
  const prefix = schema === null ? '' : `${schema}.`
  return [
    `create table if not exists ${prefix}webhook_receipts (
      id integer primary key,
      provider text not null,
      received_at bigint not null,
      body blob not null,
      state text not null,
      attempts integer not null default 0,
      processed_at bigint,
      error text,
      lease_owner text,
      lease_until bigint)`,
    `create index if not exists ${prefix}webhook_receipts_pending on webhook_receipts (id) where state = 'pending'`,
  ]
}

/** The columns, in one order, for copying rows between files. */
export const RECEIPT_COLUMNS = ['id', 'provider', 'received_at', 'body', 'state', 'attempts', 'processed_at', 'error', 'lease_owner', 'lease_until'] as const
