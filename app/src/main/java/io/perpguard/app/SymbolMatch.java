package io.perpguard.app;

import io.perpguard.InvalidInputException;

import java.util.Locale;

/** A data file named for one symbol given for a plan on another: refused, not silently priced with the wrong market. */
public final class SymbolMatch {
    private SymbolMatch() {
    }

    /**
     * Refuses {@code fileSymbol} (the symbol a file's name starts with, empty when it names none) for a plan on
     * {@code symbol}; spellings of one contract match (BTCUSDT, BTC-USDT-SWAP, btc_usdt, BTCUSD_PERP for BTCUSD).
     */
    public static void require(String field, String fileName, String fileSymbol, String symbol) {
        require(field, fileName, fileSymbol, symbol, "candles");
    }

    /**
     * Funding rates: another contract of the same asset is accepted (a linear BTCUSDT history stands in for BTCUSD_PERP's,
     * docs/sim.md), another asset is refused.
     */
    public static void requireFunding(String field, String fileName, String fileSymbol, String symbol) {
        if (fileSymbol == null || fileSymbol.isBlank() || symbol == null || asset(fileSymbol).equals(asset(symbol))) {
            return;
        }
        require(field, fileName, fileSymbol, symbol, "funding rates");
    }

    /**
     * Candles for a coin-margined contract: its own, or another contract of the same asset standing in (BTCUSDT's for
     * BTCUSD_PERP: few inverse histories are published), another asset refused.
     *
     * @return the warning to show when another contract stands in (the basis between the two is not modelled), else null
     */
    public static String requireCandlesStandIn(String field, String fileName, String fileSymbol, String symbol) {
        if (fileSymbol == null || fileSymbol.isBlank() || symbol == null) {
            return null;
        }
        if (sameContract(fileSymbol, symbol)) {
            return null;
        }
        if (!asset(fileSymbol).equals(asset(symbol))) {
            require(field, fileName, fileSymbol, symbol, "candles");
        }
        return fileSymbol + " candles stand in for " + symbol + "'s (same asset, another contract): the basis between them is not modelled";
    }

    /** Two spellings of one contract, or a file's name that starts with one (BTCUSDT, btc_usdt, BTC-USDT-SWAP, BTCUSD_PERP for BTCUSD). */
    public static boolean sameContract(String a, String b) {
        String x = compact(a), y = compact(b);
        return x.startsWith(y) || y.startsWith(x);
    }

    /** The asset a contract's symbol trades: BTCUSDT, BTC-USDT-SWAP, btc_usdt, BTCUSD_PERP and XBTUSD are BTC. */
    public static String asset(String symbol) {
        String s = compact(symbol).replaceFirst("(PERP|SWAP)$", "").replaceFirst("(USDT|USDC|BUSD|USD)$", "");
        return s.equals("XBT") ? "BTC" : s;
    }

    /** The same for any data a file holds ({@code what}: "candles", "funding rates"). */
    public static void require(String field, String fileName, String fileSymbol, String symbol, String what) {
        if (fileSymbol == null || fileSymbol.isBlank() || symbol == null) {
            return;
        }
        if (!sameContract(fileSymbol, symbol)) {
            throw new InvalidInputException(field, fileName + " holds " + fileSymbol + " " + what + " (by its name), the plan trades "
                    + symbol + ": give that symbol's " + what + " (a file whose name names no symbol is taken as the plan's)");
        }
    }

    private static String compact(String s) {
        return s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }
}
