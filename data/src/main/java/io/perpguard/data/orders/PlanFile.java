package io.perpguard.data.orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.InvalidInputException;
import io.perpguard.data.market.TimeColumn;
import io.perpguard.data.json.JsonInput;
import io.perpguard.margin.Side;
import io.perpguard.orders.EntryLevel;
import io.perpguard.orders.OrderPlan;
import io.perpguard.orders.ScaleLadder;
import io.perpguard.orders.StopOrder;
import io.perpguard.orders.StopType;
import io.perpguard.orders.TakeProfit;
import io.perpguard.orders.Trailing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a replay plan (PLAN.json, documented in docs/stops.md) into an {@link OrderPlan}. Unknown fields are refused,
 * so a misspelt option never silently falls back to a default. Numbers must be JSON numbers: a quoted figure ("stop": "95")
 * is refused naming the field, as in account files.
 */
public final class PlanFile {
    static final Set<String> FIELDS = Set.of("symbol", "side", "entryTime", "entry", "entries", "stop", "stopType", "limitOffset",
            "targets", "moveStopToBreakevenAfter", "trailing", "timeStopBars", "cancelEntriesAfterBars", "leverage", "equity",
            "riskPct", "qty", "contracts", "slippageBps");
    /** Slippage when the plan does not say: 1 basis point on market and stop-market fills. */
    public static final double DEFAULT_SLIPPAGE_BPS = 1;

    private PlanFile() {
    }

    public static OrderPlan read(Path file) {
        JsonNode root = JsonInput.readFile("plan", file);
        return JsonInput.inFile(file, () -> parse(root));
    }

    /**
     * The plan of {@code root}; every error names its field with the file's path ({@code plan.riskPct}, as
     * {@code plan.targets[0].r}) — the plan's own checks name bare fields.
     */
    public static OrderPlan parse(JsonNode root) {
        try {
            return parseFields(root);
        } catch (InvalidInputException e) {
            if (e.field().equals("plan") || e.field().startsWith("plan.")) {
                throw e;
            }
            throw new InvalidInputException("plan." + e.field(), e.problem());
        }
    }

    private static OrderPlan parseFields(JsonNode root) {
        JsonInput.object(root, "plan");
        JsonInput.onlyKnown(root, "plan.", FIELDS);
        String symbol = JsonInput.text(root, "symbol", "plan.symbol");
        Side side = Side.parse("plan.side", JsonInput.text(root, "side", "plan.side"));
        long entryTime = root.has("entryTime") ? time(root.get("entryTime"), "plan.entryTime") : 0;
        ScaleLadder ladder = entries(root);
        StopType type = StopType.parse("plan.stopType", JsonInput.text(root, "stopType", "plan.stopType", "market"));
        StopOrder stop = new StopOrder(JsonInput.literalNumber(root, "stop", "plan.stop"), type,
                JsonInput.literalNumber(root, "limitOffset", "plan.limitOffset", 0));
        List<TakeProfit> targets = null;
        if (root.has("targets")) {
            targets = new ArrayList<>();
            JsonNode ts = JsonInput.array(root, "targets", "plan.targets");
            for (int i = 0; i < ts.size(); i++) {
                String p = "plan.targets[" + i + "]";
                JsonNode t = JsonInput.object(ts.get(i), p);
                try {
                    targets.add(new TakeProfit(JsonInput.literalNumber(t, "r", p + ".r", Double.NaN), JsonInput.literalNumber(t, "price", p + ".price", Double.NaN),
                            JsonInput.literalNumber(t, "closePct", p + ".closePct")));
                } catch (InvalidInputException e) {
                    // the record names "targets.r": which target is the file's index
                    if (e.field().startsWith(p)) {
                        throw e;
                    }
                    throw new InvalidInputException(p + e.field().substring("targets".length()), e.problem());
                }
            }
        }
        Trailing trailing = null;
        if (root.has("trailing") && !root.get("trailing").isNull()) {
            JsonNode t = JsonInput.object(root.get("trailing"), "plan.trailing");
            trailing = new Trailing(JsonInput.literalNumber(t, "atrMult", "plan.trailing.atrMult"),
                    integer(t, "atrPeriod", "plan.trailing.atrPeriod", 14), integer(t, "afterTarget", "plan.trailing.afterTarget", 1));
        }
        double qty = JsonInput.literalNumber(root, "qty", "plan.qty", Double.NaN);
        double contracts = JsonInput.literalNumber(root, "contracts", "plan.contracts", Double.NaN);
        if (!Double.isNaN(contracts) && (root.has("qty") || root.has("riskPct"))) {
            throw new InvalidInputException("plan.contracts", "give one of riskPct, qty or contracts");
        }
        if (!Double.isNaN(contracts)) {
            io.perpguard.Checks.contracts("plan.contracts", contracts);   // named with its plan. prefix (OrderPlan says "contracts")
        }
        return new OrderPlan(symbol, side, entryTime, ladder, stop, targets,
                integer(root, "moveStopToBreakevenAfter", "plan.moveStopToBreakevenAfter", 1), trailing,
                integer(root, "timeStopBars", "plan.timeStopBars", 0), integer(root, "cancelEntriesAfterBars", "plan.cancelEntriesAfterBars", 0),
                JsonInput.literalNumber(root, "leverage", "plan.leverage"), JsonInput.literalNumber(root, "equity", "plan.equity"),
                JsonInput.literalNumber(root, "riskPct", "plan.riskPct", Double.isNaN(qty) && Double.isNaN(contracts) ? Double.NaN : 0), qty,
                JsonInput.literalNumber(root, "slippageBps", "plan.slippageBps", DEFAULT_SLIPPAGE_BPS), contracts);
    }

    private static ScaleLadder entries(JsonNode root) {
        if (root.has("entry") == root.has("entries")) {
            throw new InvalidInputException("plan.entry", "give exactly one of entry (a price or \"market\") or entries (a ladder)");
        }
        if (root.has("entry")) {
            double p = price(root.get("entry"), "plan.entry");
            return new ScaleLadder(List.of(new EntryLevel(p, 1)));
        }
        JsonNode es = JsonInput.array(root, "entries", "plan.entries");
        List<EntryLevel> out = new ArrayList<>();
        for (int i = 0; i < es.size(); i++) {
            String p = "plan.entries[" + i + "]";
            JsonNode e = JsonInput.object(es.get(i), p);
            out.add(new EntryLevel(price(e.get("price"), p + ".price"), JsonInput.literalNumber(e, "weight", p + ".weight", 1)));
        }
        return new ScaleLadder(out);
    }

    /** A price, or NaN for {@code "market"}. */
    private static double price(JsonNode n, String path) {
        if (n == null || n.isNull()) {
            throw new InvalidInputException(path, "is missing");
        }
        if (n.isTextual() && n.textValue().trim().equalsIgnoreCase("market")) {
            return Double.NaN;
        }
        return JsonInput.asLiteralNumber(n, path);
    }

    private static int integer(JsonNode obj, String name, String path, int fallback) {
        return (int) io.perpguard.Checks.whole(path, JsonInput.literalNumber(obj, name, path, fallback), 1e9);
    }

    /** Epoch ms, or ISO-8601 text ({@code 2023-06-20T00:00:00Z}, {@code 2023-06-20 00:00}, {@code 2023-06-20}). */
    public static long time(JsonNode n, String path) {
        if (n.isNumber()) {
            // the unit by magnitude and the window: EpochTime's one rule
            return io.perpguard.data.json.EpochTime.millis(path, n.doubleValue(), System.currentTimeMillis(),
                    io.perpguard.data.json.EpochTime.FUTURE_SLACK_MS);
        }
        return parseTime(path, n.asText());
    }

    /**
     * Parses a time given by a user ({@link TimeColumn}: epoch s/ms/µs/ns, an ISO instant, a UTC date-time or a date),
     * inside EpochTime's window (2009-01-03 to a day past the clock).
     */
    public static long parseTime(String field, String text) {
        long ms;
        try {
            ms = TimeColumn.toEpochMs(text == null ? "" : text);
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw new InvalidInputException(field, "'" + io.perpguard.data.io.Excerpt.of(text) + "' is not a time; use 2024-01-01, "
                    + "2024-01-01T08:00:00Z or epoch ms");
        }
        return io.perpguard.data.json.EpochTime.inWindow(field, ms, System.currentTimeMillis(), io.perpguard.data.json.EpochTime.FUTURE_SLACK_MS);
    }
}
