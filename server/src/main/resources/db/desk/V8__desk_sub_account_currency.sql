-- The currency a sub-account's wallet is counted in, where its venue does not say it: a Binance COIN-M wallet holds one
-- coin (BTC, ETH, ...), which its contracts' settlement currency names only while it has a position. serve --live
-- mirrors each coin wallet of a COIN-M account as its own sub-account and stores its coin here, so an emptied wallet
-- still says BTC; a hand-entered COIN-M sub-account gets the coin of its first position. Null: USDⓈ-M (USDT), or a
-- COIN-M sub-account that never held a position.
alter table desk_sub_account add column currency varchar(20);
