-- The marks at which a shared-collateral sub-account's asset indexes (V10) were read: each held contract's mark at the
-- watcher's snapshot. Between snapshots an asset in a contract's own coin (BTC beside a BTCUSDT long) moves with that
-- contract's mark from there — index × mark now / this mark, core's CollateralPool.withIndexesMovedSince, as the watcher
-- prices it — so the desk's pool is the watcher's at every mark, not only at a snapshot. Exact decimals, as V10. No row:
-- every index held where it was read (a pool stored before V11 until its next snapshot).
create table desk_collateral_mark (
    sub_account_id  bigint not null references desk_sub_account(id) on delete cascade,
    symbol          varchar(40) not null,
    mark_price      decimal(40, 20) not null,
    primary key (sub_account_id, symbol)
);
