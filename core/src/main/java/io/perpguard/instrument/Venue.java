package io.perpguard.instrument;

/**
 * A venue's margin conventions, so no formula hard-wires one exchange.
 *
 * @param name                        display name
 * @param closingFeeInLiquidation     whether the venue's liquidation price includes the estimated closing fee
 *                                    (Bybit and OKX do; Binance USDⓈ-M does not — it charges a clearance fee instead)
 * @param liquidationPriceFromMarkTier whether the tier used for the liquidation price is the one the notional
 *                                    at the liquidation price falls in (Binance) rather than at entry
 */
public record Venue(String name, boolean closingFeeInLiquidation, boolean liquidationPriceFromMarkTier) {
    /** Binance USDⓈ-M futures: "How to Calculate Liquidation Price of USDⓈ-M Contracts". */
    public static final Venue BINANCE_USDM = new Venue("Binance USDⓈ-M", false, true);
}
