package io.perpguard.stream;

import io.perpguard.InvalidInputException;
import io.perpguard.venue.Exchange;

import java.util.regex.Pattern;

/**
 * The one venue the stream prices: Binance USDⓈ-M. Its instruments are the bundled Binance tables with the
 * {@code tiers} topic's Binance leverageBracket entries laid over them, and a symbol that only arrives on that topic
 * gets Binance USDⓈ-M's linear contract. A coin-margined contract or another venue's symbol would thus be priced by
 * the wrong convention (a COIN-M {@code BTCUSD_PERP}'s USD face read as BTC); it is refused instead, on every input
 * topic, naming the venue its spelling reads as.
 */
final class StreamVenue {
    /** The venue every account of the stream is on. */
    static final Exchange EXCHANGE = Exchange.BINANCE;
    /** A Binance USDⓈ-M symbol: base + a USD stablecoin quote, optionally a delivery date ({@code BTCUSDT_250328}). */
    private static final Pattern USDM = Pattern.compile("[A-Z0-9]+(USDT|USDC|FDUSD|BUSD)(_\\d{6})?");

    private StreamVenue() {
    }

    /**
     * Refuses {@code symbol} (upper case) when it is not spelled as a Binance USDⓈ-M contract.
     *
     * @throws InvalidInputException naming {@code field}, the venue the spelling reads as and how to price it
     */
    static String requireListed(String field, String symbol) {
        if (!USDM.matcher(symbol).matches()) {
            throw new InvalidInputException(field, symbol + " is not a Binance USDⓈ-M symbol" + readsAs(symbol)
                    + ": the stream prices Binance USDⓈ-M linear contracts only (BASE + USDT or USDC, e.g. BTCUSDT) and would price it by"
                    + " their convention; price other venues with `perpguard calc --exchange ID --account FILE`");
        }
        return symbol;
    }

    /**
     * Refuses an {@code exchange} other than Binance USDⓈ-M: the stream has no other venue's rules (a Bybit BTCUSDT
     * account would be priced by Binance's tiers and liquidation rule).
     */
    static void requireExchange(String field, String text) {
        Exchange ex = Exchange.parse(field, text);
        if (ex != EXCHANGE) {
            throw new InvalidInputException(field, ex.displayName() + " (" + ex.id() + ") is not priced by the stream: it prices "
                    + EXCHANGE.displayName() + " (" + EXCHANGE.id() + ") only; price " + ex.id() + " accounts with `perpguard calc --exchange "
                    + ex.id() + " --account FILE`");
        }
    }

    /** Which venue's spelling {@code symbol} has, for the message (empty when none is recognised). */
    private static String readsAs(String symbol) {
        if (symbol.endsWith("_PERP") || symbol.matches(".*USD_\\d{6}")) {
            return " (it reads as a Binance COIN-M contract, coin-margined)";
        }
        if (symbol.endsWith("-SWAP")) {
            return symbol.contains("-USD-") ? " (it reads as an OKX inverse swap, coin-margined)" : " (it reads as an OKX swap)";
        }
        if (symbol.contains("_")) {
            return symbol.endsWith("_USD") ? " (it reads as an XT coin-margined contract)" : " (it reads as an XT contract)";
        }
        if (symbol.endsWith("USD") || symbol.matches(".*USD[A-Z]\\d{2}")) {
            return " (it reads as a Bybit inverse contract, coin-margined)";
        }
        return "";
    }
}
