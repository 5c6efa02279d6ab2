-- A sub-account is on one venue: Binance USDⓈ-M ('binance', linear, wallet in USDT; every sub-account before V6) or
-- Binance COIN-M ('binance-coinm', inverse, wallet in one coin). A COIN-M position is held in whole contracts: qty
-- keeps the engine's size (USD face = contracts × the contract's face), contracts the count the trader gave.
alter table desk_sub_account add column exchange varchar(20) default 'binance' not null;
alter table desk_position add column contracts decimal(20, 0);
alter table desk_closed_position add column contracts decimal(20, 0);
