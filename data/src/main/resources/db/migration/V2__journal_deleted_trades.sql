-- Round-trip trades the trader deleted (DELETE /api/journal/trades/{id}). Their fills stay in journal_fill so a
-- re-import of the same file stays idempotent; rebuilding a symbol's trades skips these hashes.
CREATE TABLE journal_trade_deleted (
    trade_hash  CHAR(64)     NOT NULL PRIMARY KEY,
    symbol      VARCHAR(40)  NOT NULL,
    deleted_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
