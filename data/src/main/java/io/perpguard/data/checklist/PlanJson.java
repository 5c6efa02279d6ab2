package io.perpguard.data.checklist;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.checklist.MarketContext;
import io.perpguard.checklist.Policy;
import io.perpguard.checklist.StopMethod;
import io.perpguard.checklist.TradePlan;
import io.perpguard.data.json.JsonInput;
import io.perpguard.margin.Side;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the checklist's inputs from JSON.
 * <pre>PLAN.json: {symbol, side, thesis, entry, stop (null when none), stopMethod ("structure", "atr", "percent", "none"),
 *   targets[], leverage, equity, and one of qty, contracts (whole contracts, where the venue counts in contracts) or riskPct;
 *   optional fundingRate (fraction per interval),
 *   openInterestChangePct, closes[], highs[], lows[] (recent bars, oldest first), markPrice (the current price; default: the last
 *   close)}; {@code entry} and {@code mark}, the old names of entryPrice and markPrice, are still read (plans already written)
 * POLICY.json: any subset of {@link Policy}'s fields, overriding {@link Policy#DEFAULT}.</pre>
 * Unknown fields are refused by name, so a typo ("levrage") is not silently ignored.
 */
public final class PlanJson {
    private static final Set<String> PLAN_FIELDS = Set.of("symbol", "side", "thesis", "entryPrice", "entry", "stop", "stopMethod", "targets",
            "leverage", "equity", "qty", "contracts", "riskPct", "fundingRate", "openInterestChangePct", "closes", "highs", "lows", "markPrice", "mark");
    private static final Set<String> POLICY_FIELDS = Set.of("maxRiskPct", "minRewardRisk", "failRewardRisk", "maxLeverage",
            "minStopBufferFraction", "maxGrossExposure", "maxNetDelta", "maxFundingRate", "maxOpenInterestChangePct",
            "trendFast", "trendSlow", "minAtrStopMultiple", "slippagePct", "maxEntryDistancePct");

    private PlanJson() {
    }

    /**
     * Parses a plan object (a plan file, {@code check --plan}, or an API body); errors name {@code prefix + field}. Numbers
     * must be JSON numbers, as in account files: a quoted figure ("stop": "95") is refused naming the field
     * ({@link JsonInput#literalNumber}).
     */
    public static TradePlan plan(JsonNode n, String prefix) {
        JsonInput.object(n, prefix.isEmpty() ? "plan" : prefix.substring(0, prefix.length() - 1));
        onlyKnown(n, PLAN_FIELDS, prefix);
        try {
            String symbol = JsonInput.text(n, "symbol", prefix + "symbol").trim().toUpperCase(Locale.ROOT);
            Side side = Side.parse(prefix + "side", JsonInput.text(n, "side", prefix + "side"));
            String thesis = JsonInput.text(n, "thesis", prefix + "thesis", "");
            // entryPrice as in every position; "entry", its name before, still read so plans already written keep working
            if (n.has("entryPrice") && n.has("entry")) {
                throw new InvalidInputException(prefix + "entry", "give entryPrice only (entry is its old name)");
            }
            double entry = n.has("entry") ? num(n, "entry", prefix + "entry") : num(n, "entryPrice", prefix + "entryPrice");
            double stop = num(n, "stop", prefix + "stop", Double.NaN);
            String method = JsonInput.text(n, "stopMethod", prefix + "stopMethod", Double.isNaN(stop) ? "none" : null);
            if (method == null) {
                throw new InvalidInputException(prefix + "stopMethod", "is missing: say how the stop was placed (structure, atr, percent)");
            }
            StopMethod sm = StopMethod.parse(prefix + "stopMethod", method);
            List<Double> targets = new ArrayList<>();
            JsonNode t = n.get("targets");
            if (t != null && !t.isNull()) {
                if (!t.isArray()) {
                    throw new InvalidInputException(prefix + "targets", "must be an array of prices");
                }
                for (int i = 0; i < t.size(); i++) {
                    targets.add(element(t.get(i), prefix + "targets[" + i + "]"));
                }
            }
            double lev = num(n, "leverage", prefix + "leverage");
            double equity = num(n, "equity", prefix + "equity");
            double qty = num(n, "qty", prefix + "qty", Double.NaN);
            double contracts = num(n, "contracts", prefix + "contracts", Double.NaN);
            double risk = num(n, "riskPct", prefix + "riskPct", Double.NaN);
            int sizes = (Double.isNaN(qty) ? 0 : 1) + (Double.isNaN(contracts) ? 0 : 1) + (Double.isNaN(risk) ? 0 : 1);
            if (sizes == 0) {
                throw new InvalidInputException(prefix + "qty", "is missing: give qty, contracts or riskPct");
            }
            if (sizes > 1) {
                throw new InvalidInputException(prefix + (Double.isNaN(qty) ? "contracts" : "qty"), "give only one of qty, contracts or riskPct");
            }
            double funding = num(n, "fundingRate", prefix + "fundingRate", Double.NaN);
            double oi = num(n, "openInterestChangePct", prefix + "openInterestChangePct", Double.NaN);
            return new TradePlan(symbol, side, thesis, entry, stop, sm, targets, lev, equity, qty, risk, funding, oi, contracts);
        } catch (InvalidInputException e) {
            throw prefixed(e, prefix);
        }
    }

    /**
     * Each given bar's high and low are positive and hold its close, as {@link io.perpguard.data.market.CandleCsv} holds a
     * file's rows: highs of -5 and lows of 0 beside closes of 60,000 gave an ATR of 60,000 (the true range of impossible
     * bars) and a stop "0.03 ATR from entry", exit 0.
     */
    static void requireRangesHoldCloses(double[] h, double[] l, double[] c) {
        if (h == null) {
            return;
        }
        for (int i = 0; i < c.length; i++) {
            if (!(h[i] > 0) || !Double.isFinite(h[i])) {
                throw new InvalidInputException("highs[" + i + "]", Checks.fmt(h[i]) + " is not a positive price");
            }
            if (!(l[i] > 0) || !Double.isFinite(l[i])) {
                throw new InvalidInputException("lows[" + i + "]", Checks.fmt(l[i]) + " is not a positive price");
            }
            if (!(l[i] <= c[i] && c[i] <= h[i])) {
                throw new InvalidInputException("highs[" + i + "]", "high " + Checks.fmt(h[i]) + " / low " + Checks.fmt(l[i])
                        + " do not contain the close " + Checks.fmt(c[i]) + " (closes[" + i + "])");
            }
        }
    }

    /**
     * The recent bars given with a plan (closes[], optional highs[] and lows[]), or {@link MarketContext#NONE}; numbers must
     * be JSON numbers, as in {@link #plan}.
     */
    public static MarketContext market(JsonNode n, String prefix) {
        double[] c = numbers(n, "closes", prefix);
        double[] h = numbers(n, "highs", prefix);
        double[] l = numbers(n, "lows", prefix);
        // markPrice as in every position; "mark", its name before, still read like "entry"
        if (n.has("markPrice") && n.has("mark")) {
            throw new InvalidInputException(prefix + "mark", "give markPrice only (mark is its old name)");
        }
        double mark = n.has("mark") ? num(n, "mark", prefix + "mark", Double.NaN)
                : num(n, "markPrice", prefix + "markPrice", Double.NaN);
        try {
            // highs and lows without closes were dropped without a word: the constructor refuses them
            if (c == null && h == null && l == null) {
                return Double.isNaN(mark) ? MarketContext.NONE : MarketContext.NONE.withMark(mark);
            }
            MarketContext m = new MarketContext(h, l, c, mark);
            requireRangesHoldCloses(h, l, c);
            return m;
        } catch (InvalidInputException e) {
            throw prefixed(e, prefix);
        }
    }

    /** {@link Policy#DEFAULT} with the fields of {@code n} laid over it (null: the default). */
    public static Policy policy(JsonNode n, String prefix) {
        if (n == null || n.isNull()) {
            return Policy.DEFAULT;
        }
        JsonInput.object(n, prefix.isEmpty() ? "policy" : prefix.substring(0, prefix.length() - 1));
        onlyKnown(n, POLICY_FIELDS, prefix);
        Policy d = Policy.DEFAULT;
        try {
            return new Policy(
                    num(n, "maxRiskPct", prefix + "maxRiskPct", d.maxRiskPct()),
                    num(n, "minRewardRisk", prefix + "minRewardRisk", d.minRewardRisk()),
                    num(n, "failRewardRisk", prefix + "failRewardRisk", d.failRewardRisk()),
                    num(n, "maxLeverage", prefix + "maxLeverage", d.maxLeverage()),
                    num(n, "minStopBufferFraction", prefix + "minStopBufferFraction", d.minStopBufferFraction()),
                    num(n, "maxGrossExposure", prefix + "maxGrossExposure", d.maxGrossExposure()),
                    num(n, "maxNetDelta", prefix + "maxNetDelta", d.maxNetDelta()),
                    num(n, "maxFundingRate", prefix + "maxFundingRate", d.maxFundingRate()),
                    num(n, "maxOpenInterestChangePct", prefix + "maxOpenInterestChangePct", d.maxOpenInterestChangePct()),
                    integer(n, "trendFast", prefix, d.trendFast()),
                    integer(n, "trendSlow", prefix, d.trendSlow()),
                    num(n, "minAtrStopMultiple", prefix + "minAtrStopMultiple", d.minAtrStopMultiple()),
                    num(n, "slippagePct", prefix + "slippagePct", d.slippagePct()),
                    num(n, "maxEntryDistancePct", prefix + "maxEntryDistancePct", d.maxEntryDistancePct()));
        } catch (InvalidInputException e) {
            throw prefixed(e, prefix);
        }
    }

    private static int integer(JsonNode n, String name, String prefix, int fallback) {
        // a moving average of at most 1,000 bars (Policy); 1e9 read "1.0E9 must be a whole number"
        return (int) io.perpguard.Checks.whole(prefix + name, num(n, name, prefix + name, fallback), 1000);
    }

    private static double num(JsonNode n, String name, String path) {
        return JsonInput.literalNumber(n, name, path);
    }

    private static double num(JsonNode n, String name, String path, double fallback) {
        return JsonInput.literalNumber(n, name, path, fallback);
    }

    private static double element(JsonNode e, String path) {
        return JsonInput.asLiteralNumber(e, path);
    }

    private static double[] numbers(JsonNode n, String name, String prefix) {
        JsonNode a = n.get(name);
        if (a == null || a.isNull()) {
            return null;
        }
        if (!a.isArray()) {
            throw new InvalidInputException(prefix + name, "must be an array of numbers");
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = element(a.get(i), prefix + name + "[" + i + "]");
        }
        return out;
    }

    private static void onlyKnown(JsonNode n, Set<String> known, String prefix) {
        JsonInput.onlyKnown(n, prefix, known);
    }

    private static InvalidInputException prefixed(InvalidInputException e, String prefix) {
        if (prefix.isEmpty() || e.field().startsWith(prefix)) {
            return e;
        }
        return new InvalidInputException(prefix + e.field(), e.problem());
    }
}
