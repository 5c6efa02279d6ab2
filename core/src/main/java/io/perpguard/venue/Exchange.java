package io.perpguard.venue;

import io.perpguard.InvalidInputException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A venue whose margin rules perpguard knows. Each has one {@link MarginConvention} per contract type it lists.
 */
public enum Exchange {
    BINANCE("binance", "Binance USDⓈ-M"),
    BINANCE_COINM("binance-coinm", "Binance COIN-M"),
    BYBIT("bybit", "Bybit"),
    BYBIT_UTA("bybit-uta", "Bybit unified account"),
    OKX("okx", "OKX"),
    XT("xt", "XT.com");

    private final String id;
    private final String displayName;

    Exchange(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** The CLI/JSON spelling, e.g. {@code binance-coinm}. */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /**
     * The contract type a symbol has on this venue, from the venue's own spelling: Binance USDⓈ-M is linear and
     * COIN-M inverse; Bybit {@code BTCUSD} (no stable quote) is inverse; OKX {@code BTC-USD-SWAP} and XT
     * {@code btc_usd} are coin-margined.
     */
    public ContractType typeOf(String symbol) {
        String s = symbol == null ? "" : symbol.trim().toUpperCase(Locale.ROOT);
        return switch (this) {
            case BINANCE -> ContractType.LINEAR;
            case BINANCE_COINM -> ContractType.INVERSE;
            case BYBIT, BYBIT_UTA -> s.endsWith("USD") || s.matches(".*USD[A-Z]\\d{2}$") ? ContractType.INVERSE : ContractType.LINEAR;
            case OKX -> s.contains("-USD-") ? ContractType.INVERSE : ContractType.LINEAR;
            case XT -> s.endsWith("_USD") ? ContractType.INVERSE : ContractType.LINEAR;
        };
    }

    /** Whether this venue lists perpetuals of {@code type} (Binance COIN-M lists no linear ones, USDⓈ-M no inverse ones). */
    public boolean lists(ContractType type) {
        return Conventions.find(this, type) != null;
    }

    /** Allowed spellings, for messages. */
    public static String choices() {
        return Arrays.stream(values()).map(Exchange::id).collect(Collectors.joining(", "));
    }

    /** Parses an exchange id (case-insensitive; {@code binance-usdm}, {@code coinm}, {@code xt.com} accepted too). */
    public static Exchange parse(String field, String text) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            switch (t) {
                case "binance", "binance-usdm", "binance-um", "binance-futures" -> { return BINANCE; }
                case "binance-coinm", "binance-cm", "coinm", "binance-coin-m" -> { return BINANCE_COINM; }
                case "bybit", "bybit-classic" -> { return BYBIT; }
                case "bybit-uta", "bybit-unified" -> { return BYBIT_UTA; }
                case "okx" -> { return OKX; }
                case "xt", "xt.com", "xtcom" -> { return XT; }
                default -> { }
            }
        }
        throw new InvalidInputException(field, "'" + text + "' is not a known exchange; use " + choices());
    }
}
