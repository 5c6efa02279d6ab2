package io.perpguard.server;

import io.perpguard.data.journal.JournalStore;

import java.io.PrintStream;
import java.util.stream.Collectors;

/**
 * The process {@link DurabilityTest} kills: opens the desk's database as {@code perpguard serve} does, prints what it
 * finds, then writes accounts (and journal fills) through the real stores, printing {@code ACK} only after each write
 * returned — the moment the API would answer 201. With a third argument N it writes N accounts (deleting one of every
 * four again, printing {@code DEL}), then closes the database as the desk does on a graceful stop and prints {@code CLOSED}.
 */
public final class DurabilityChild {
    private DurabilityChild() {
    }

    public static void main(String[] args) {
        String url = args[0];
        String tag = args[1];
        PrintStream out = System.out;
        // as the desk opens them: its database (migrating both schemas), then the journal's store on the same file
        try (DeskDatabase db = DeskDatabase.open(url); JournalStore js = JournalStore.open(url)) {
            DeskStore store = new DeskStore(db);
            out.println("FOUND " + store.accounts().stream().map(DeskStore.AccountRow::name).collect(Collectors.joining(",")));
            out.println("FILLS " + js.fillCount());
            out.println("READY");
            out.flush();
            int closeAfter = args.length > 2 ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
            long deletable = -1;
            for (int i = 0; i < closeAfter; i++) {
                String name = tag + "-" + i;
                DeskStore.AccountRow row = store.createAccount(name);
                out.println("ACK " + name);
                if (closeAfter != Integer.MAX_VALUE && i % 4 == 3) {
                    // a graceful run also deletes (garbage for the compaction on close to move): a lost delete is a lost write too
                    store.deleteAccount(deletable);
                    out.println("DEL " + tag + "-" + (i - 2));
                }
                if (i % 4 == 1) {
                    deletable = row.id();
                }
                if (i % 3 == 2) {
                    int added = js.importCsv(name, "time,symbol,side,qty,price,realizedPnl,fee\n"
                            + "2025-01-01T00:00:" + String.format("%02d", i % 60) + "Z,BTCUSDT,buy," + (i + 1) + ","
                            + (60000 + Math.floorMod(tag.hashCode(), 10000)) + ",0,0.1\n").fillsAdded();
                    out.println("FILLACK " + added);
                }
                out.flush();
            }
        }
        out.println("CLOSED");   // the database closed as the desk closes it on SIGTERM: the pool disposed, H2 compacting on close
        out.flush();
    }
}
