package io.perpguard.data.instrument;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tier tables: the bundled Binance brackets for BTCUSDT, ETHUSDT and SOLUSDT (resource
 * {@code io/perpguard/data/instruments.json}, snapshot 2024-10-24, source cited in the file) and any Binance
 * {@code GET /fapi/v1/leverageBracket} JSON a user passes with {@code --tiers FILE}.
 */
public final class TierTables {
    private static final String BUNDLED = "/io/perpguard/data/instruments.json";
    /** How to price a Binance symbol the bundled tables lack: ends the unknown-symbol message. */
    static final String BINANCE_HINT = "or pass a Binance leverageBracket file with --tiers";
    private static volatile Instruments bundled;

    private TierTables() {
    }

    /** The instruments shipped with perpguard. */
    public static Instruments bundled() {
        Instruments b = bundled;
        if (b == null) {
            try (InputStream in = TierTables.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + BUNDLED + " missing from the build");
                }
                JsonNode root = JsonInput.parse("instruments", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                Map<String, RiskTiers> tiers = parseLeverageBrackets(root.get("leverageBrackets"), "instruments.leverageBrackets");
                Map<String, Instrument> m = new LinkedHashMap<>();
                JsonNode contracts = root.get("contracts");
                for (int i = 0; i < contracts.size(); i++) {
                    Contract c = contract(contracts.get(i), "contracts[" + i + "]");
                    m.put(c.symbol(), new Instrument(c, tiers.get(c.symbol())));
                }
                b = new Instruments(m, BINANCE_HINT);
                bundled = b;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + BUNDLED, e);
            }
        }
        return b;
    }

    /** The bundled instruments with the tiers of {@code tiersFile} laid over them (null file: bundled only). */
    public static Instruments load(Path tiersFile) {
        if (tiersFile == null) {
            return bundled();
        }
        return bundled().withTiers(readLeverageBrackets(tiersFile), TierTables::defaultContract);
    }

    /** "_source": where a saved response came from, the one note field a tier file may carry besides the venue's own. */
    static final String NOTE = "_source";
    private static final java.util.Set<String> ENTRY = java.util.Set.of("symbol", "notionalCoef", "brackets", NOTE);
    private static final java.util.Set<String> BRACKET = java.util.Set.of("bracket", "initialLeverage", "notionalCap", "notionalFloor",
            "maintMarginRatio", "cum", NOTE);
    /** The fields of a contract in perpguard's instruments format ({@code contracts[]}). */
    static final java.util.Set<String> CONTRACT = java.util.Set.of("symbol", "type", "contractSize", "tickSize", "stepSize", "minQty",
            "minNotional", "settlementCurrency", "takerFee", "makerFee", "fundingIntervalHours", "liquidationFeeRate", NOTE);

    /** Reads a Binance leverageBracket JSON file. */
    public static Map<String, RiskTiers> readLeverageBrackets(Path file) {
        return parseLeverageBrackets(JsonInput.readFile("tiers", file), file.toString());
    }

    /**
     * Parses Binance's leverageBracket shape: an array of {@code {symbol, brackets:[{bracket, initialLeverage,
     * notionalCap, notionalFloor, maintMarginRatio, cum}]}} (a single object is accepted too). Overlapping or
     * gapped tiers are refused by {@link RiskTiers}; the message is prefixed with the file.
     */
    public static Map<String, RiskTiers> parseLeverageBrackets(JsonNode root, String where) {
        return parseLeverageBrackets(root, where, true);
    }

    /**
     * As {@link #parseLeverageBrackets(JsonNode, String)}; {@code strict}: unknown fields refused (files a person gives or
     * edits), otherwise ignored (a response straight from the venue, which may add fields at any time).
     */
    static Map<String, RiskTiers> parseLeverageBrackets(JsonNode root, String where, boolean strict) {
        if (root == null) {
            throw new InvalidInputException("tiers", where + " is missing");
        }
        List<JsonNode> entries = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(entries::add);
        } else if (root.isObject()) {
            entries.add(root);
        } else {
            throw new InvalidInputException("tiers", where + ": expected an array of {symbol, brackets}");
        }
        if (entries.isEmpty()) {
            throw new InvalidInputException("tiers", where + ": no symbols");
        }
        Map<String, RiskTiers> out = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String path = "tiers[" + i + "]";
            JsonNode e = JsonInput.object(entries.get(i), path);
            try {
                known(strict, e, path + ".", ENTRY);
                String symbol = JsonInput.text(e, "symbol", path + ".symbol").trim().toUpperCase(Locale.ROOT);
                if (out.containsKey(symbol)) {
                    throw new InvalidInputException(path + ".symbol", symbol + " is listed twice; give each symbol's brackets once");
                }
                JsonNode arr = JsonInput.array(e, "brackets", path + ".brackets");
                List<LeverageBracket> list = new ArrayList<>();
                for (int j = 0; j < arr.size(); j++) {
                    String bp = path + ".brackets[" + j + "]";
                    JsonNode b = JsonInput.object(arr.get(j), bp);
                    known(strict, b, bp + ".", BRACKET);
                    double floor = JsonInput.number(b, "notionalFloor", bp + ".notionalFloor");
                    double cap = JsonInput.number(b, "notionalCap", bp + ".notionalCap");
                    double lev = JsonInput.number(b, "initialLeverage", bp + ".initialLeverage");
                    double mmr = JsonInput.number(b, "maintMarginRatio", bp + ".maintMarginRatio");
                    double cum = JsonInput.number(b, "cum", bp + ".cum", Double.NaN);
                    int n = (int) JsonInput.number(b, "bracket", bp + ".bracket", j + 1);
                    list.add(new LeverageBracket(n, floor, cap, lev, mmr, Double.isNaN(cum) ? 0 : cum));
                }
                list.sort(Comparator.comparingDouble(LeverageBracket::notionalFloor));
                list = fillMissingCum(list, arr);
                RiskTiers tiers = new RiskTiers(symbol, list);   // refuses gaps and overlaps first
                // Binance publishes cum exactly (every bracket of its 2024-10-24 table, 2,529 of them); a cent of slack
                requireConsistentCum(symbol, list, k -> path + ".brackets[" + k + "].cum", "cum", 0.01, "USDT");
                out.put(symbol, tiers);
            } catch (InvalidInputException ex) {
                throw new InvalidInputException("tiers", where + ": " + ex.getMessage());
            }
        }
        return out;
    }

    /**
     * A given maintenance amount must be the one that keeps the maintenance margin continuous across bracket boundaries
     * ({@link RiskTiers#continuousAmount}: cum_i = cum_{i−1} + floor_i × (MMR_i − MMR_{i−1}), cum_1 = 0): any other value
     * changes every liquidation price in that bracket, so it is refused rather than used, in one line naming the bracket,
     * the field, the expected and the found amount.
     *
     * @param field     the path of bracket i's amount in the file, for the message
     * @param name      the venue's name of the amount ({@code cum}, {@code mmDeduction})
     * @param tolerance the venue's rounding of the amounts it publishes: absolute, in the table's unit (a cent of USDT, a
     *                  satoshi of coin)
     */
    static void requireConsistentCum(String symbol, List<LeverageBracket> list, java.util.function.IntFunction<String> field, String name,
                                     double tolerance, String unit) {
        int i = RiskTiers.firstDiscontinuousAmount(list, tolerance);
        if (i < 0) {
            return;
        }
        LeverageBracket b = list.get(i);
        String rule = "0 in the first bracket";
        if (i > 0) {
            LeverageBracket p = list.get(i - 1);
            rule = "bracket " + p.bracket() + "'s " + name + " " + io.perpguard.Checks.fmt(p.maintenanceAmount()) + " + floor "
                    + io.perpguard.Checks.fmt(b.notionalFloor()) + " × (rate " + io.perpguard.Checks.fmt(b.maintenanceMarginRate()) + " − "
                    + io.perpguard.Checks.fmt(p.maintenanceMarginRate()) + ")";
        }
        throw new InvalidInputException(field.apply(i), symbol + " bracket " + b.bracket() + " " + name + ": expected "
                + io.perpguard.Checks.fmt(RiskTiers.continuousAmount(list, i)) + " (" + rule + "), found " + io.perpguard.Checks.fmt(b.maintenanceAmount())
                + "; the amounts must keep the maintenance margin continuous (within " + io.perpguard.Checks.fmt(tolerance) + " " + unit + ")");
    }

    /** Brackets given without "cum" get it from cum_i = cum_{i−1} + floor_i × (MMR_i − MMR_{i−1}) (DESIGN.md). */
    static List<LeverageBracket> fillMissingCum(List<LeverageBracket> list, JsonNode arr) {
        boolean anyMissing = false;
        for (JsonNode b : arr) {
            anyMissing |= b.get("cum") == null || b.get("cum").isNull();
        }
        if (!anyMissing) {
            return list;
        }
        double[] floors = list.stream().mapToDouble(LeverageBracket::notionalFloor).toArray();
        double[] rates = list.stream().mapToDouble(LeverageBracket::maintenanceMarginRate).toArray();
        double[] cum = RiskTiers.cumulativeAmounts(floors, rates);
        List<LeverageBracket> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            LeverageBracket b = list.get(i);
            out.add(new LeverageBracket(b.bracket(), b.notionalFloor(), b.notionalCap(), b.maxLeverage(), b.maintenanceMarginRate(), cum[i]));
        }
        return out;
    }

    /** Refuses fields outside {@code fields} when {@code strict} (JsonInput.onlyKnown: the field named, with the nearest). */
    static void known(boolean strict, JsonNode obj, String prefix, java.util.Set<String> fields) {
        if (strict) {
            JsonInput.onlyKnown(obj, prefix, fields);
        }
    }

    static Contract contract(JsonNode c, String path) {
        JsonInput.onlyKnown(c, path + ".", CONTRACT);
        return new Contract(JsonInput.text(c, "symbol", path + ".symbol"),
                JsonInput.number(c, "tickSize", path + ".tickSize"),
                JsonInput.number(c, "stepSize", path + ".stepSize"),
                JsonInput.number(c, "minQty", path + ".minQty"),
                JsonInput.number(c, "minNotional", path + ".minNotional"),
                JsonInput.number(c, "takerFee", path + ".takerFee"),
                JsonInput.number(c, "makerFee", path + ".makerFee"),
                (int) JsonInput.number(c, "fundingIntervalHours", path + ".fundingIntervalHours"),
                JsonInput.number(c, "liquidationFeeRate", path + ".liquidationFeeRate"));
    }

    /**
     * Trading rules for a symbol known only from a tiers file: a fine tick (0.0001) and step (0.001), no minimums,
     * VIP 0 fees, 8 h funding and a 1.5 % clearance fee. Liquidation prices are still exact before rounding.
     */
    public static Contract defaultContract(String symbol) {
        return new Contract(symbol, 0.0001, 0.001, 0, 0, 0.0005, 0.0002, 8, 0.015);
    }
}
