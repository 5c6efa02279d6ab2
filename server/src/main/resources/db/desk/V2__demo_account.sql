-- A demo account so the desk is useful at once. Entries sit near the replayed marks of 2025-10-09 (BTC ~122.8k,
-- ETH ~4.5k, SOL ~228); the replay then walks through the 2025-10-10 crash. Delete it through the API at will:
-- migrations run once, so it does not come back.
insert into desk_account (name) values ('demo');
insert into desk_sub_account (account_id, name, wallet_balance)
    select id, 'core', 10000 from desk_account where name = 'demo';
insert into desk_sub_account (account_id, name, wallet_balance)
    select id, 'degen', 2000 from desk_account where name = 'demo';
insert into desk_position (sub_account_id, symbol, side, qty, entry_price, leverage, margin_mode, position_side, margin_added, mark_price)
    select s.id, 'BTCUSDT', 'long', 0.05, 121500, 5, 'cross', 'both', 0, 121500
    from desk_sub_account s join desk_account a on a.id = s.account_id where a.name = 'demo' and s.name = 'core';
insert into desk_position (sub_account_id, symbol, side, qty, entry_price, leverage, margin_mode, position_side, margin_added, mark_price)
    select s.id, 'ETHUSDT', 'short', 1, 4400, 5, 'cross', 'both', 0, 4400
    from desk_sub_account s join desk_account a on a.id = s.account_id where a.name = 'demo' and s.name = 'core';
insert into desk_position (sub_account_id, symbol, side, qty, entry_price, leverage, margin_mode, position_side, margin_added, mark_price)
    select s.id, 'SOLUSDT', 'long', 30, 222, 10, 'isolated', 'both', 0, 222
    from desk_sub_account s join desk_account a on a.id = s.account_id where a.name = 'demo' and s.name = 'degen';
insert into desk_position (sub_account_id, symbol, side, qty, entry_price, leverage, margin_mode, position_side, margin_added, mark_price)
    select s.id, 'BTCUSDT', 'long', 0.1, 121000, 20, 'cross', 'both', 0, 121000
    from desk_sub_account s join desk_account a on a.id = s.account_id where a.name = 'demo' and s.name = 'degen';
