package io.perpguard.server;

import io.javalin.Javalin;
import io.perpguard.app.JournalUseCase;

import java.util.NoSuchElementException;

/** The trade journal in the desk's database: {@code GET /api/journal}, {@code POST /api/journal/import}, {@code DELETE /api/journal/trades/{id}}. */
final class JournalRoutes implements Routes {
    private final Http http;
    private final String jdbcUrl;

    JournalRoutes(Http http, String jdbcUrl) {
        this.http = http;
        this.jdbcUrl = jdbcUrl;
    }

    @Override
    public void register(Javalin a) {
        a.get("/api/journal", ctx -> Http.json(ctx, JournalUseCase.list(jdbcUrl)));
        // the CSV body (Binance trade-history export or generic); re-posting adds nothing, a bad row writes nothing
        a.post("/api/journal/import", ctx -> Http.json(ctx, JournalUseCase.importCsv(jdbcUrl, ctx.queryParam("source"), http.body(ctx))));
        a.delete("/api/journal/trades/{id}", ctx -> {
            try {
                JournalUseCase.delete(jdbcUrl, ctx.pathParam("id"));
            } catch (NoSuchElementException e) {
                throw new DeskStore.NotFound(e.getMessage());
            }
            ctx.status(204);
        });
    }
}
