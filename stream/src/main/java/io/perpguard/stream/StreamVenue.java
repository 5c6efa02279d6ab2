package io.perpguard.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;
import io.perpguard.venue.Exchange;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The venues the stream prices — every venue core prices ({@link Exchange}: Binance USDⓈ-M and COIN-M, Bybit linear
 * and inverse, Bybit unified, OKX, XT), each by its own convention — and how a record names its venue.
 * <p>A record names its venue with an {@code exchange} field (the ids of {@code calc --exchange}) or, on the
 * symbol-keyed topics, a key {@code exchange:SYMBOL}; both given must agree; neither means Binance USDⓈ-M, as before.
 * <p>Inside the stream an instrument is known by its <b>key</b>: the venue's symbol for Binance USDⓈ-M (so state
 * written before other venues were priced reads unchanged) and {@code EXCHANGE-ID:SYMBOL} (upper case) for the
 * others — {@code BYBIT:BTCUSDT} is not Binance's {@code BTCUSDT}: its own tiers, rules and marks. The key is the
 * symbol of the stream's instruments, stores, holders and tick indexes; what leaves the stream shows the venue's
 * symbol and the account's {@code exchange}. Symbols are taken under their exact venue spelling only (core's lookup
 * also reads {@code BTC-USDT-SWAP} or {@code BTC_USDT} as BTCUSDT, which made an OKX or XT position a Binance one).
 */
final class StreamVenue {
    /** The venue of a record that names none. */
    static final Exchange DEFAULT = Exchange.BINANCE;
    /** Separates the venue from the symbol in a key ({@code OKX:BTC-USDT-SWAP}); no venue writes it in a symbol. */
    static final char SEP = ':';
    private static final Exchange[] ALL = Exchange.values();
    private static final String[] PREFIX = new String[ALL.length];

    static {
        for (Exchange e : ALL) {
            PREFIX[e.ordinal()] = e.id().toUpperCase(Locale.ROOT) + SEP;
        }
    }

    private StreamVenue() {
    }

    /** The stream's key of {@code symbol} (upper case, venue spelling) on {@code ex}. */
    static String key(Exchange ex, String symbol) {
        return ex == DEFAULT ? symbol : PREFIX[ex.ordinal()] + symbol;
    }

    /** The venue's own symbol of a key ({@code OKX:BTC-USDT-SWAP} → {@code BTC-USDT-SWAP}). */
    static String symbolOf(String key) {
        if (key == null) {
            return null;
        }
        int i = key.indexOf(SEP);
        return i < 0 ? key : key.substring(i + 1);
    }

    /** A stream key's venue prefix inside a sentence (core's refusals name the instrument by its key). */
    private static final Pattern KEY_IN_TEXT = Pattern.compile("\\b(?:BINANCE-COINM|BYBIT-UTA|BINANCE|BYBIT|OKX|XT):(?=[A-Z0-9])");

    /**
     * {@code reason} with every stream key shown as the venue's symbol ({@code OKX:BTC-USDT-SWAP is …} →
     * {@code BTC-USDT-SWAP is …}): the record it refuses names its venue; the key is the stream's own.
     */
    static String shown(String reason) {
        return reason == null || reason.indexOf(SEP) < 0 ? reason : KEY_IN_TEXT.matcher(reason).replaceAll("");
    }

    /** The venue of a key. */
    static Exchange exchangeOf(String key) {
        int i = key.indexOf(SEP);
        return i < 0 ? DEFAULT : Exchange.parse("symbol", key.substring(0, i));
    }

    /**
     * The key of a record keyed by symbol ({@code marks}, {@code tiers}): its key, upper case, either {@code SYMBOL} or
     * {@code exchange:SYMBOL}, and its value's {@code exchange} field (null value: none).
     *
     * @throws InvalidInputException when the two name different venues, or the key's venue is not one
     */
    static String recordKey(String key, JsonNode value) {
        String k = key.trim().toUpperCase(Locale.ROOT);
        Exchange fromKey = null;
        int i = k.indexOf(SEP);
        if (i >= 0) {
            fromKey = Exchange.parse("key", k.substring(0, i));
            k = k.substring(i + 1).trim();
        }
        Exchange fromValue = value != null && value.isObject() && value.has("exchange")
                ? Exchange.parse("exchange", JsonInput.text(value, "exchange", "exchange")) : null;
        if (fromKey != null && fromValue != null && fromKey != fromValue) {
            throw new InvalidInputException("exchange", fromValue.id() + " does not match the record key's venue " + fromKey.id());
        }
        Exchange ex = fromKey != null ? fromKey : fromValue != null ? fromValue : DEFAULT;
        return key(ex, k);
    }

    /** The venue a record's {@code exchange} field names ({@link #DEFAULT} when absent). */
    static Exchange exchange(JsonNode value) {
        return value.has("exchange") ? Exchange.parse("exchange", JsonInput.text(value, "exchange", "exchange")) : DEFAULT;
    }

    //-------------------------------------------------------------------------
    /** Each venue's spelling of a perpetual or delivery contract (upper case). */
    private static Pattern spelling(Exchange ex) {
        return switch (ex) {
            // base + a USD stablecoin quote, optionally a delivery date (BTCUSDT_250328)
            case BINANCE -> Pattern.compile("[A-Z0-9]+(USDT|USDC|FDUSD|BUSD)(_\\d{6})?");
            case BINANCE_COINM -> Pattern.compile("[A-Z0-9]+USD_(PERP|\\d{6})");
            // linear BTCUSDT / BTCPERP, inverse BTCUSD, inverse futures BTCUSDH25
            case BYBIT, BYBIT_UTA -> Pattern.compile("[A-Z0-9]+(USDT|USDC|PERP|USD|USD[A-Z]\\d{2})");
            case OKX -> Pattern.compile("[A-Z0-9]+-(USDT|USDC|USD)-SWAP");
            case XT -> Pattern.compile("[A-Z0-9]+_(USDT|USD)");
        };
    }

    private static final Pattern[] SPELLING = new Pattern[ALL.length];

    static {
        for (Exchange e : ALL) {
            SPELLING[e.ordinal()] = spelling(e);
        }
    }

    /** Whether {@code symbol} is spelled as {@code ex} spells its contracts. */
    static boolean spelledAs(Exchange ex, String symbol) {
        return SPELLING[ex.ordinal()].matcher(symbol).matches();
    }

    /**
     * Refuses a key whose symbol is not spelled as its venue spells its contracts, naming the venue the spelling reads
     * as (a COIN-M {@code BTCUSD_PERP} sent without {@code exchange} would otherwise take Binance USDⓈ-M's linear
     * contract: its USD face read as BTC).
     *
     * @throws InvalidInputException naming {@code field}, the venue the spelling reads as and the {@code exchange} to send
     */
    static String requireListed(String field, String key) {
        Exchange ex = exchangeOf(key);
        String symbol = symbolOf(key);
        if (!spelledAs(ex, symbol)) {
            throw new InvalidInputException(field, symbol + " is not " + article(ex) + ex.displayName() + " symbol" + readsAs(symbol, ex)
                    + ": the stream prices each venue's contracts under the venue's own spelling (" + example(ex) + " on " + ex.id()
                    + "); name the venue with \"exchange\" (" + Exchange.choices() + "), as `perpguard calc --exchange ID` does");
        }
        return key;
    }

    /** "a " or "an " before the venue's name (an OKX, an XT.com). */
    static String article(Exchange ex) {
        return "AEIOX".indexOf(ex.displayName().charAt(0)) >= 0 ? "an " : "a ";
    }

    /** An example of the venue's spelling, for messages. */
    static String example(Exchange ex) {
        return switch (ex) {
            case BINANCE -> "BTCUSDT";
            case BINANCE_COINM -> "BTCUSD_PERP";
            case BYBIT, BYBIT_UTA -> "BTCUSDT, BTCUSD";
            case OKX -> "BTC-USDT-SWAP, BTC-USD-SWAP";
            case XT -> "BTC_USDT, BTC_USD";
        };
    }

    /**
     * The venue's perpetual of {@code coin}, as the load generator opens it: its USDT-margined swap, or on a venue that
     * lists only coin-margined contracts (Binance COIN-M) its USD perpetual.
     */
    static String perpetualOf(Exchange ex, String coin) {
        return switch (ex) {
            case BINANCE, BYBIT, BYBIT_UTA -> coin + "USDT";
            case BINANCE_COINM -> coin + "USD_PERP";
            case OKX -> coin + "-USDT-SWAP";
            case XT -> coin + "_USDT";
        };
    }

    /**
     * The one place that says which tick prices a collateral coin: the stream key of the contract whose tick's
     * {@code indexPrice} is the index of {@code asset} held as collateral on {@code ex}, or null when no tick does (a
     * venue that shares no collateral; a dollar stablecoin, whose stated index holds). Binance Multi-Assets, Bybit's
     * unified account and OKX's multi-currency margin value a coin at its index; the stream reads it from the coin's
     * USDT-margined perpetual on the account's own venue ({@link #perpetualOf}: {@code BTCUSDT}, {@code bybit-uta:BTCUSDT},
     * {@code okx:BTC-USDT-SWAP}), whose index is the coin's USDT spot index — USDT counted as a dollar, as the wallet is.
     */
    static String collateralIndexKey(Exchange ex, String asset) {
        if (!io.perpguard.app.PooledAccount.sharesCollateral(ex) || io.perpguard.margin.CollateralAsset.DOLLARS.contains(asset)) {
            return null;
        }
        return key(ex, perpetualOf(ex, asset));
    }

    /** The collateral coin whose index a tick of {@code key} carries ({@link #collateralIndexKey}'s inverse), or null. */
    static String indexedAsset(String key) {
        String coin = io.perpguard.app.SymbolMatch.asset(symbolOf(key));
        return key.equals(collateralIndexKey(exchangeOf(key), coin)) ? coin : null;
    }

    /** Which other venue's spelling {@code symbol} has, for the message (empty when none is recognised). */
    private static String readsAs(String symbol, Exchange not) {
        if (symbol.endsWith("_PERP") || symbol.matches(".*USD_\\d{6}")) {
            return " (it reads as a Binance COIN-M contract, coin-margined: \"exchange\": \"binance-coinm\")";
        }
        if (symbol.endsWith("-SWAP")) {
            return (symbol.contains("-USD-") ? " (it reads as an OKX inverse swap, coin-margined" : " (it reads as an OKX swap")
                    + ": \"exchange\": \"okx\")";
        }
        if (symbol.contains("_")) {
            return (symbol.endsWith("_USD") ? " (it reads as an XT coin-margined contract" : " (it reads as an XT contract")
                    + ": \"exchange\": \"xt\")";
        }
        if (symbol.endsWith("USD") || symbol.matches(".*USD[A-Z]\\d{2}")) {
            return " (it reads as a Bybit inverse contract, coin-margined: \"exchange\": \"bybit\")";
        }
        if (not != Exchange.BINANCE && spelledAs(Exchange.BINANCE, symbol)) {
            return " (it reads as a Binance USDⓈ-M or Bybit linear contract: \"exchange\": \"binance\" or \"bybit\")";
        }
        return "";
    }
}
