-- A mirrored live position's close (serve --live) whose figures are the desk's, not the venue's, until the venue's report
-- of it arrives: 'desk' where the desk settled it as liquidated itself (its own mark crossed the liquidation price) before
-- the venue closed it, 'no-report' where it vanished from the watcher's view with no close line new since the view that
-- last showed it (closed at its last mark). Null: final (the venue's report, or a close the desk or the trader made on the
-- desk's own accounts). When the watcher's close line of that position comes, the row is re-booked in one transaction with
-- the venue's reason, price and the realized PnL at that price, venue_close_ms (V12) set to the line's time, and this
-- column cleared; the history still holds ONE row of the close.
alter table desk_closed_position add column provisional varchar(12);
