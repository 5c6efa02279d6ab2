-- A sub-account's alerts go with it: deleting a sub-account (or its account) removes its alerts, as it removes its
-- positions and closed positions. Before, they stayed in /api/alerts (and the page's unread count) about a book that
-- no longer exists. Alerts of sub-accounts deleted before this migration are removed here; the alert rules' memory
-- of their subjects ('sub:ID', 'pos:ID') is dropped by the desk when it deletes them (DeskStore.deleteSubAccount).
delete from desk_alert where sub_account_id is not null and sub_account_id not in (select id from desk_sub_account);
create index desk_alert_sub on desk_alert (sub_account_id);
alter table desk_alert add constraint desk_alert_sub_fk foreign key (sub_account_id) references desk_sub_account(id) on delete cascade;
