package io.perpguard.server;

import io.javalin.Javalin;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

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
            Http.json(ctx, Map.of("timeMs", t, "time", Instant.ofEpochMilli(t).toString(), "marks", marks.marks(), "replay", marks.status()));
        });
        a.get("/api/desk", ctx -> {
            Map<String, Double> m = marks.marks();
            Http.json(ctx, view.snapshot(view.price(m), marks.timeMs(), m));
        });
    }

    private Map<String, Object> health() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("version", VERSION);
        m.put("db", dbUrl);
        m.put("time", clock.instant().toString());
        m.put("markTime", Instant.ofEpochMilli(marks.timeMs()).toString());
        m.put("accounts", store.count("desk_account"));
        m.put("subAccounts", store.count("desk_sub_account"));
        m.put("positions", store.count("desk_position"));
        m.put("alerts", store.count("desk_alert"));
        return m;
    }

    private Map<String, Object> instruments() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String s : new TreeSet<>(instruments.bySymbol().keySet())) {
            Instrument i = instruments.get(s);
            m.put(s, Map.of("contract", i.contract(), "maxLeverage", i.tiers().brackets().get(0).maxLeverage(),
                    "priceDecimals", i.contract().priceDecimals(), "qtyDecimals", i.contract().qtyDecimals()));
        }
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
