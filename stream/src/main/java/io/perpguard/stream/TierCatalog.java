package io.perpguard.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.perpguard.InvalidInputException;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.data.instrument.VenueTierFormats;
import io.perpguard.data.json.JsonInput;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.venue.Exchange;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The instruments a processor prices with: every venue's instruments as {@code calc --exchange X} loads them (bundled
 * contract rules and tier tables: Binance USDⓈ-M's, Binance COIN-M's BTCUSD_PERP; Bybit, OKX and XT bundle contract
 * rules but no tier table) with the tiers of the global {@code tiers} store laid over them as a {@code --tiers FILE}
 * would be, each under its stream key ({@link StreamVenue#key}). One per processor instance (not shared between
 * threads); {@link #refresh} re-reads the store and rebuilds the snapshot only when some record's text changed.
 */
public final class TierCatalog {
    private static volatile Instruments bundled;
    private final Instruments base;
    private Map<String, String> seen = Map.of();
    private Instruments snapshot;

    public TierCatalog(Instruments base) {
        this.base = base;
        this.snapshot = base;
    }

    /** Every venue's bundled instruments ({@link #venues}). */
    public static TierCatalog bundled() {
        return new TierCatalog(bundledInstruments());
    }

    /** Every venue's bundled instruments under the stream's keys (built once). */
    static Instruments bundledInstruments() {
        Instruments b = bundled;
        if (b == null) {
            b = venues(Map.of());
            bundled = b;
        }
        return b;
    }

    /** The current instruments. */
    public Instruments instruments() {
        return snapshot;
    }

    /** Re-reads {@code store} (key → validated tier record JSON); cheap when nothing changed. */
    public void refresh(ReadOnlyKeyValueStore<String, String> store) {
        Map<String, String> now = new HashMap<>();
        try (KeyValueIterator<String, String> it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                if (kv.value != null) {
                    now.put(kv.key, kv.value);
                }
            }
        }
        if (now.equals(seen)) {
            return;
        }
        Map<Exchange, Map<String, RiskTiers>> tiers = new EnumMap<>(Exchange.class);
        for (var e : now.entrySet()) {
            Exchange ex = StreamVenue.exchangeOf(e.getKey());
            tiers.computeIfAbsent(ex, k -> new LinkedHashMap<>()).putAll(parse(ex, e.getValue()));
        }
        snapshot = tiers.isEmpty() ? base : venues(tiers);
        seen = now;
    }

    /**
     * The instruments of every venue under the stream's keys: {@code VenueInstruments.load} of each (what
     * {@code calc --exchange X} prices with, without a data directory) with {@code overlay}'s tiers of that venue laid
     * over its bundled ones, as a {@code --tiers FILE} is.
     */
    public static Instruments venues(Map<Exchange, Map<String, RiskTiers>> overlay) {
        Map<String, Instrument> m = new LinkedHashMap<>();
        Map<String, String> noTable = new LinkedHashMap<>();
        for (Exchange ex : Exchange.values()) {
            Instruments one = VenueInstruments.load(new VenueInstruments.Source(ex, null, null, null, null),
                    overlay.getOrDefault(ex, Map.of()));
            for (var e : one.bySymbol().entrySet()) {
                String key = StreamVenue.key(ex, e.getKey());
                m.put(key, keyed(e.getValue(), key));
            }
            for (String sym : one.withoutTables().keySet()) {
                noTable.put(StreamVenue.key(ex, sym), "no " + ex.displayName() + " tier table for " + sym + " yet: send the venue's tier "
                        + "response for it (" + VENUE_RESPONSE.get(ex) + ") on the tiers topic keyed " + ex.id() + ":" + sym
                        + " (perpguard bundles " + ex.displayName() + "'s contract rules, not its tiers)");
            }
        }
        return new Instruments(m, "the tiers topic adds a symbol's tiers", noTable);
    }

    private static final Map<Exchange, String> VENUE_RESPONSE = Map.of(
            Exchange.BINANCE, "Binance fapi leverageBracket",
            Exchange.BINANCE_COINM, "Binance dapi leverageBracket",
            Exchange.BYBIT, "Bybit /v5/market/risk-limit",
            Exchange.BYBIT_UTA, "Bybit /v5/market/risk-limit",
            Exchange.OKX, "OKX /api/v5/public/position-tiers",
            Exchange.XT, "XT leverage/bracket");

    /** The last {@link #plain} built: the instruments it was built from and each venue's. */
    private static volatile Object[] plainCache = {null, new EnumMap<Exchange, Instruments>(Exchange.class)};

    /**
     * {@code ex}'s instruments of {@code keyed} (the stream's, every venue under its keys) under the venue's own symbols,
     * as {@code calc --exchange ex} holds them: what core's collateral pool reads a contract's own coin from (BTC of
     * {@code BTC-USDT-SWAP}). Built once per instruments snapshot and venue.
     */
    @SuppressWarnings("unchecked")
    static Instruments plain(Instruments keyed, Exchange ex) {
        Object[] c = plainCache;
        if (c[0] != keyed) {
            c = new Object[]{keyed, new EnumMap<Exchange, Instruments>(Exchange.class)};
        }
        Map<Exchange, Instruments> byVenue = (Map<Exchange, Instruments>) c[1];
        Instruments out;
        synchronized (byVenue) {
            out = byVenue.get(ex);
            if (out == null) {
                Map<String, Instrument> m = new LinkedHashMap<>();
                for (var e : keyed.bySymbol().entrySet()) {
                    if (StreamVenue.exchangeOf(e.getKey()) == ex) {
                        String symbol = StreamVenue.symbolOf(e.getKey());
                        m.put(symbol, keyed(e.getValue(), symbol));
                    }
                }
                out = new Instruments(m);
                byVenue.put(ex, out);
            }
        }
        plainCache = c;
        return out;
    }

    /** The instrument under the stream's key (core keys its kernels and reports by the contract's symbol). */
    private static Instrument keyed(Instrument i, String key) {
        if (i.symbol().equals(key)) {
            return i;
        }
        Contract c = i.contract();
        Contract k = new Contract(key, c.tickSize(), c.stepSize(), c.minQty(), c.minNotional(), c.takerFee(), c.makerFee(),
                c.fundingIntervalHours(), c.liquidationFeeRate(), c.exchange(), c.type(), c.contractSize(), c.settlementCurrency());
        return new Instrument(k, new RiskTiers(key, i.tiers().brackets()));
    }

    /**
     * Parses one Binance USDⓈ-M {@code tiers} record: Binance's leverageBracket JSON for one symbol
     * ({@code {symbol, brackets:[...]}}) or an array holding it.
     *
     * @throws io.perpguard.InvalidInputException naming what is wrong
     */
    public static Map<String, RiskTiers> parse(String json) {
        return parse(Exchange.BINANCE, json);
    }

    /**
     * Parses one {@code tiers} record of {@code ex}: the venue's own tier response (Binance fapi/dapi leverageBracket —
     * one entry or an array —, Bybit risk-limit, OKX position-tiers, XT leverage/bracket), as {@code --tiers FILE} reads
     * it, with an optional {@code exchange} field beside its own. Symbols in venue spelling.
     */
    public static Map<String, RiskTiers> parse(Exchange ex, String json) {
        JsonNode root = JsonInput.parse("value", json);
        if (root.isObject() && root.has("exchange")) {
            ObjectNode copy = ((ObjectNode) root).deepCopy();
            copy.remove("exchange");
            root = copy;
        }
        if (ex == Exchange.BINANCE) {
            return TierTables.parseLeverageBrackets(root, "value");
        }
        if (root.isObject() && root.has("symbol") && root.path("brackets").isArray()) {
            root = JsonInput.MAPPER.createArrayNode().add(root);   // one leverageBracket entry, as the USDⓈ-M topic takes it
        }
        if (VenueTierFormats.detect(root) == VenueTierFormats.Format.PERPGUARD && root.has("contracts")
                && root.get("contracts").size() > 0) {
            throw new InvalidInputException("value", "the tiers topic takes tiers, not contract rules (the stream prices each venue's bundled "
                    + "contracts); send leverageBrackets without contracts");
        }
        return VenueTierFormats.read(root, ex, "value");
    }
}
