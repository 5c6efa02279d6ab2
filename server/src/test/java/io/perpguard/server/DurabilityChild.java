package io.perpguard.server;

import io.perpguard.data.journal.JournalStore;

import java.io.PrintStream;
import java.util.stream.Collectors;

/**
 * The process {@link DurabilityTest} kills: opens the desk's database as {@code perpguard serve} does, prints what it
 * finds, then writes accounts (and journal fills) through the real stores, printing {@code ACK} only after each write
 * returned — the moment the API would answer 201.
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
            for (int i = 0; ; i++) {
                String name = tag + "-" + i;
                store.createAccount(name);
                out.println("ACK " + name);
                if (i % 3 == 2) {
                    int added = js.importCsv(name, "time,symbol,side,qty,price,realizedPnl,fee\n"
                            + "2025-01-01T00:00:" + String.format("%02d", i % 60) + "Z,BTCUSDT,buy," + (i + 1) + ","
                            + (60000 + Math.floorMod(tag.hashCode(), 10000)) + ",0,0.1\n").fillsAdded();
                    out.println("FILLACK " + added);
                }
                out.flush();
            }
        }
    }
}
