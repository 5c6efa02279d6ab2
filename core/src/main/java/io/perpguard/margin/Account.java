package io.perpguard.margin;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.venue.Exchange;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A futures account: its wallet balance and open positions.
 *
 * @param walletBalance deposits + realized PnL − fees ± funding, quote currency (USDT); includes the margin
 *                      set aside for isolated positions
 * @param positions     open positions; per symbol either one {@code BOTH} position (one-way) or hedge legs
 * @param exchange      the venue the account is on (one exchange per account); null when not stated, then the
 *                      instruments it is priced with decide
 */
public record Account(double walletBalance, List<Position> positions, Exchange exchange) {
    /** An account whose exchange is not stated. */
    public Account(double walletBalance, List<Position> positions) {
        this(walletBalance, positions, null);
    }

    public Account {
        io.perpguard.InputBounds.balance("walletBalance", walletBalance);   // as calc --wallet: 1e308 was priced and printed in 300 digits
        positions = List.copyOf(Checks.notNull("positions", positions));
        Map<String, PositionSide> seen = new HashMap<>();
        for (int i = 0; i < positions.size(); i++) {
            Position p = positions.get(i);
            String key = p.symbol() + "/" + p.positionSide();
            if (seen.containsKey(key)) {
                throw new InvalidInputException("positions[" + i + "]", p.symbol() + " " + p.positionSide().label()
                        + " is listed twice; merge the fills into one position (averaged entry) or use hedge legs long/short");
            }
            seen.put(key, p.positionSide());
            boolean hasBoth = seen.containsKey(p.symbol() + "/" + PositionSide.BOTH);
            boolean hasLeg = seen.containsKey(p.symbol() + "/" + PositionSide.LONG) || seen.containsKey(p.symbol() + "/" + PositionSide.SHORT);
            if (hasBoth && hasLeg) {
                throw new InvalidInputException("positions[" + i + "].positionSide", p.symbol()
                        + " mixes one-way (both) and hedge-mode (long/short) positions");
            }
        }
        double isolated = 0;
        for (Position p : positions) {
            if (p.marginMode() == MarginMode.ISOLATED) {
                isolated += p.isolatedMargin();
            }
        }
        if (isolated > walletBalance * (1 + 1e-12)) {
            throw new InvalidInputException("walletBalance", Checks.fmt(walletBalance) + " is less than the margin of the isolated positions ("
                    + Checks.fmt(isolated) + ")");
        }
    }

    /**
     * Cross wallet balance = wallet balance − margin set aside for isolated positions (Binance "cross wallet
     * balance"): what cross positions share.
     */
    public double crossWalletBalance() {
        double w = walletBalance;
        for (Position p : positions) {
            if (p.marginMode() == MarginMode.ISOLATED) {
                w -= p.isolatedMargin();
            }
        }
        return Math.max(0, w);
    }

    /** The cross positions. */
    public List<Position> crossPositions() {
        return positions.stream().filter(p -> p.marginMode() == MarginMode.CROSS).toList();
    }
}
