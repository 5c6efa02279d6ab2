-- A mirrored live position's close (serve --live) re-booked from the venue's close line carries the venue's own figures
-- of the trades that closed it, where the venue's stream reports them (Binance's ORDER_TRADE_UPDATE: rp, n, N): its
-- realized profit goes to realized_pnl (as before, gross of fees), the commission of those trades to fee, in fee_asset
-- (USDT, BNB, ...). Null: not reported (a close the desk or the trader made, a venue whose stream has no such figures,
-- or trades not all seen); fee 0 with no asset: none charged.
alter table desk_closed_position add column fee decimal(28, 8);
alter table desk_closed_position add column fee_asset varchar(20);
