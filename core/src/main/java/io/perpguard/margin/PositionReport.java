package io.perpguard.margin;

import io.perpguard.venue.ContractType;
import io.perpguard.venue.ConventionId;
import io.perpguard.venue.Estimate;

import java.util.List;

/**
 * Everything the margin engine says about one position. Prices are rounded to the contract's tick where they
 * leave the engine (liquidation and bankruptcy prices toward the entry: up for a long, down for a short, so the
 * displayed level is reached no later than the exact one); all other figures are exact doubles.
 * Non-finite values mean "does not apply" (e.g. {@code liquidationPrice} NaN: no price liquidates).
 *
 * @param notional                notional at mark, USDT
 * @param entryNotional           notional at entry, USDT
 * @param initialMargin           notional at entry / leverage
 * @param positionMargin          isolated margin (IM + margin added) or, for cross, the initial margin
 * @param maintenanceMargin       MM at mark from the tier the mark notional falls in
 * @param maintenanceMarginRate   that tier's MMR
 * @param maintenanceAmount       that tier's cum
 * @param tier                    that tier's number
 * @param maxLeverage             the maximum leverage for the notional at entry
 * @param liquidationPrice        rounded to tick toward entry
 * @param liquidationPriceExact   before rounding
 * @param liquidationTier         tier the notional at the liquidation price falls in
 * @param bankruptcyPrice         where margin balance is 0, rounded toward entry
 * @param distanceToLiquidationPct (LP − mark) / mark × 100: negative for a long
 * @param unrealizedPnl           at mark
 * @param roe                     unrealized PnL / initial margin (a fraction)
 * @param marginBalance           isolated margin or cross wallet, + unrealized PnL
 * @param marginRatio             maintenance requirement / margin balance; liquidation at 1 (100 %)
 * @param marginLevel             margin balance / MM ("higher is safer", the inverse of margin ratio)
 * @param openingFee              taker fee to open at entry
 * @param closingFeeAtLiquidation taker fee to close at the liquidation price (Binance does not put it in the
 *                                liquidation price; shown as an estimate)
 * @param liquidationClearanceFee what the venue keeps at the liquidation price beyond the price loss
 *                                ({@link io.perpguard.venue.MarginConvention#liquidationFee}: Binance's clearance fee,
 *                                OKX's taker fee, all the margin left on Bybit and XT)
 * @param lossIfLiquidated        loss from mark to liquidation incl. clearance fee, at most the margin at risk
 * @param convention              the venue convention that priced it (its fee note, margin-ratio definition and formula
 *                                source are words {@code app/explain/VenueText} writes from this id and the margin mode)
 * @param exchange                the venue id ({@code binance}, {@code bybit}, ...)
 * @param contractType            linear or inverse
 * @param currency                settlement currency of every amount (USDT, BTC, ...)
 * @param contracts               size in contracts (NaN where the venue counts in base units)
 * @param venueMarginRatio        the margin ratio as the venue defines it ({@code marginRatio} is always requirement /
 *                                balance, liquidation at 1, for every venue)
 * @param estimates               what in this report is an estimate, as codes (empty when the venue publishes the rule)
 * @param gainSideLiquidationPrice the level the position's gain carries it to, rounded toward the mark (NaN: none): a
 *                                linear long rising (an inverse short falling) across a cap into a tier whose maintenance
 *                                rate on the whole value puts the ratio at 100 % ({@code MarginConvention.Reach.GAIN_SIDE});
 *                                {@code liquidationPrice} when it is the nearer level, a long's then above its mark
 * @param gainSideLiquidationTier that level's tier (0: none)
 */
public record PositionReport(String symbol, Side side, MarginMode marginMode, PositionSide positionSide, double qty,
                             double entryPrice, double markPrice, double leverage, double notional, double entryNotional,
                             double initialMargin, double positionMargin, double maintenanceMargin,
                             double maintenanceMarginRate, double maintenanceAmount, int tier, double maxLeverage,
                             double liquidationPrice, double liquidationPriceExact, int liquidationTier,
                             double bankruptcyPrice, double distanceToLiquidationPct, double unrealizedPnl, double roe,
                             double marginBalance, double marginRatio, double marginLevel, double openingFee,
                             double closingFeeAtLiquidation, double liquidationClearanceFee, double lossIfLiquidated,
                             ConventionId convention, String exchange, ContractType contractType, String currency,
                             double contracts, double venueMarginRatio, List<Estimate> estimates, double gainSideLiquidationPrice,
                             int gainSideLiquidationTier) {
    public PositionReport {
        estimates = List.copyOf(estimates);
    }

    /**
     * The mark is already at or past the liquidation price: the margin ratio (requirement / balance) has reached 100 %,
     * where every venue liquidates ({@link LiquidationSettlement} closes it there). Not the side against the level: the
     * short leg of a net-long hedge in one cross wallet shares a level below its mark and is not liquidated above it.
     */
    public boolean liquidated() {
        return Double.isFinite(liquidationPriceExact) && marginRatio >= 1;
    }
}
