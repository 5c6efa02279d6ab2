package io.perpguard.server;

import io.javalin.Javalin;
import io.perpguard.app.JournalUseCase;

import java.util.List;

import java.util.NoSuchElementException;

/** The trade journal in the desk's database: {@code GET /api/journal}, {@code POST /api/journal/import}, {@code DELETE /api/journal/trades/{id}}. */
final class JournalRoutes implements Routes {
    private final Http http;
    private final String jdbcUrl;
    /** Told after every change of the journal (the event stream's {@code journal} event: other tabs fetch it again). */
    private final Runnable changed;
    private final Object importing = new Object();

    JournalRoutes(Http http, String jdbcUrl, Runnable changed) {
        this.http = http;
        this.jdbcUrl = jdbcUrl;
        this.changed = changed;
    }

    /** Trades per page of {@code GET /api/journal} unless {@code limit} says otherwise. */
    static final int DEFAULT_PAGE = 1000;
    static final int MAX_PAGE = 10_000;

    private static int page(String text, String field, int fallback, int min, int max) {
        if (text == null) {
            return fallback;
        }
        return Http.wholeQuery(text, field, fallback, min, max);
    }

    /** A page of {@code journal list --json}; {@code total}: how many trades there are. */
    record Page(String db, List<JournalUseCase.TradeView> trades, int total, int offset, int limit) {
    }

    @Override
    public void register(Javalin a) {
        // paged: ?offset=0&limit=1000 (at most 10,000 trades per page); total tells how many there are
        a.get("/api/journal", ctx -> {
            int limit = page(ctx.queryParam("limit"), "limit", DEFAULT_PAGE, 1, MAX_PAGE);
            int offset = page(ctx.queryParam("offset"), "offset", 0, 0, Integer.MAX_VALUE);
            JournalUseCase.ListResult all = JournalUseCase.list(jdbcUrl);
            List<JournalUseCase.TradeView> trades = all.trades();
            int from = Math.min(offset, trades.size()), to = (int) Math.min((long) offset + limit, trades.size());
            Http.json(ctx, new Page(all.db(), trades.subList(from, to), trades.size(), offset, limit));
        });
        // the CSV body (Binance trade-history export or generic); re-posting adds nothing, a bad row writes nothing
        // up to 8 MiB (a year of fills), one import at a time: at most one such body is held, whatever the clients send;
        // sent as text/csv only (415 otherwise, nothing stored)
        a.post(Http.IMPORT_PATH, ctx -> {
            JournalUseCase.ImportReport r;
            synchronized (importing) {
                r = JournalUseCase.importCsv(jdbcUrl, ctx.queryParam("source"), http.csvBody(ctx, http.maxBodyBytes(Http.IMPORT_PATH)));
            }
            if (r.fillsAdded() > 0 || r.tradesAdded() > 0 || r.tradesReplaced() > 0) {
                changed.run();   // a re-posted file adds nothing: nothing to tell
            }
            Http.json(ctx, r);
        });
        a.delete("/api/journal/trades/{id}", ctx -> {
            try {
                JournalUseCase.delete(jdbcUrl, ctx.pathParam("id"));
            } catch (NoSuchElementException e) {
                throw new DeskStore.NotFound(e.getMessage());
            }
            changed.run();
            ctx.status(204);
        });
    }
}
