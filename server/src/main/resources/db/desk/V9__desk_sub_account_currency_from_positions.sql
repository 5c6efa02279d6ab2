-- A COIN-M sub-account entered by hand before V8 has no stored coin until a position is saved on it again: an emptied
-- wallet said no currency and took a contract of another coin. Its coin is its contracts' settlement coin, the symbol's
-- part before USD (BTCUSD_PERP, BTCUSD_250328: BTC): from its open positions, else, for a wallet with none open, from
-- its closed ones; only where they name one coin (a wallet holds one). Rows V8 or later filled are left as they are.
update desk_sub_account set currency = (
        select min(substring(upper(p.symbol) from 1 for position('USD' in upper(p.symbol)) - 1)) from desk_position p
        where p.sub_account_id = desk_sub_account.id)
    where exchange = 'binance-coinm' and currency is null
      and 1 = (select count(distinct substring(upper(p.symbol) from 1 for position('USD' in upper(p.symbol)) - 1)) from desk_position p
               where p.sub_account_id = desk_sub_account.id)
      and not exists (select 1 from desk_position p where p.sub_account_id = desk_sub_account.id and position('USD' in upper(p.symbol)) < 2);

update desk_sub_account set currency = (
        select min(substring(upper(c.symbol) from 1 for position('USD' in upper(c.symbol)) - 1)) from desk_closed_position c
        where c.sub_account_id = desk_sub_account.id)
    where exchange = 'binance-coinm' and currency is null
      and not exists (select 1 from desk_position p where p.sub_account_id = desk_sub_account.id)
      and 1 = (select count(distinct substring(upper(c.symbol) from 1 for position('USD' in upper(c.symbol)) - 1)) from desk_closed_position c
               where c.sub_account_id = desk_sub_account.id)
      and not exists (select 1 from desk_closed_position c where c.sub_account_id = desk_sub_account.id and position('USD' in upper(c.symbol)) < 2);
