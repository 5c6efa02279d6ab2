package io.perpguard.instrument;

import io.perpguard.InvalidInputException;

import java.util.LinkedHashMap;
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

    /**
     * The same instruments with every contract's taker fee set to {@code takerFee} (a fraction: the trader's own fee tier,
     * or a venue's published example); maker and liquidation fee rates unchanged.
     */
    public Instruments withTakerFee(double takerFee) {
        Map<String, Instrument> m = new LinkedHashMap<>();
        for (var e : bySymbol.entrySet()) {
            Contract c = e.getValue().contract();
            m.put(e.getKey(), new Instrument(c.withFees(takerFee, c.makerFee(), c.liquidationFeeRate()), e.getValue().tiers()));
        }
        return new Instruments(m, unknownHint, withoutTables);
    }

    /** The instrument for {@code symbol} (case-insensitive, venue or compact spelling). */
    public Instrument get(String symbol) {
        if (symbol == null || symbol.isBlank()) {
            throw new InvalidInputException("symbol", "is missing");
        }
        Instrument i = find(symbol);
        if (i == null) {
            String key = upper(symbol.trim());
            for (var e : withoutTables.entrySet()) {
                if (e.getKey().equals(key) || java.util.Objects.equals(compact(e.getKey()), compact(key)) && compact(key) != null) {
                    throw new InvalidInputException("symbol", e.getValue());
                }
            }
            String shown = symbol.length() > 40 ? symbol.substring(0, 40) + "… (" + symbol.length() + " characters)" : symbol;
            // none priced yet (a venue without tables and no --mmr): no empty "known: " before the hint
            throw new InvalidInputException("symbol", "unknown symbol " + shown
                    + (bySymbol.isEmpty() ? "" : "; known: " + String.join(", ", new TreeSet<>(bySymbol.keySet())))
                    + (unknownHint.isEmpty() ? "" : bySymbol.isEmpty() ? "; " + unknownHint : " (" + unknownHint + ")"));
        }
        return i;
    }

    private Instrument find(String symbol) {
        String key = upper(symbol.trim());
        Instrument i = bySymbol.get(key);
        if (i != null) {
            return i;
        }
        String compact = compact(key);
        if (compact == null) {
            return null;
        }
        Instrument match = null;
        for (var e : bySymbol.entrySet()) {
            if (compact.equals(compact(e.getKey()))) {
                if (match != null) {
                    return null; // ambiguous: ask for the venue's spelling
                }
                match = e.getValue();
            }
        }
        return match;
    }

    /**
     * {@code symbol} with its ASCII letters upper-cased and nothing else changed: {@code toUpperCase} also maps letters of
     * other scripts onto ASCII ({@code btcuſdt} became BTCUSDT), while a venue's own non-ASCII symbol keeps its spelling.
     */
    static String upper(String symbol) {
        int at = 0;
        while (at < symbol.length() && !(symbol.charAt(at) >= 'a' && symbol.charAt(at) <= 'z')) {
            at++;
        }
        if (at == symbol.length()) {
            return symbol;   // already upper case: every lookup by the venue's own spelling, no copy
        }
        char[] c = symbol.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= 'a' && c[i] <= 'z') {
                c[i] = (char) (c[i] - 'a' + 'A');
            }
        }
        return new String(c);
    }

    /**
     * {@code BTC-USDT-SWAP}, {@code btc_usdt}, {@code BTCUSD_PERP}, {@code eth/usdt} → {@code BTCUSDT}, {@code BTCUSDT},
     * {@code BTCUSD}, {@code ETHUSDT}: the venues' separators ({@code -}, {@code _}, {@code /}) dropped, nothing else.
     * Every other character used to be dropped too, so {@code BTCUSDT€}, {@code BTC USDT} and {@code BTC;USDT} priced
     * BTCUSDT; a symbol with a character no venue writes is no symbol (and {@code toUpperCase} reads {@code ſ} as S): null.
     */
    static String compact(String symbol) {
        for (int i = 0; i < symbol.length(); i++) {
            char c = symbol.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '/')) {
                return null;   // matches no listed symbol
            }
        }
        return upper(symbol).replaceAll("[-_](SWAP|PERP)$", "").replaceAll("[-_/]", "");
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
        String key = upper(symbol.trim());
        if (withoutTables.containsKey(key)) {
            return key;
        }
        String compact = compact(key);
        if (compact == null) {
            return null;
        }
        TreeSet<String> matches = new TreeSet<>();
        for (String k : bySymbol.keySet()) {
            if (compact.equals(compact(k))) {
                matches.add(k);
            }
        }
        for (String k : withoutTables.keySet()) {
            if (compact.equals(compact(k))) {
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
