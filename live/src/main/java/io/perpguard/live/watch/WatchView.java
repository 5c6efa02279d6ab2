package io.perpguard.live.watch;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.perpguard.live.venue.VenueFill;

import java.util.List;

/**
 * What the trader sees of one live account at one moment: the terminal table, the {@code --json} update line and
 * the live desk all render this. Figures are NaN where unknown; {@code stale} means they must not be shown as
 * current (greyed out).
 *
 * @param account       account name
 * @param venue         venue id
 * @param timeMs        when the view was taken (local clock)
 * @param stale         some data is not current (disconnected, silent, rate-limited, no mark for a position)
 * @param staleReason   why, one line (null when fresh)
 * @param walletBalance wallet balance of the margin asset (where each asset is its own wallet: the first in
 *                      {@code wallets} that holds a position)
 * @param crossRatio    cross margin ratio (fraction; NaN without cross positions), of that same wallet
 * @param positions     open positions
 * @param closed        positions closed while watching (liquidated or closed), newest last
 * @param wallets       where each margin asset is its own wallet (Binance COIN-M), every asset's wallet and cross
 *                      ratio, by asset; empty on a one-wallet account
 * @param assetMode     Binance USDⓈ-M's asset mode: {@code single-asset} (the USDT wallet alone) or {@code multi-assets}
 *                      (every margin asset backs the cross positions: {@code crossRatio} and their liquidation prices are
 *                      the account's, on the pool); null on other venues
 * @param collateral    in Multi-Assets mode each margin asset of the pool: wallet, USD index and the USD value counted
 *                      (haircut applied); empty otherwise
 * @param balances      every coin balance the venue reports where coins are wallets of their own (Binance COIN-M, Bybit
 *                      and OKX beside their USDT wallet), by coin, those that margin nothing held included; a coin the
 *                      venue no longer lists is empty. Empty on a one-wallet account
 */
public record WatchView(String account, String venue, long timeMs, boolean stale, String staleReason, double walletBalance,
                        double crossRatio, List<Row> positions, List<Closed> closed, List<Wallet> wallets, String assetMode,
                        List<Collateral> collateral, java.util.Map<String, Double> balances) {
    public WatchView {
        positions = List.copyOf(positions);
        closed = List.copyOf(closed);
        wallets = List.copyOf(wallets);
        collateral = List.copyOf(collateral);
        balances = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(balances));
    }

    /** A view without the venue's coin balances beside its wallets. */
    public WatchView(String account, String venue, long timeMs, boolean stale, String staleReason, double walletBalance,
                     double crossRatio, List<Row> positions, List<Closed> closed, List<Wallet> wallets, String assetMode,
                     List<Collateral> collateral) {
        this(account, venue, timeMs, stale, staleReason, walletBalance, crossRatio, positions, closed, wallets, assetMode, collateral,
                java.util.Map.of());
    }

    /** A view without an asset mode (every venue but Binance USDⓈ-M). */
    public WatchView(String account, String venue, long timeMs, boolean stale, String staleReason, double walletBalance,
                     double crossRatio, List<Row> positions, List<Closed> closed, List<Wallet> wallets) {
        this(account, venue, timeMs, stale, staleReason, walletBalance, crossRatio, positions, closed, wallets, null, List.of());
    }

    /**
     * One margin asset of a Multi-Assets pool.
     *
     * @param asset         e.g. {@code BTC}
     * @param walletBalance its wallet, in the asset
     * @param indexPrice    USD per unit (Binance's asset index)
     * @param valueUsd      what its equity counts for in the pool's margin balance (haircut applied; NaN until priced)
     */
    public record Collateral(String asset, double walletBalance, double indexPrice, double valueUsd) {
    }

    /** A one-wallet account's view. */
    public WatchView(String account, String venue, long timeMs, boolean stale, String staleReason, double walletBalance,
                     double crossRatio, List<Row> positions, List<Closed> closed) {
        this(account, venue, timeMs, stale, staleReason, walletBalance, crossRatio, positions, closed, List.of());
    }

    /**
     * One margin asset's wallet (Binance COIN-M: each coin margins its own contracts, cross within that coin).
     *
     * @param asset         the coin, e.g. {@code BTC}
     * @param walletBalance its wallet balance (isolated wallets included), in the coin
     * @param crossRatio    the cross margin ratio of its cross positions (NaN without any)
     */
    public record Wallet(String asset, double walletBalance, double crossRatio) {
    }

    /**
     * One open position.
     *
     * @param distancePct    (liquidation − mark) / mark × 100
     * @param distanceAtr    |liquidation − mark| / ATR (NaN without ATR)
     * @param marginRatio    the ratio that decides its liquidation: its own (isolated) or the account's (cross)
     * @param fundingDue     funding at the next funding time at the current rate ({@code FundingCarry.payment}: positive = the position pays)
     * @param markAgeMs      age of the mark, ms
     * @param positionSide   the venue's position side label ({@code both} one-way, or the hedge leg)
     * @param leverage       the position's leverage setting
     * @param marginAdded    isolated margin beyond the initial margin (0 for cross), as the engine prices it
     * @param openInterest   the contract's open interest in base units, from the mark feed (NaN where the venue's feed lacks it)
     * @param pricingPending the symbol's tiers or contract rules are still being read (opened after start): liquidation
     *                       price and margin ratio are NaN because they are not known yet, not because they are stale
     * @param currency       the settlement currency of its amounts (funding due, margin added): USDT, USDC for a
     *                       USDC-margined contract, or the coin of a coin-margined one; {@code qty} of an inverse
     *                       contract is its USD face
     * @param contracts      an inverse contract's size in contracts as the venue counts it ({@code qty} / face value:
     *                       100 BTCUSD_PERP contracts are 10,000 USD); NaN where the size is in base units
     * @param qtyDecimals    the decimals of the contract's step, which {@code qty} is on (XT's BTC_USDT 0.0001 BTC: 4), as
     *                       the desk's instruments name them; 0 while the contract is not known ({@code pricingPending})
     * @param priceDecimals  the decimals of the contract's tick, which its prices are on (BTCUSDT's 0.1: 1, DOGEUSDT's
     *                       0.00001: 5); 0 while the contract is not known
     * @param takerFee       the taker fee its figures are priced with (fraction; where the venue's rule has a fee in it: OKX's
     *                       margin ratio and liquidation price, Bybit's inverse bankruptcy fee and unified isolated margin);
     *                       NaN while the contract is not known
     * @param makerFee       the maker fee beside it (negative: a rebate)
     * @param feeSource      {@code account} (the account's own rates, read from the venue's fee endpoint), {@code reading}
     *                       while their first read is in flight (the figures priced at the contract's rates meanwhile), or
     *                       {@code default} (the contract's: bundled base rates, or the venue's base rate of the symbol) when
     *                       the read failed or the venue has no fee endpoint; null while the contract is not known
     */
    public record Row(String symbol, String side, String marginMode, double qty, double entryPrice, double markPrice,
                      double liquidationPrice, double distancePct, double distanceAtr, double marginRatio,
                      double fundingRate, long nextFundingMs, double fundingDue, long markAgeMs, boolean stale,
                      String positionSide, double leverage, double marginAdded, double openInterest, boolean pricingPending,
                      String currency, double contracts, int qtyDecimals, int priceDecimals, double takerFee, double makerFee,
                      String feeSource) {
        /** A row whose fees are not known. */
        public Row(String symbol, String side, String marginMode, double qty, double entryPrice, double markPrice,
                   double liquidationPrice, double distancePct, double distanceAtr, double marginRatio,
                   double fundingRate, long nextFundingMs, double fundingDue, long markAgeMs, boolean stale,
                   String positionSide, double leverage, double marginAdded, double openInterest, boolean pricingPending,
                   String currency, double contracts, int qtyDecimals, int priceDecimals) {
            this(symbol, side, marginMode, qty, entryPrice, markPrice, liquidationPrice, distancePct, distanceAtr, marginRatio, fundingRate,
                    nextFundingMs, fundingDue, markAgeMs, stale, positionSide, leverage, marginAdded, openInterest, pricingPending, currency,
                    contracts, qtyDecimals, priceDecimals, Double.NaN, Double.NaN, null);
        }
    }

    /**
     * The base asset a live symbol is counted in, as each venue spells the symbol: {@code BTCUSDT} (Binance, Bybit),
     * {@code BTC-USDT-SWAP} (OKX), {@code BTC_USDT} (XT), {@code BTCUSD_PERP} (Binance COIN-M) → {@code BTC}.
     */
    public static String baseAsset(String symbol) {
        int coinm = symbol.indexOf("USD_");
        if (coinm > 0) {
            return symbol.substring(0, coinm);   // Binance COIN-M: BTCUSD_PERP, BTCUSD_250328
        }
        int sep = symbol.indexOf('-') > 0 ? symbol.indexOf('-') : symbol.indexOf('_');
        if (sep > 0) {
            return symbol.substring(0, sep);
        }
        for (String quote : new String[]{"USDT", "USDC"}) {
            if (symbol.endsWith(quote) && symbol.length() > quote.length()) {
                return symbol.substring(0, symbol.length() - quote.length());
            }
        }
        return symbol;
    }

    /**
     * A position that is gone: {@code reason} is {@code liquidated} or {@code closed}; {@code price} the venue's or the last
     * mark, on the contract's tick of {@code priceDecimals} decimals (0 while the contract was not known); {@code qty} the size
     * it had when it went, as its row's {@code qty} (NaN: not known), by which the live desk tells which holding a line is about.
     */
    public record Closed(String symbol, String side, String marginMode, String reason, double price, long timeMs, int priceDecimals,
                         double qty, @JsonInclude(JsonInclude.Include.NON_NULL) Double realizedPnl,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double fee, @JsonInclude(JsonInclude.Include.NON_NULL) String feeAsset) {
        /**
         * A close line without the venue's figures of its trades. With them ({@link VenueFill#closing}): {@code realizedPnl} the
         * venue's realized profit of the trades that closed it, {@code fee} their commission in {@code feeAsset} (null: not
         * reported — a venue whose stream does not carry them, or trades not all seen).
         */
        public Closed(String symbol, String side, String marginMode, String reason, double price, long timeMs, int priceDecimals, double qty) {
            this(symbol, side, marginMode, reason, price, timeMs, priceDecimals, qty, null, null, null);
        }

        /** This line said "liquidated" at {@code price}, the venue's figures kept. */
        public Closed liquidatedAt(double price) {
            return new Closed(symbol, side, marginMode, "liquidated", price, timeMs, priceDecimals, qty, realizedPnl, fee, feeAsset);
        }

        /** This line with the venue's figures of the trades that closed it, at the price they traded at where read (not the mark). */
        public Closed withVenue(VenueFill.Figures f) {
            return new Closed(symbol, side, marginMode, reason, Double.isFinite(f.price()) ? f.price() : price, timeMs, priceDecimals, qty, f.realizedPnl(),
                    Double.isFinite(f.fee()) ? f.fee() : null, Double.isFinite(f.fee()) ? f.feeAsset() : null);
        }

        /** A closed position whose size is not known. */
        public Closed(String symbol, String side, String marginMode, String reason, double price, long timeMs, int priceDecimals) {
            this(symbol, side, marginMode, reason, price, timeMs, priceDecimals, Double.NaN);
        }

        /** A closed position whose contract's tick is not known. */
        public Closed(String symbol, String side, String marginMode, String reason, double price, long timeMs) {
            this(symbol, side, marginMode, reason, price, timeMs, 0);
        }
    }
}
