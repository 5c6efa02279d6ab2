-- The database's identity: one random id, written by the desk the first time it opens this database
-- (DeskDatabase.open; SQL has no portable random UUID). Alert ids start again at 1 in a new database, so the page keeps
-- its "read up to alert N" marker per database id: a marker from another database (the file deleted and created anew,
-- or serve --db pointed at another) is not taken for this one's.
create table desk_instance (
    slot  int primary key check (slot = 1),
    id    varchar(36) not null
);
