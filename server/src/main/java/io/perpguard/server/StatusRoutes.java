package io.perpguard.server;

import io.javalin.Javalin;
import io.perpguard.instrument.Instruments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** {@code GET /api/health}, {@code /api/openapi.json}, {@code /api/instruments}, {@code /api/marks}, {@code /api/desk}. */
final class StatusRoutes implements Routes {
    static final String VERSION = "0.1.0";

    private final String dbUrl;
    private final DeskStore store;
    private final DeskView view;
    private final MarkSource marks;
    private final Instruments instruments;
    private final Clock clock;
    private final java.util.function.Supplier<String> baseUrl;
    private String openApiText;

    StatusRoutes(String dbUrl, DeskStore store, DeskView view, MarkSource marks, Instruments instruments, Clock clock,
                 java.util.function.Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
        this.dbUrl = dbUrl;
        this.store = store;
        this.view = view;
        this.marks = marks;
        this.instruments = instruments;
        this.clock = clock;
    }

    @Override
    public void register(Javalin a) {
        a.get("/api/health", ctx -> Http.json(ctx, health()));
        // the description names the address this desk listens on, not the default port
        a.get("/api/openapi.json", ctx -> ctx.contentType("application/json")
                .result(openApi().replace("http://127.0.0.1:7070", baseUrl.get().replaceAll("/$", ""))));
        a.get("/api/instruments", ctx -> Http.json(ctx, instruments()));
        a.get("/api/marks", ctx -> {
            long t = marks.timeMs();
            Http.json(ctx, new Marks(t, Instant.ofEpochMilli(t).toString(), marks.marks(), marks.status()));
        });
        a.get("/api/desk", ctx -> {
            Map<String, Double> m = marks.marks();
            Http.json(ctx, view.snapshot(view.price(m), marks.timeMs(), m));
        });
    }

    /** {@code GET /api/marks}: the current marks and where the replay stands. */
    record Marks(long timeMs, String time, Map<String, Double> marks, Object replay) {
    }

    /** {@code GET /api/health}. */
    record Health(String status, String version, String db, String databaseId, String time, String markTime, long accounts, long subAccounts,
                  long positions, long alerts) {
    }

    /** A symbol of {@code GET /api/instruments}: its contract, the first tier's maximum leverage and its display precision. */
    record InstrumentView(Object contract, double maxLeverage, int priceDecimals, int qtyDecimals) {
    }

    private Health health() {
        return new Health("ok", VERSION, dbUrl, store.databaseId(), clock.instant().toString(), Instant.ofEpochMilli(marks.timeMs()).toString(),
                store.count("desk_account"), store.count("desk_sub_account"), store.count("desk_position"), store.count("desk_alert"));
    }

    private Map<String, InstrumentView> instruments() {
        Map<String, InstrumentView> m = new TreeMap<>();
        instruments.bySymbol().forEach((s, i) -> m.put(s, new InstrumentView(i.contract(), i.tiers().brackets().get(0).maxLeverage(),
                i.contract().priceDecimals(), i.contract().qtyDecimals())));
        return m;
    }

    private synchronized String openApi() {
        if (openApiText == null) {
            try (InputStream in = StatusRoutes.class.getResourceAsStream("/io/perpguard/server/openapi.json")) {
                openApiText = in == null ? "{}" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return openApiText;
    }
}
