package io.perpguard.live.venue;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.market.CandleSeries;

import java.util.Map;
import java.util.Set;

/**
 * A read-only live connection to one account on one venue: a signed REST snapshot, the account stream and the
 * public mark feed, with the venue's signing, ping, subscribe, keepalive and reconnect rules kept inside.
 * Everything venue-specific lives behind this interface; the watcher and the alert path never ask which venue.
 */
public interface ExchangeConnector extends AutoCloseable {
    /** Venue id as used on the command line ({@code binance}). */
    String venue();

    /**
     * Checks the key: fails with {@link io.perpguard.live.keys.KeyException} when the venue reports that it can
     * trade or withdraw (unless {@code allowTrading}). Venues that do not report permissions pass.
     *
     * @return a one-line description of the key's permissions, or "not reported"
     */
    String checkPermissions(boolean allowTrading);

    /** Reads the account over REST. */
    AccountSnapshot snapshot();

    /** Starts the streams; the first callback is a snapshot. Returns at once. */
    void start(ConnectorListener listener);

    /** Makes sure the mark feed covers these symbols (new positions). */
    void watchSymbols(Set<String> symbols);

    /** The maintenance-margin tiers the venue applies to this account, by symbol; empty when it does not say. */
    default Map<String, RiskTiers> tiers() {
        return Map.of();
    }

    /**
     * Contract rules the venue reports (OKX: contract value, tick and lot per swap), by symbol; they take precedence
     * over the bundled ones. Empty when the venue's bundled contracts are used as they are.
     */
    default Map<String, Contract> contracts() {
        return Map.of();
    }

    /**
     * The tiers of just these symbols (positions opened after start), read by the same calls as {@link #tiers()};
     * a symbol that cannot be read is missing from the answer. Empty where the venue's tiers are all read at start.
     */
    default Map<String, RiskTiers> tiersOf(Set<String> symbols) {
        return Map.of();
    }

    /** The contract rules of just these symbols, read like {@link #contracts()}; unreadable ones are missing. */
    default Map<String, Contract> contractsOf(Set<String> symbols) {
        return Map.of();
    }

    /** The last {@code count} hourly candles of {@code symbol} (for the ATR distance), or null when unavailable. */
    default CandleSeries hourlyCandles(String symbol, int count) {
        return null;
    }

    /**
     * Whether the position under {@code earlier}'s key went through 0 — closed, then opened again — after {@code sinceMs}
     * (local clock), when it was last known as {@code earlier}, by the venue's own records of the account (Binance: its
     * fills); null where the venue keeps none to tell (the default) or they cannot be read now. Asked, off the mark path,
     * only where {@code now} is larger on the same side and neither carries an opening mark ({@link LivePosition#grewFrom}):
     * an add and a larger holding opened after a close look alike there.
     */
    default Boolean reopenedSince(LivePosition earlier, LivePosition now, long sinceMs) {
        return null;
    }

    /**
     * The lowest and highest price {@code symbol} traded at since {@code sinceMs} (local clock), {@code {low, high}}: by
     * default the high and low of the hourly candles ({@link #hourlyCandles}) covering it, 1,000 hours at most; null when
     * they cannot be read. Where {@link #reopenedSince} cannot tell, a larger holding whose entry no add inside it explains
     * was opened again ({@link LivePosition#addedWithin}).
     */
    default double[] tradedRangeSince(String symbol, long sinceMs) {
        long hours = (System.currentTimeMillis() - sinceMs) / 3_600_000L + 2;
        if (hours > 1_000) {
            return null;
        }
        CandleSeries c = hourlyCandles(symbol, (int) Math.max(2, hours));
        if (c == null || c.size() == 0) {
            return null;
        }
        double low = Double.POSITIVE_INFINITY, high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < c.size(); i++) {
            if (c.openTimeMs()[i] + 3_600_000L > sinceMs) {
                low = Math.min(low, c.low()[i]);
                high = Math.max(high, c.high()[i]);
            }
        }
        return low <= high ? new double[]{low, high} : null;
    }

    /**
     * One line when the margin figures for this venue are estimates (its own rules are not in the engine yet),
     * shown at start; null when the engine applies the venue's own rules.
     */
    default String pricingNote() {
        return null;
    }

    /**
     * Whether the venue has an account-wide asset mode the view names (Binance USDⓈ-M: single-asset or Multi-Assets, read
     * from the account at each snapshot); false where the venue has none to tell.
     */
    default boolean hasAssetMode() {
        return false;
    }

    /**
     * The view's name for an account whose cross margin is a pool of several assets (its snapshot's {@code collateral}):
     * Binance's {@code multi-assets}, Bybit's {@code unified-cross}.
     */
    default String poolMode() {
        return "multi-assets";
    }

    /**
     * Symbols whose margin asset is not the one their instruments settle in, by symbol (Binance USDⓈ-M's USDC-margined
     * contracts, {@code BTCUSDC}: {@code marginAsset} USDC): in a pool their PnL and maintenance margin count at that
     * asset's index and rule. Empty where the instruments already say it.
     */
    default Map<String, String> marginAssets() {
        return Map.of();
    }

    /**
     * The account's own fees on {@code symbol}, read from the venue's fee endpoint with the read-only key; null where the
     * venue documents none. Fails with {@link VenueException} (or a parse error) when the read fails.
     */
    default FeeRates accountFees(String symbol) {
        return null;
    }

    /**
     * What the venue's fee endpoint answers for: symbols of one scope share one read ({@link #scopeFees} of any of them). By
     * default the symbol itself (Binance's {@code commissionRate?symbol=}, OKX's {@code trade-fee} per instrument family, one
     * swap each); Bybit's category (one {@code fee-rate?category=} lists every symbol of it); "" where one pair covers the
     * whole account (XT's step-rate).
     */
    default String feeScope(String symbol) {
        return symbol;
    }

    /**
     * One read of the fee endpoint for {@code symbol}'s {@link #feeScope scope}: the account's fees of every symbol it answers
     * for, by symbol, or under {@code "*"} one pair for every symbol of the scope; null where the venue documents none. By
     * default {@link #accountFees} of {@code symbol} as that one pair. Fails as {@link #accountFees} does.
     */
    default Map<String, FeeRates> scopeFees(String symbol) {
        FeeRates f = accountFees(symbol);
        return f == null ? null : Map.of("*", f);
    }

    @Override
    void close();
}
