import pg from 'pg'

/**
 * The typical stack's one table, as a team would write it in a week: a row per message with its
 * status and a column per milestone, the provider's id unique. `accepts` counts the worker's
 * successful provider calls (exactly-once is checked from it, as Parley's is from its history).
 */
export const PEER_SCHEMA_SQL = `
  create table peer_messages (
    id uuid primary key,
    sender text not null,
    recipient text not null,
    body jsonb not null,
    status text not null,
    provider_message_id text unique,
    attempts integer not null default 0,
    error text,
    accepts integer not null default 0,
    created_at bigint not null,
    accepted_at bigint,
    sent_at bigint,
    delivered_at bigint,
    read_at bigint
  );
  create index peer_messages_created_at on peer_messages (created_at);
`

/** Statuses only move forward: the rank a webhook's status must exceed to be applied. */
export const STATUS_RANK: Readonly<Record<string, number>> = { queued: 0, accepted: 1, sent: 2, delivered: 3, read: 4, failed: 5 }

/** A pool of 10 on the peer's schema, as node-postgres is usually configured. */
export function peerPool(url: string, schema: string): pg.Pool {
  return new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` })
}
