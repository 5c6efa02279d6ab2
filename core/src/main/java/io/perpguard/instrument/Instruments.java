package io.perpguard.instrument;

import io.perpguard.InvalidInputException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The instruments the engine knows, by symbol. Unknown symbols are refused with the list of known ones.
 */
public record Instruments(Map<String, Instrument> bySymbol) {
    public Instruments {
        bySymbol = Map.copyOf(bySymbol);
    }

    public static Instruments of(Instrument... instruments) {
        Map<String, Instrument> m = new LinkedHashMap<>();
        for (Instrument i : instruments) {
            m.put(i.symbol(), i);
        }
        return new Instruments(m);
    }

    /** The instrument for {@code symbol} (case-insensitive). */
    public Instrument get(String symbol) {
        if (symbol == null || symbol.isBlank()) {
            throw new InvalidInputException("symbol", "is missing");
        }
        Instrument i = bySymbol.get(symbol.trim().toUpperCase(java.util.Locale.ROOT));
        if (i == null) {
            String shown = symbol.length() > 40 ? symbol.substring(0, 40) + "… (" + symbol.length() + " characters)" : symbol;
            throw new InvalidInputException("symbol", "unknown symbol " + shown + "; known: " + String.join(", ", new TreeSet<>(bySymbol.keySet()))
                    + " (or pass a Binance leverageBracket file with --tiers)");
        }
        return i;
    }

    public boolean contains(String symbol) {
        return symbol != null && bySymbol.containsKey(symbol.trim().toUpperCase(java.util.Locale.ROOT));
    }

    /** A copy in which the tiers of the given symbols are replaced (contract rules kept; new symbols get default rules). */
    public Instruments withTiers(Map<String, RiskTiers> tiers, java.util.function.Function<String, Contract> defaultContract) {
        Map<String, Instrument> m = new LinkedHashMap<>(bySymbol);
        for (var e : tiers.entrySet()) {
            Instrument old = m.get(e.getKey());
            Contract c = old != null ? old.contract() : defaultContract.apply(e.getKey());
            m.put(e.getKey(), new Instrument(c, e.getValue()));
        }
        return new Instruments(m);
    }
}
