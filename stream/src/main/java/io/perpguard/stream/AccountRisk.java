package io.perpguard.stream;

import java.util.List;

/**
 * The {@code account-risk} record: an account re-priced. Figures come from {@code MarginCalculator.evaluate},
 * so each liquidation price equals {@code perpguard calc --account} for the same positions and marks.
 * Ratios are fractions (1 = liquidation); {@code *Pct} fields are percent.
 *
 * @param account           the account
 * @param trigger           {@code mark} (a tick re-priced it) or the position event type that changed it
 * @param triggerSymbol     the symbol of the tick or event (null for a wallet transfer)
 * @param eventTimeMs       event time of the trigger, epoch ms
 * @param walletBalance     in {@code currency} (USDT, or the coin of a coin-margined account)
 * @param marginBalance     cross margin balance: cross wallet + cross unrealized PnL, in {@code currency}
 * @param maintenanceMargin cross maintenance margin, in {@code currency}
 * @param marginRatio       cross MM / cross margin balance (null without cross positions)
 * @param alertMarginRatio  the highest margin ratio of any position (cross positions share the account's): what
 *                          the alerts watch
 * @param unrealizedPnl     of all positions, in {@code currency}
 * @param positions         one entry per open position (symbols in the venue's spelling)
 * @param exchange          the account's venue ({@code calc --exchange} id)
 * @param currency          the settlement currency its amounts are in (null with no position open); USD for an account
 *                          priced on a pool of collateral
 * @param collateral        a pooled account's assets as {@code calc --account} shows them (its wallet first, USDT):
 *                          amount, index price, collateral ratio and what each counts for in USD; absent for an account
 *                          on one wallet
 */
public record AccountRisk(String account, String trigger, String triggerSymbol, long eventTimeMs, double walletBalance,
                          double marginBalance, double maintenanceMargin, double marginRatio, double alertMarginRatio,
                          double unrealizedPnl, List<PositionRisk> positions, String exchange, String currency,
                          @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                          List<io.perpguard.app.PooledAccount.CollateralLine> collateral) {

    /** An account on one wallet. */
    public AccountRisk(String account, String trigger, String triggerSymbol, long eventTimeMs, double walletBalance,
                       double marginBalance, double maintenanceMargin, double marginRatio, double alertMarginRatio,
                       double unrealizedPnl, List<PositionRisk> positions, String exchange, String currency) {
        this(account, trigger, triggerSymbol, eventTimeMs, walletBalance, marginBalance, maintenanceMargin, marginRatio, alertMarginRatio,
                unrealizedPnl, positions, exchange, currency, null);
    }

    /** A Binance USDⓈ-M account's record (USDT). */
    public AccountRisk(String account, String trigger, String triggerSymbol, long eventTimeMs, double walletBalance,
                       double marginBalance, double maintenanceMargin, double marginRatio, double alertMarginRatio,
                       double unrealizedPnl, List<PositionRisk> positions) {
        this(account, trigger, triggerSymbol, eventTimeMs, walletBalance, marginBalance, maintenanceMargin, marginRatio, alertMarginRatio,
                unrealizedPnl, positions, StreamVenue.DEFAULT.id(), "USDT");
    }

    /**
     * One position of an account.
     *
     * @param liquidationPrice         rounded to the tick toward entry (as {@code calc} shows it)
     * @param liquidationPriceExact    before rounding
     * @param distanceToLiquidationPct (liquidation price − mark) / mark × 100: negative for a long
     * @param marginRatio              the position's margin ratio (for cross positions: the account's)
     * @param fundingRate              the latest tick's funding rate (fraction)
     * @param fundingPayment           the next funding payment at this rate ({@link io.perpguard.funding.FundingCarry#payment}: positive = the position pays)
     * @param markTimeMs               event time of the mark used, epoch ms
     * @param qty                      base units; USD face for an inverse contract (as core's position)
     * @param contracts                the size in the venue's contracts (null where the venue counts in base units)
     */
    public record PositionRisk(String symbol, String side, String positionSide, String marginMode, double qty,
                               double entryPrice, double markPrice, double leverage, double notional,
                               double maintenanceMargin, double marginBalance, double marginRatio,
                               double liquidationPrice, double liquidationPriceExact, double distanceToLiquidationPct,
                               double bankruptcyPrice, double unrealizedPnl, double fundingRate, double fundingPayment,
                               long markTimeMs, double contracts) {
        /** A position of a venue that counts in base units. */
        public PositionRisk(String symbol, String side, String positionSide, String marginMode, double qty,
                            double entryPrice, double markPrice, double leverage, double notional,
                            double maintenanceMargin, double marginBalance, double marginRatio,
                            double liquidationPrice, double liquidationPriceExact, double distanceToLiquidationPct,
                            double bankruptcyPrice, double unrealizedPnl, double fundingRate, double fundingPayment,
                            long markTimeMs) {
            this(symbol, side, positionSide, marginMode, qty, entryPrice, markPrice, leverage, notional, maintenanceMargin, marginBalance,
                    marginRatio, liquidationPrice, liquidationPriceExact, distanceToLiquidationPct, bankruptcyPrice, unrealizedPnl,
                    fundingRate, fundingPayment, markTimeMs, Double.NaN);
        }
    }
}
