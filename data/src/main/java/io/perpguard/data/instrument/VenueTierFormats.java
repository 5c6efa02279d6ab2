package io.perpguard.data.instrument;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.venue.Exchange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads each venue's own public tier response into {@link RiskTiers}, watching the unit traps:
 * <ul>
 *   <li>Binance USDⓈ-M {@code GET /fapi/v1/leverageBracket}: notional in USDT, cum given;</li>
 *   <li>Binance COIN-M {@code GET /dapi/v1|v2/leverageBracket}: brackets in <b>coin</b> ({@code qtyCap},
 *       {@code qtylFloor} as the docs spell it, {@code qtyFloor} accepted);</li>
 *   <li>Bybit {@code GET /v5/market/risk-limit} (and the legacy v2/v3 shapes): {@code riskLimitValue} cap,
 *       rates in <b>percent</b> for inverse and fractions for linear — decided per row from
 *       {@code 1 / initialMargin == maxLeverage}; {@code mmDeduction} as the maintenance amount;</li>
 *   <li>OKX {@code GET /api/v5/public/position-tiers}: sizes in <b>contracts</b>, no maintenance amount;</li>
 *   <li>XT {@code leverage/bracket/list} and {@code detail}: cap {@code maxNominalValue}, floor = previous cap,
 *       no maintenance amount;</li>
 *   <li>perpguard's own instruments format ({@code contracts} + {@code leverageBrackets}) and the envelope that
 *       {@code tiers download} writes ({@code perpguardTiers}).</li>
 * </ul>
 */
public final class VenueTierFormats {
    private VenueTierFormats() {
    }

    /** A tier file's format. */
    public enum Format {
        BINANCE_USDM("a Binance USDⓈ-M leverageBracket response", Exchange.BINANCE),
        BINANCE_COINM("a Binance COIN-M leverageBracket response", Exchange.BINANCE_COINM),
        BYBIT("a Bybit risk-limit response", Exchange.BYBIT),
        OKX("an OKX position-tiers response", Exchange.OKX),
        XT("an XT leverage/bracket response", Exchange.XT),
        PERPGUARD("perpguard's instruments format", null);

        final String description;
        final Exchange exchange;

        Format(String description, Exchange exchange) {
            this.description = description;
            this.exchange = exchange;
        }

        boolean fits(Exchange e) {
            return exchange == null || exchange == e || (exchange == Exchange.BYBIT && e == Exchange.BYBIT_UTA);
        }
    }

    /** What the file is, from its shape; null when perpguard knows no such shape. */
    public static Format detect(JsonNode root) {
        if (root == null) {
            return null;
        }
        if (root.isArray()) {
            JsonNode first = root.size() > 0 ? root.get(0) : null;
            JsonNode b = first != null && first.path("brackets").isArray() && first.path("brackets").size() > 0 ? first.path("brackets").get(0) : null;
            if (b != null && b.has("notionalCap")) {
                return Format.BINANCE_USDM;
            }
            if (b != null && b.has("qtyCap")) {
                return Format.BINANCE_COINM;
            }
            return null;
        }
        if (!root.isObject()) {
            return null;
        }
        if (root.has("contracts") && root.has("leverageBrackets")) {
            return Format.PERPGUARD;
        }
        if (root.has("symbol") && root.path("brackets").isArray()) {
            return detect(JsonInput.MAPPER.createArrayNode().add(root));
        }
        if (root.has("retCode") || root.has("ret_code")) {
            return Format.BYBIT;
        }
        if (root.has("code") && root.path("data").isArray()) {
            return Format.OKX;
        }
        if (root.has("returnCode")) {
            return Format.XT;
        }
        return null;
    }

    /** Every format's description, for messages. */
    static String known() {
        return "Binance fapi/dapi leverageBracket, Bybit /v5/market/risk-limit, OKX /api/v5/public/position-tiers, "
                + "XT leverage/bracket/list, or perpguard's instruments format";
    }

    /**
     * Reads the tiers of {@code root} for {@code exchange}; a file of another venue's format is refused in one line.
     *
     * @param where for messages, e.g. the file, {@code okx.json} (after the field: "tiers: okx.json is ...")
     */
    public static Map<String, RiskTiers> read(JsonNode root, Exchange exchange, String where) {
        return read(root, exchange, where, true);
    }

    /**
     * As {@link #read}, for a response straight from the venue (live connectors, {@code tiers download}): fields the
     * venue adds later are ignored instead of refused, since nobody typed them.
     */
    public static Map<String, RiskTiers> readResponse(JsonNode root, Exchange exchange, String where) {
        return read(root, exchange, where, false);
    }

    // the fields of each venue's documented response (and the names of its older versions); _source: a provenance note
    private static final Set<String> PERPGUARD = Set.of("contracts", "leverageBrackets", "date", "notes", "source", TierTables.NOTE);
    private static final Set<String> ENVELOPE = Set.of("perpguardTiers", "exchange", "fetchedAt", "responses");
    private static final Set<String> COINM_ENTRY = Set.of("symbol", "pair", "notionalCoef", "brackets", TierTables.NOTE);
    private static final Set<String> COINM_BRACKET = Set.of("bracket", "initialLeverage", "qtyCap", "qtylFloor", "qtyFloor",
            "maintMarginRatio", "cum", TierTables.NOTE);
    private static final Set<String> BYBIT_ROOT = Set.of("retCode", "retMsg", "result", "retExtInfo", "time", "ret_code", "ret_msg",
            "ext_code", "ext_info", "time_now", "rate_limit_status", "rate_limit_reset_ms", "rate_limit", TierTables.NOTE);
    private static final Set<String> BYBIT_RESULT = Set.of("category", "list", "nextPageCursor");
    private static final Set<String> BYBIT_ROW = Set.of("id", "symbol", "riskLimitValue", "limit", "maintenanceMargin", "maintainMargin",
            "maintain_margin", "initialMargin", "starting_margin", "isLowestRisk", "is_lowest_risk", "maxLeverage", "max_leverage",
            "mmDeduction", "coin", "section", "created_at", "updated_at");
    private static final Set<String> OKX_ROOT = Set.of("code", "msg", "data", TierTables.NOTE);
    private static final Set<String> OKX_ROW = Set.of("uly", "instFamily", "instId", "tier", "minSz", "maxSz", "mmr", "imr", "maxLever",
            "optMgnFactor", "quoteMaxLoan", "baseMaxLoan");
    private static final Set<String> XT_ROOT = Set.of("returnCode", "msgInfo", "error", "result", TierTables.NOTE);
    private static final Set<String> XT_RESULT = Set.of("symbol", "leverageBrackets");
    private static final Set<String> XT_BRACKET = Set.of("symbol", "bracket", "maxNominalValue", "maintMarginRate", "startMarginRate",
            "maxStartMarginRate", "maxLeverage", "minLeverage");

    private static Map<String, RiskTiers> read(JsonNode root, Exchange exchange, String where, boolean strict) {
        if (root != null && root.isObject() && root.has("perpguardTiers")) {
            return readEnvelope(root, exchange, where);
        }
        Format f = detect(root);
        if (f == null) {
            throw new InvalidInputException("tiers", where + " is not a tier table perpguard knows (" + known() + ")");
        }
        if (!f.fits(exchange)) {
            throw new InvalidInputException("tiers", where + " is " + f.description + ", not " + Checks.a(exchange.displayName())
                    + " table; use --exchange " + f.exchange.id() + " or " + Checks.a(exchange.displayName()) + " tier file");
        }
        try {
            return switch (f) {
                case BINANCE_USDM -> TierTables.parseLeverageBrackets(root, where, strict);
                case BINANCE_COINM -> binanceCoinm(root, strict);
                case BYBIT -> bybit(root, strict);
                case OKX -> okx(root, strict);
                case XT -> xt(root, strict);
                case PERPGUARD -> {
                    TierTables.known(strict, root, "", PERPGUARD);
                    yield TierTables.parseLeverageBrackets(root.get("leverageBrackets"), where, strict);
                }
            };
        } catch (InvalidInputException e) {
            if (e.getMessage().contains(where)) {
                throw e;
            }
            throw new InvalidInputException("tiers", where + ": " + e.getMessage());
        }
    }

    /** The file {@code tiers download} writes: {@code {perpguardTiers: 1, exchange, fetchedAt, responses: [...]}}. */
    private static Map<String, RiskTiers> readEnvelope(JsonNode root, Exchange exchange, String where) {
        JsonInput.onlyKnown(root, "tiers.", ENVELOPE);
        String ex = JsonInput.text(root, "exchange", "tiers.exchange");
        if (Exchange.parse("tiers.exchange", ex) != exchange && !(exchange == Exchange.BYBIT_UTA && Exchange.parse("e", ex) == Exchange.BYBIT)) {
            throw new InvalidInputException("tiers", where + " holds " + Exchange.parse("e", ex).displayName() + " tiers, not "
                    + exchange.displayName() + "'s; use --exchange " + ex);
        }
        Map<String, RiskTiers> out = new LinkedHashMap<>();
        JsonNode rs = JsonInput.array(root, "responses", "tiers.responses");
        for (int i = 0; i < rs.size(); i++) {
            // the responses are the venue's own, saved as received: fields the venue added are not a typing mistake
            out.putAll(read(rs.get(i), exchange, where + " response " + (i + 1), false));
        }
        return out;
    }

    //-------------------------------------------------------------------------
    private static Map<String, RiskTiers> binanceCoinm(JsonNode root, boolean strict) {
        Map<String, RiskTiers> out = new LinkedHashMap<>();
        for (int i = 0; i < root.size(); i++) {
            String p = "tiers[" + i + "]";
            JsonNode e = JsonInput.object(root.get(i), p);
            TierTables.known(strict, e, p + ".", COINM_ENTRY);
            String symbol = e.has("symbol") ? JsonInput.text(e, "symbol", p + ".symbol") : JsonInput.text(e, "pair", p + ".pair") + "_PERP";
            JsonNode arr = JsonInput.array(e, "brackets", p + ".brackets");
            List<LeverageBracket> list = new ArrayList<>();
            for (int j = 0; j < arr.size(); j++) {
                String bp = p + ".brackets[" + j + "]";
                JsonNode b = JsonInput.object(arr.get(j), bp);
                TierTables.known(strict, b, bp + ".", COINM_BRACKET);
                // Binance COIN-M brackets are coin quantities; the docs spell the floor "qtylFloor"
                double floor = b.has("qtylFloor") ? JsonInput.number(b, "qtylFloor", bp + ".qtylFloor") : JsonInput.number(b, "qtyFloor", bp + ".qtyFloor");
                list.add(new LeverageBracket((int) JsonInput.number(b, "bracket", bp + ".bracket", j + 1), floor,
                        JsonInput.number(b, "qtyCap", bp + ".qtyCap"), JsonInput.number(b, "initialLeverage", bp + ".initialLeverage"),
                        JsonInput.number(b, "maintMarginRatio", bp + ".maintMarginRatio"), JsonInput.number(b, "cum", bp + ".cum", 0)));
            }
            list.sort(Comparator.comparingDouble(LeverageBracket::notionalFloor));
            list = TierTables.fillMissingCum(list, arr);
            RiskTiers tiers = new RiskTiers(norm(symbol), list);   // refuses gaps and overlaps first
            // cum is in coin here: a satoshi, not USDⓈ-M's cent, is the tolerance
            TierTables.requireConsistentCum(norm(symbol), list, k -> p + ".brackets[" + k + "].cum", "cum", 1e-8, tiers.symbol().replaceAll("USD.*", ""));
            out.put(norm(symbol), tiers);
        }
        return out;
    }

    /** One row before building tiers: cap, rate, leverage, amount; {@code path}: where the row is in the file. */
    private record Row(String symbol, int tier, double cap, double mmr, double maxLeverage, double amount, String path) {
    }

    private static Map<String, RiskTiers> bybit(JsonNode root, boolean strict) {
        TierTables.known(strict, root, "", BYBIT_ROOT);
        JsonNode result = root.has("result") ? root.get("result") : root;
        if (result.isObject()) {
            TierTables.known(strict, result, "result.", BYBIT_RESULT);
        }
        JsonNode list = result.isArray() ? result : result.path("list");
        if (!list.isArray()) {
            throw new InvalidInputException("tiers", "Bybit response has no result.list");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String p = "result.list[" + i + "]";
            JsonNode r = JsonInput.object(list.get(i), p);
            TierTables.known(strict, r, p + ".", BYBIT_ROW);
            double cap = r.has("riskLimitValue") ? JsonInput.number(r, "riskLimitValue", p + ".riskLimitValue") : JsonInput.number(r, "limit", p + ".limit");
            double mm = JsonInput.number(r, r.has("maintenanceMargin") ? "maintenanceMargin" : r.has("maintainMargin") ? "maintainMargin" : "maintain_margin", p + ".maintenanceMargin");
            double im = JsonInput.number(r, r.has("initialMargin") ? "initialMargin" : "starting_margin", p + ".initialMargin");
            double lev = JsonInput.number(r, r.has("maxLeverage") ? "maxLeverage" : "max_leverage", p + ".maxLeverage");
            // unit trap: Bybit inverse rows give percent ("0.5" = 0.5 %), linear rows fractions; 1/IMR = max leverage decides
            double scale;
            if (Math.abs(1 / im - lev) <= 0.02 * lev) {
                scale = 1;
            } else if (Math.abs(100 / im - lev) <= 0.02 * lev) {
                scale = 0.01;
            } else {
                throw new InvalidInputException("tiers", p + ": initialMargin " + im + " matches maxLeverage " + lev
                        + " neither as a fraction nor as percent; cannot tell the rate units");
            }
            JsonNode mmd = r.get("mmDeduction");
            double amount = mmd == null || mmd.isNull() || mmd.asText().isBlank() ? 0 : JsonInput.asNumber(mmd, p + ".mmDeduction");
            String symbol = JsonInput.text(r, "symbol", p + ".symbol");
            rows.add(new Row(symbol, (int) JsonInput.number(r, "id", p + ".id", i + 1), cap, mm * scale, lev, amount, p));
        }
        return build(rows, true);
    }

    private static Map<String, RiskTiers> okx(JsonNode root, boolean strict) {
        TierTables.known(strict, root, "", OKX_ROOT);
        if (!"0".equals(root.path("code").asText())) {
            throw new InvalidInputException("tiers", "OKX error " + root.path("code").asText() + ": " + root.path("msg").asText());
        }
        JsonNode data = root.get("data");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            String p = "data[" + i + "]";
            JsonNode r = JsonInput.object(data.get(i), p);
            TierTables.known(strict, r, p + ".", OKX_ROW);
            String fam = r.path("instFamily").asText("");
            String uly = r.path("uly").asText("");
            String inst = r.path("instId").asText("");
            String symbol = !fam.isEmpty() ? fam + "-SWAP" : !uly.isEmpty() ? uly + "-SWAP" : inst;
            // sizes are contracts ("number of positions held"): the OKX convention picks the tier by contracts
            rows.add(new Row(symbol, (int) JsonInput.number(r, "tier", p + ".tier", i + 1), JsonInput.number(r, "maxSz", p + ".maxSz"),
                    JsonInput.number(r, "mmr", p + ".mmr"), JsonInput.number(r, "maxLever", p + ".maxLever"), 0, p));
        }
        return build(rows, false);
    }

    private static Map<String, RiskTiers> xt(JsonNode root, boolean strict) {
        TierTables.known(strict, root, "", XT_ROOT);
        if (root.path("returnCode").asInt(0) != 0) {
            throw new InvalidInputException("tiers", "XT error: " + root.path("error"));
        }
        JsonNode result = root.get("result");
        List<JsonNode> entries = new ArrayList<>();
        if (result != null && result.isArray()) {
            result.forEach(entries::add);
        } else if (result != null && result.isObject()) {
            entries.add(result);
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode e : entries) {
            TierTables.known(strict, e, "result.", XT_RESULT);
            JsonNode arr = e.path("leverageBrackets");
            if (!arr.isArray()) {
                throw new InvalidInputException("tiers", "XT result has no leverageBrackets (a symbol/detail file holds contract rules, not tiers)");
            }
            for (int j = 0; j < arr.size(); j++) {
                String p = "leverageBrackets[" + j + "]";
                JsonNode b = JsonInput.object(arr.get(j), p);
                TierTables.known(strict, b, p + ".", XT_BRACKET);
                String symbol = b.has("symbol") && !b.path("symbol").asText().isBlank() ? b.path("symbol").asText() : e.path("symbol").asText();
                // XT publishes no cumulative amount: MM = notional × rate on the whole notional
                rows.add(new Row(symbol, (int) JsonInput.number(b, "bracket", p + ".bracket", j + 1), JsonInput.number(b, "maxNominalValue", p + ".maxNominalValue"),
                        JsonInput.number(b, "maintMarginRate", p + ".maintMarginRate"), JsonInput.number(b, "maxLeverage", p + ".maxLeverage"), 0, p));
            }
        }
        return build(rows, false);
    }

    /** Groups rows by symbol, orders them by cap, floors = previous cap. */
    private static Map<String, RiskTiers> build(List<Row> rows, boolean keepAmounts) {
        Map<String, List<Row>> by = new LinkedHashMap<>();
        for (Row r : rows) {
            by.computeIfAbsent(norm(r.symbol()), k -> new ArrayList<>()).add(r);
        }
        Map<String, RiskTiers> out = new LinkedHashMap<>();
        for (var e : by.entrySet()) {
            List<Row> rs = new ArrayList<>(e.getValue());
            rs.sort(Comparator.comparingDouble(Row::cap));
            List<LeverageBracket> list = new ArrayList<>();
            double floor = 0;
            for (int i = 0; i < rs.size(); i++) {
                Row r = rs.get(i);
                list.add(new LeverageBracket(i + 1, floor, r.cap(), r.maxLeverage(), r.mmr(), keepAmounts ? r.amount() : 0));
                floor = r.cap();
            }
            RiskTiers tiers = new RiskTiers(e.getKey(), list);   // refuses falling rates and rising leverage first
            if (keepAmounts && list.stream().anyMatch(b -> b.maintenanceAmount() != 0)) {
                // Bybit's mmDeduction follows Binance's cum rule (a row without one is the first tier's 0); a table that
                // gives none applies each tier's rate to the whole value, as OKX and XT do. Linear amounts in USDT (a cent),
                // inverse ones in coin (a satoshi)
                boolean coin = Exchange.BYBIT.typeOf(e.getKey()) == io.perpguard.venue.ContractType.INVERSE;
                TierTables.requireConsistentCum(e.getKey(), list, k -> rs.get(k).path() + ".mmDeduction", "mmDeduction", coin ? 1e-8 : 0.01,
                        coin ? e.getKey().replaceAll("USD.*", "") : "USDT");
            }
            out.put(e.getKey(), tiers);
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("tiers", "the file holds no tiers");
        }
        return out;
    }

    static String norm(String symbol) {
        return symbol.trim().toUpperCase(Locale.ROOT);
    }
}
