-- GET /api/closed pages by close time then id, newest first (keyset: where (closed_at_ms, id) is before the cursor).
-- These indexes serve each page from where the previous one ended, filtered by sub-account or not, without sorting the
-- whole table per page. closed_at_ms is never updated once a row is booked (a re-book changes reason, prices and PnL).
create index desk_closed_time on desk_closed_position (closed_at_ms desc, id desc);
create index desk_closed_sub_time on desk_closed_position (sub_account_id, closed_at_ms desc, id desc);
