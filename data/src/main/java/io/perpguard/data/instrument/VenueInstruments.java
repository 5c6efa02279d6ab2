package io.perpguard.data.instrument;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instruments of one exchange: contract rules (bundled: Binance USDⓈ-M in {@code instruments.json}, the other
 * venues in {@code venues.json}) with tier tables from, in rising priority, the bundled Binance snapshot, the
 * table {@code tiers download} saved in the data directory, a {@code --tiers FILE}, or one tier given by
 * {@code --mmr RATE [--mm-amount A]}.
 */
public final class VenueInstruments {
    private static final String BUNDLED = "/io/perpguard/data/venues.json";
    /** Binance COIN-M BTCUSD_PERP brackets (dapi leverageBracket shape); provenance in tiers/PROVENANCE.md beside it. */
    private static final String BUNDLED_COINM = "/io/perpguard/data/tiers/binance-coinm.json";
    private static volatile JsonNode venues;
    private static volatile Map<String, RiskTiers> coinm;

    private VenueInstruments() {
    }

    /**
     * How a command gets its instruments.
     *
     * @param exchange  the venue (default Binance USDⓈ-M)
     * @param tiersFile a tier file in the venue's own format or perpguard's (null: none)
     * @param dataDir   the data directory where {@code tiers download} saves tables (null: not looked at)
     * @param mmr       one maintenance rate for every symbol, no table (null: use tables)
     * @param mmAmount  its maintenance amount (null: 0)
     */
    public record Source(Exchange exchange, Path tiersFile, Path dataDir, Double mmr, Double mmAmount) {
        public Source {
            exchange = exchange == null ? Exchange.BINANCE : exchange;
            if (mmr != null) {
                Checks.inRange("mmr", mmr, 1e-6, 0.5);
            }
            if (mmAmount != null) {
                if (mmr == null) {
                    throw new InvalidInputException("mmAmount", "goes with --mmr RATE (one tier given by hand)");
                }
                Checks.notNegative("mmAmount", mmAmount);
            }
        }
    }

    /** The saved table of {@code exchange} in a data directory. */
    public static Path savedTable(Path dataDir, Exchange exchange) {
        return dataDir.resolve("tiers").resolve(exchange.id() + ".json");
    }

    public static Instruments load(Source s) {
        return load(s, Map.of());
    }

    /**
     * As {@link #load(Source)}, with {@code overlay} (tiers by symbol, venue spelling) laid over the bundled, saved and
     * file tables, below {@code --mmr}: the tiers a stream receives on its {@code tiers} topic take the place of a
     * {@code --tiers FILE} holding them, and a symbol without bundled rules gets the same default contract.
     */
    public static Instruments load(Source s, Map<String, RiskTiers> overlay) {
        Exchange ex = s.exchange();
        Map<String, Contract> contracts = contracts(ex);
        Map<String, RiskTiers> tiers = new LinkedHashMap<>();
        if (ex == Exchange.BINANCE) {
            TierTables.bundled().bySymbol().forEach((k, v) -> tiers.put(k, v.tiers()));
        }
        if (ex == Exchange.BINANCE_COINM) {
            tiers.putAll(bundledCoinm());
        }
        if (s.dataDir() != null && Files.isRegularFile(savedTable(s.dataDir(), ex))) {
            Path f = savedTable(s.dataDir(), ex);
            tiers.putAll(VenueTierFormats.read(JsonInput.readFile("tiers", f), ex, f.toString()));
        }
        if (s.tiersFile() != null) {
            JsonNode root = JsonInput.readFile("tiers", s.tiersFile());
            String where = s.tiersFile().toString();   // after the field: "tiers: FILE is ...", not "tiers: tiers (FILE)"
            tiers.putAll(VenueTierFormats.read(root, ex, where));
            if (VenueTierFormats.detect(root) == VenueTierFormats.Format.PERPGUARD && root.path("contracts").isArray()) {
                for (int i = 0; i < root.get("contracts").size(); i++) {
                    Contract c = contract(root.get("contracts").get(i), ex, "contracts[" + i + "]");
                    contracts.put(c.symbol(), c);
                }
            }
        }
        tiers.putAll(overlay);
        if (s.mmr() != null) {
            double amount = s.mmAmount() == null ? 0 : s.mmAmount();
            // one tier given by hand: no cap, and leverage checked only against 1 / MMR
            double maxLev = Math.min(1000, Math.max(1, 1 / s.mmr()));
            for (String sym : contracts.keySet()) {
                tiers.put(sym, new RiskTiers(sym, List.of(new LeverageBracket(1, 0, Double.MAX_VALUE, maxLev, s.mmr(), amount))));
            }
            for (String sym : List.copyOf(tiers.keySet())) {
                tiers.put(sym, new RiskTiers(sym, List.of(new LeverageBracket(1, 0, Double.MAX_VALUE, maxLev, s.mmr(), amount))));
            }
        }
        Map<String, Instrument> m = new LinkedHashMap<>();
        for (var e : tiers.entrySet()) {
            Contract c = contracts.get(e.getKey());
            if (c == null) {
                c = defaultContract(ex, e.getKey());
                if (c == null) {
                    continue; // contract size unknown: the symbol is listed as without rules below
                }
            }
            m.put(e.getKey(), new Instrument(c, e.getValue()));
        }
        Map<String, String> noTable = new LinkedHashMap<>();
        for (String k : contracts.keySet()) {
            if (!m.containsKey(k)) {
                noTable.put(k, "no " + ex.displayName() + " tier table for " + k + " yet: run `perpguard tiers download --exchange "
                        + ex.id() + " --symbol " + k + "`, pass the venue's tier response with --tiers FILE, or price with one tier: --mmr RATE");
            }
        }
        return new Instruments(m, unknownHint(ex, contracts.keySet()), noTable);
    }

    /**
     * How to price a symbol perpguard does not list. A tier table (downloaded or --tiers) or --mmr gives a symbol rules only
     * where a default contract fits it ({@link #defaultContract}: base units); elsewhere the contract size, tick and step
     * are in no tier response: OKX's SOL-USDT-SWAP with --mmr was sent to download tables or give --mmr, in a loop.
     */
    static String unknownHint(Exchange ex, java.util.Collection<String> contracts) {
        String tables = "get " + ex.displayName() + " tables with `perpguard tiers download --exchange " + ex.id()
                + "`, pass the venue's response with --tiers FILE, or price with one tier: --mmr RATE";
        return switch (ex) {
            case BINANCE -> TierTables.BINANCE_HINT;
            case BYBIT, BYBIT_UTA -> tables + "; a linear symbol only: of the inverse contracts, whose size no tier table gives, perpguard knows "
                    + String.join(", ", new java.util.TreeSet<>(contracts.stream().filter(c -> ex.typeOf(c) == ContractType.INVERSE).toList()));
            default -> "perpguard knows the size, tick and order step of the " + ex.displayName() + " contracts "
                    + String.join(", ", new java.util.TreeSet<>(contracts)) + " only; no tier table or --mmr gives another's, so a tier table "
                    + "(`perpguard tiers download --exchange " + ex.id() + "`, --tiers FILE) or --mmr RATE prices only those";
        };
    }

    /**
     * {@link #load} as the desk's API gives it: a refusal for want of a tier table names the request body's fields
     * ({@code mmr}, {@code mmAmount}), not the command line's {@code --tiers FILE} / {@code --mmr RATE}, which a body
     * cannot give.
     */
    public static Instruments loadForApi(Source s) {
        Instruments in = load(s);
        Exchange ex = s.exchange();
        Map<String, String> noTable = new LinkedHashMap<>();
        for (String k : in.withoutTables().keySet()) {
            noTable.put(k, "no " + ex.displayName() + " tier table for " + k + " yet: price it with one tier, giving its maintenance "
                    + "rate as \"mmr\" (a fraction, 0.000001 to 0.5) and optionally \"mmAmount\" in the request body, or save the "
                    + "venue's table on the desk's machine with `perpguard tiers download --exchange " + ex.id() + " --symbol " + k + "`");
        }
        String hint = ex == Exchange.BINANCE ? in.unknownHint()
                : "save " + ex.displayName() + " tables on the desk's machine with `perpguard tiers download --exchange " + ex.id()
                + "`, or price with one tier: \"mmr\" (and optionally \"mmAmount\") in the request body";
        return new Instruments(in.bySymbol(), hint, noTable);
    }

    /**
     * The instruments of several exchanges together (a portfolio whose accounts are on different venues). A symbol
     * two of them list under the same spelling (Binance's and Bybit's BTCUSDT) is refused: an account's position
     * could not be told apart.
     */
    public static Instruments merged(java.util.Set<Exchange> exchanges, Source template) {
        if (exchanges.size() <= 1) {
            return load(new Source(exchanges.isEmpty() ? template.exchange() : exchanges.iterator().next(), template.tiersFile(),
                    template.dataDir(), template.mmr(), template.mmAmount()));
        }
        if (template.tiersFile() != null) {
            throw new InvalidInputException("tiers", "a portfolio over several exchanges reads each venue's tables from the data directory "
                    + "(tiers download); --tiers FILE holds one venue's");
        }
        Map<String, Instrument> m = new LinkedHashMap<>();
        Map<String, String> noTable = new LinkedHashMap<>();
        List<String> hints = new java.util.ArrayList<>();
        Map<String, String> clashes = new LinkedHashMap<>();
        for (Exchange ex : exchanges) {
            Instruments one = load(new Source(ex, null, template.dataDir(), template.mmr(), template.mmAmount()));
            for (var e : one.bySymbol().entrySet()) {
                Instrument prev = m.putIfAbsent(e.getKey(), e.getValue());
                if (prev != null) {
                    clashes.put(e.getKey(), e.getKey() + " is listed on both " + prev.contract().exchange().id() + " and " + ex.id()
                            + ": a portfolio over both is not priced yet; price each exchange's accounts on their own");
                }
            }
            noTable.putAll(one.withoutTables());
            hints.add(one.unknownHint());
        }
        clashes.keySet().forEach(m::remove);
        noTable.putAll(clashes);
        return new Instruments(m, String.join("; ", hints), noTable);
    }

    /** Bundled contract rules of an exchange, by symbol (upper case, venue spelling). */
    public static Map<String, Contract> contracts(Exchange ex) {
        Map<String, Contract> out = new LinkedHashMap<>();
        if (ex == Exchange.BINANCE) {
            TierTables.bundled().bySymbol().forEach((k, v) -> out.put(k, v.contract()));
            return out;
        }
        String key = ex == Exchange.BYBIT_UTA ? Exchange.BYBIT.id() : ex.id();
        JsonNode arr = bundledVenues().path("venues").path(key).path("contracts");
        for (int i = 0; i < arr.size(); i++) {
            Contract c = contract(arr.get(i), ex, "venues." + key + ".contracts[" + i + "]");
            out.put(c.symbol(), c);
        }
        return out;
    }

    /** Contract size of a bundled symbol (0 when the venue counts in base units or the symbol is unknown). */
    /** The bundled contract rules of {@code symbol} on {@code ex} (any spelling), or null. */
    public static Contract contract(Exchange ex, String symbol) {
        return contracts(ex).get(VenueTierFormats.norm(symbol));
    }

    public static double contractSize(Exchange ex, String symbol) {
        Contract c = contracts(ex).get(VenueTierFormats.norm(symbol));
        return c == null ? 0 : c.contractSize();
    }

    /** The bundled Binance COIN-M tiers (BTCUSD_PERP), read once. */
    public static Map<String, RiskTiers> bundledCoinm() {
        Map<String, RiskTiers> t = coinm;
        if (t == null) {
            t = java.util.Collections.unmodifiableMap(VenueTierFormats.read(resource(BUNDLED_COINM, "tiers"), Exchange.BINANCE_COINM,
                    "bundled tiers (" + BUNDLED_COINM + ")"));
            coinm = t;
        }
        return t;
    }

    private static JsonNode resource(String name, String field) {
        try (InputStream in = VenueInstruments.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the build");
            }
            return JsonInput.parse(field, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    private static JsonNode bundledVenues() {
        JsonNode v = venues;
        if (v == null) {
            try (InputStream in = VenueInstruments.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + BUNDLED + " missing from the build");
                }
                v = JsonInput.parse("venues", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                venues = v;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + BUNDLED, e);
            }
        }
        return v;
    }

    /** One contract object of venues.json or an instruments file; its type comes from the venue's spelling. */
    static Contract contract(JsonNode c, Exchange ex, String path) {
        JsonInput.onlyKnown(c, path + ".", TierTables.CONTRACT);
        String symbol = VenueTierFormats.norm(JsonInput.text(c, "symbol", path + ".symbol"));
        ContractType type = c.has("type") ? ContractType.parse(path + ".type", c.get("type").asText()) : ex.typeOf(symbol);
        double size = JsonInput.number(c, "contractSize", path + ".contractSize", 0);
        double tick = JsonInput.number(c, "tickSize", path + ".tickSize");
        double step = JsonInput.number(c, "stepSize", path + ".stepSize", size > 0 ? size : 0.001);
        double minQty = JsonInput.number(c, "minQty", path + ".minQty", size > 0 ? size : 0);
        String currency = JsonInput.text(c, "settlementCurrency", path + ".settlementCurrency", type == ContractType.LINEAR ? "USDT" : "BTC");
        return new Contract(symbol, tick, step, minQty, JsonInput.number(c, "minNotional", path + ".minNotional", 0),
                JsonInput.number(c, "takerFee", path + ".takerFee"), JsonInput.number(c, "makerFee", path + ".makerFee"),
                (int) JsonInput.number(c, "fundingIntervalHours", path + ".fundingIntervalHours", 8),
                JsonInput.number(c, "liquidationFeeRate", path + ".liquidationFeeRate", 0), ex, type, size, currency);
    }

    /**
     * Rules for a symbol known only from a tier table: Binance USDⓈ-M and Bybit linear count in base units and get
     * {@link TierTables#defaultContract}'s fine increments; where the contract size is needed and unknown, null.
     */
    static Contract defaultContract(Exchange ex, String symbol) {
        ContractType type = ex.typeOf(symbol);
        boolean baseUnits = ex == Exchange.BINANCE || (ex == Exchange.BYBIT || ex == Exchange.BYBIT_UTA) && type == ContractType.LINEAR;
        if (!baseUnits) {
            return null;
        }
        Contract d = TierTables.defaultContract(symbol);
        return ex == Exchange.BINANCE ? d : d.on(ex, type, 0, "USDT").withFees(0.00055, 0.0002, 0);
    }
}
