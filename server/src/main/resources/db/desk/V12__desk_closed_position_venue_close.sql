-- A mirrored live position's close (serve --live) remembers the watcher's close line it was booked from: that line's
-- time (venue_close_ms, the venue's event time; null for every close the desk or the trader made). When the venue's
-- liquidation order comes after the update that closed the position, the watcher relabels that same line "liquidated"
-- a moment later; the desk finds the row booked from it by this time and re-books it as the liquidation (reason, the
-- liquidation's price, its realized PnL) in one transaction, so the history holds ONE row of that close whichever of the
-- two came first.
alter table desk_closed_position add column venue_close_ms bigint;
create index desk_closed_venue_close on desk_closed_position (sub_account_id, venue_close_ms);
