package io.perpguard.instrument;

import io.perpguard.InvalidInputException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The instruments the engine knows, by symbol. Symbols are matched case-insensitively and in the venue's own
 * spelling or a compact one ({@code btc_usdt}, {@code BTC-USDT-SWAP}, {@code BTCUSD_PERP}, {@code btcusdt}).
 * Unknown symbols are refused with the list of known ones and {@code unknownHint} (how to get a table); a symbol
 * whose contract is known but whose tier table is missing is refused with its own line ({@code withoutTables}).
 */
public record Instruments(Map<String, Instrument> bySymbol, String unknownHint, Map<String, String> withoutTables) {
    public Instruments {
        bySymbol = Map.copyOf(bySymbol);
        unknownHint = unknownHint == null ? "" : unknownHint;
        withoutTables = Map.copyOf(withoutTables);
    }

    public Instruments(Map<String, Instrument> bySymbol, String unknownHint) {
        this(bySymbol, unknownHint, Map.of());
    }

    public Instruments(Map<String, Instrument> bySymbol) {
        this(bySymbol, "or pass a Binance leverageBracket file with --tiers");
    }

    public static Instruments of(Instrument... instruments) {
        Map<String, Instrument> m = new LinkedHashMap<>();
        for (Instrument i : instruments) {
            m.put(i.symbol(), i);
        }
        return new Instruments(m);
    }

    /** The instrument for {@code symbol} (case-insensitive, venue or compact spelling). */
    public Instrument get(String symbol) {
        if (symbol == null || symbol.isBlank()) {
            throw new InvalidInputException("symbol", "is missing");
        }
        Instrument i = find(symbol);
        if (i == null) {
            String key = symbol.trim().toUpperCase(Locale.ROOT);
            for (var e : withoutTables.entrySet()) {
                if (e.getKey().equals(key) || compact(e.getKey()).equals(compact(key))) {
                    throw new InvalidInputException("symbol", e.getValue());
                }
            }
            String shown = symbol.length() > 40 ? symbol.substring(0, 40) + "… (" + symbol.length() + " characters)" : symbol;
            throw new InvalidInputException("symbol", "unknown symbol " + shown + "; known: " + String.join(", ", new TreeSet<>(bySymbol.keySet()))
                    + (unknownHint.isEmpty() ? "" : " (" + unknownHint + ")"));
        }
        return i;
    }

    private Instrument find(String symbol) {
        String key = symbol.trim().toUpperCase(Locale.ROOT);
        Instrument i = bySymbol.get(key);
        if (i != null) {
            return i;
        }
        String compact = compact(key);
        Instrument match = null;
        for (var e : bySymbol.entrySet()) {
            if (compact(e.getKey()).equals(compact)) {
                if (match != null) {
                    return null; // ambiguous: ask for the venue's spelling
                }
                match = e.getValue();
            }
        }
        return match;
    }

    /** {@code BTC-USDT-SWAP}, {@code btc_usdt}, {@code BTCUSD_PERP} → {@code BTCUSDT}, {@code BTCUSDT}, {@code BTCUSD}. */
    static String compact(String symbol) {
        return symbol.toUpperCase(Locale.ROOT).replaceAll("[-_](SWAP|PERP)$", "").replaceAll("[^A-Z0-9]", "");
    }

    public boolean contains(String symbol) {
        return symbol != null && !symbol.isBlank() && find(symbol) != null;
    }

    /** A copy in which the tiers of the given symbols are replaced (contract rules kept; new symbols get default rules). */
    public Instruments withTiers(Map<String, RiskTiers> tiers, java.util.function.Function<String, Contract> defaultContract) {
        Map<String, Instrument> m = new LinkedHashMap<>(bySymbol);
        for (var e : tiers.entrySet()) {
            Instrument old = m.get(e.getKey());
            Contract c = old != null ? old.contract() : defaultContract.apply(e.getKey());
            m.put(e.getKey(), new Instrument(c, e.getValue()));
        }
        return new Instruments(m, unknownHint, withoutTables);
    }
}
