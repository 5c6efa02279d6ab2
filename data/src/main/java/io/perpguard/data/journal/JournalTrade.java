package io.perpguard.data.journal;

import io.perpguard.margin.Side;

import java.math.BigDecimal;

/**
 * A round-trip trade: from a flat position through the fills that open and close it back to flat.
 *
 * @param symbol      contract
 * @param side        long (opened by buying) or short
 * @param openTimeMs  first fill, ms UTC
 * @param closeTimeMs last fill, ms UTC
 * @param qty         total quantity opened, base units
 * @param entryPrice  volume-weighted average price of the opening fills
 * @param exitPrice   volume-weighted average price of the closing fills
 * @param realizedPnl the exchange's realized PnL summed over the closing fills, before fees, quote currency
 * @param fees        fees in the quote currency, opening and closing (a fill split by a flip is shared pro rata)
 * @param netPnl      realizedPnl − fees: the trade's result
 * @param fillCount   fills (or fill parts) in the trade
 * @param tradeHash   SHA-256 over the fills' hashes: the trade's identity across re-imports
 */
public record JournalTrade(String symbol, Side side, long openTimeMs, long closeTimeMs, BigDecimal qty,
                           BigDecimal entryPrice, BigDecimal exitPrice, BigDecimal realizedPnl, BigDecimal fees,
                           BigDecimal netPnl, int fillCount, String tradeHash) {
}
