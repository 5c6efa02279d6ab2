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
        this(bySymbol, "");
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

    /** Whether {@link #get} prices {@code symbol}: one contract with its tier table. */
    public boolean contains(String symbol) {
        return symbol != null && !symbol.isBlank() && find(symbol) != null;
    }

    /**
     * The market {@code symbol} names, in venue spelling, when any venue lists it, also when it is listed on several
     * venues or has no tier table yet (a market to measure against, not a contract to price); null when none does.
     * Spellings shared by several keys ({@code BTCUSDT}, {@code BTC-USDT-SWAP}) give the compact one.
     */
    public String market(String symbol) {
        if (symbol == null || symbol.isBlank()) {
            return null;
        }
        Instrument i = find(symbol);
        if (i != null) {
            return i.symbol();
        }
        String key = symbol.trim().toUpperCase(Locale.ROOT);
        if (withoutTables.containsKey(key)) {
            return key;
        }
        String compact = compact(key);
        TreeSet<String> matches = new TreeSet<>();
        for (String k : bySymbol.keySet()) {
            if (compact(k).equals(compact)) {
                matches.add(k);
            }
        }
        for (String k : withoutTables.keySet()) {
            if (compact(k).equals(compact)) {
                matches.add(k);
            }
        }
        return matches.isEmpty() ? null : matches.size() == 1 ? matches.first() : compact;
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
