package io.perpguard.margin;

import java.util.List;

/**
 * A whole account: each position's report and the cross-margin totals.
 *
 * @param positions          one report per position, in the account's order
 * @param walletBalance      the account's wallet balance
 * @param crossWalletBalance wallet balance less isolated margins
 * @param marginBalance      cross wallet + cross unrealized PnL
 * @param maintenanceMargin  total cross maintenance margin
 * @param marginRatio        cross MM / cross margin balance (NaN without cross positions)
 * @param marginLevel        the inverse, margin balance / MM
 * @param unrealizedPnl      of all positions
 */
public record AccountReport(List<PositionReport> positions, double walletBalance, double crossWalletBalance,
                            double marginBalance, double maintenanceMargin, double marginRatio, double marginLevel,
                            double unrealizedPnl) {
    public AccountReport {
        positions = List.copyOf(positions);
    }
}
