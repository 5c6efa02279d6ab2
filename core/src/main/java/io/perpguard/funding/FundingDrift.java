package io.perpguard.funding;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.Instrument;
import io.perpguard.venue.Legs;
import io.perpguard.venue.MarginConvention;
import io.perpguard.margin.Account;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.LiquidationResult;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Funding drift: at a static price, every funding payment comes out of the margin (isolated) or the wallet (cross),
 * so the liquidation price walks toward the mark until funding alone liquidates the position.
 * <p>The price never moves here: the mark stays at the position's {@code markPrice}, so the notional and the
 * payment per interval stay fixed for a constant rate. Liquidation is reached when the margin ratio at that mark
 * is 100 % or more (DESIGN.md: MM / margin balance).
 */
public final class FundingDrift {
    /** Most intervals one drift walks when funding never liquidates (≈ 11 years of 8 h payments). */
    public static final int MAX_INTERVALS = 12_000;
    /**
     * A margin balance within this relative distance of the maintenance margin is at it: a drift that exact arithmetic
     * ends on the dot (100 contracts at 20×, 0.05 % a time, MMR 0.4 %: (1/20 − 0.004) / 0.0005 = 92 payments) is not
     * carried one payment further by the last bit of a sum of payments.
     */
    static final double TIE = 1e-9;

    private FundingDrift() {
    }

    /**
     * The state after funding interval {@code interval} (1-based).
     *
     * @param interval         payments made so far
     * @param rate             the rate of this interval (fraction)
     * @param payment          what the position paid this interval (negative = received), quote currency
     * @param margin           isolated margin (isolated) or wallet balance (cross) after the payment
     * @param liquidationPrice liquidation price with that margin; NaN when no price liquidates or the margin is gone
     * @param marginRatio      MM / margin balance at the static mark (1 = 100 % = liquidated)
     */
    public record Step(int interval, double rate, double payment, double margin, double liquidationPrice, double marginRatio) {
    }

    /**
     * A drift path.
     *
     * @param startMargin             isolated margin or wallet balance before any payment
     * @param startLiquidationPrice   liquidation price before any payment
     * @param steps                   one entry per interval, up to and including the one that liquidates
     * @param intervalsToLiquidation  payments after which the margin ratio first reaches 100 %; empty when the rates
     *                                given never get there
     */
    public record Drift(double startMargin, double startLiquidationPrice, List<Step> steps, OptionalInt intervalsToLiquidation) {
        public Drift {
            steps = List.copyOf(steps);
        }

        /** The margin (or wallet) after the last step walked. */
        public double endMargin() {
            return steps.isEmpty() ? startMargin : steps.get(steps.size() - 1).margin();
        }
    }

    //-------------------------------------------------------------------------
    /**
     * Calculates the number of payments of a constant {@code rate} after which funding alone liquidates an isolated
     * position at its static mark.
     * <pre>n = ⌈(M + UPNL − MM) / payment⌉     (M: isolated margin, MM at the notional at mark; payment = side × notional × rate &gt; 0)</pre>
     * from margin ratio = MM / (M + UPNL − n × payment) ≥ 1 (DESIGN.md margin ratio). Empty when the position
     * receives funding or pays none. 0 when it is already at or past liquidation.
     */
    public static OptionalInt intervalsToLiquidation(Position p, Instrument inst, double rate) {
        requireIsolated(p);
        Checks.inRange("rate", rate, -0.05, 0.05);
        double pay = FundingCarry.payment(p.side(), p.notional(), rate);
        MarginConvention c = inst.convention();
        double base = c.isolatedBase(inst.terms(), p.sign(), p.initialMargin(), p.marginAdded());
        double mm = c.requirement(inst.terms(), base, LiquidationPrice.legs(p), p.markPrice());
        double balance = base + p.unrealizedPnl();
        if (reached(mm, balance)) {
            return OptionalInt.of(0);
        }
        if (!(pay > 0)) {
            return OptionalInt.empty();
        }
        double n = Math.ceil((balance - mm) / pay);
        if (n > Integer.MAX_VALUE) {
            return OptionalInt.empty();
        }
        int k = (int) n;
        // guard the rounding of the division: k is the first count whose balance is at or below MM
        while (k > 1 && reached(mm, balance - (k - 1) * pay)) {
            k--;
        }
        while (!reached(mm, balance - k * pay)) {
            k++;
        }
        return OptionalInt.of(k);
    }

    /**
     * Walks an isolated position through a constant rate at a static price until funding liquidates it or
     * {@code maxIntervals} payments have been made.
     */
    public static Drift isolated(Position p, Instrument inst, double rate, int maxIntervals) {
        Checks.inRange("rate", rate, -0.05, 0.05);
        Checks.inRange("maxIntervals", maxIntervals, 0, MAX_INTERVALS);
        double[] rates = new double[maxIntervals];
        java.util.Arrays.fill(rates, rate);
        return isolated(p, inst, rates);
    }

    /**
     * Walks an isolated position through a sequence of funding rates (e.g. a real history) at a static price.
     * After payment n the isolated margin is {@code M − Σ payments}; the liquidation price is the venue's isolated
     * rule with that margin ({@link LiquidationPrice#isolated}, i.e. the position with {@code marginAdded}
     * reduced by what funding took). Stops at the first interval whose margin ratio reaches 100 %.
     */
    public static Drift isolated(Position p, Instrument inst, double[] rates) {
        requireIsolated(p);
        Checks.notNull("instrument", inst);
        Checks.notNull("rates", rates);
        double mark = p.markPrice();
        double notional = p.notional();
        MarginConvention c = inst.convention();
        Legs legs = LiquidationPrice.legs(p);
        double margin = c.isolatedBase(inst.terms(), p.sign(), p.initialMargin(), p.marginAdded());
        double mm = c.requirement(inst.terms(), margin, legs, mark);
        double upnl = p.unrealizedPnl();
        double startLp = LiquidationPrice.isolated(p, inst).price();
        List<Step> steps = new ArrayList<>();
        OptionalInt hit = reached(mm, margin + upnl) ? OptionalInt.of(0) : OptionalInt.empty();
        for (int i = 0; i < rates.length && hit.isEmpty(); i++) {
            double rate = Checks.inRange("rates[" + i + "]", rates[i], -0.05, 0.05);
            double pay = FundingCarry.payment(p.side(), notional, rate);
            margin -= pay;
            // isolated formula with WB = the reduced isolated margin (same as Position.marginAdded lowered by funding paid)
            LiquidationResult lr = margin > 0 ? LiquidationPrice.solve(margin, 0, 0, legs, inst, mark) : LiquidationResult.NEVER;
            double ratio = MarginCalculator.marginRatio(mm, margin + upnl);
            steps.add(new Step(i + 1, rate, pay, margin, lr.price(), ratio));
            if (reached(mm, margin + upnl)) {
                hit = OptionalInt.of(i + 1);
            }
        }
        return new Drift(c.isolatedBase(inst.terms(), p.sign(), p.initialMargin(), p.marginAdded()), startLp, steps, hit);
    }

    /**
     * Walks a cross account through a sequence of funding rates for {@code symbol} at static prices: each payment
     * comes out of the wallet; the liquidation price of {@code symbol} is the venue's cross rule with the reduced
     * wallet ({@link LiquidationPrice#cross}). Only {@code symbol}'s cross positions pay (their notional at mark ×
     * rate, by side); other symbols' funding is not modelled. Stops when the cross margin ratio reaches 100 %.
     */
    public static Drift cross(Account account, String symbol, Instruments instruments, double[] rates) {
        Checks.notNull("account", account);
        Checks.notNull("rates", rates);
        double payPerUnitRate = 0;
        boolean found = false;
        for (Position p : account.crossPositions()) {
            if (p.symbol().equals(symbol)) {
                payPerUnitRate += FundingCarry.payment(p.side(), p.notional(), 1);
                found = true;
            }
        }
        if (!found) {
            throw new InvalidInputException("symbol", symbol + " has no cross position in the account");
        }
        double isolatedTotal = account.walletBalance() - account.crossWalletBalance();
        double wallet = account.walletBalance();
        double startLp = LiquidationPrice.cross(account, symbol, instruments).price();
        double mark = account.crossPositions().stream().filter(p -> p.symbol().equals(symbol)).findFirst().orElseThrow().markPrice();
        List<Step> steps = new ArrayList<>();
        OptionalInt hit = MarginCalculator.crossMarginRatioAt(account, instruments, symbol, mark) >= 1 - TIE ? OptionalInt.of(0) : OptionalInt.empty();
        for (int i = 0; i < rates.length && hit.isEmpty(); i++) {
            double rate = Checks.inRange("rates[" + i + "]", rates[i], -0.05, 0.05);
            double pay = payPerUnitRate * rate;
            wallet -= pay;
            double lp = Double.NaN;
            double ratio;
            if (wallet >= isolatedTotal) {
                Account after = new Account(wallet, account.positions(), account.exchange());
                lp = LiquidationPrice.cross(after, symbol, instruments).price();
                ratio = MarginCalculator.crossMarginRatioAt(after, instruments, symbol, mark);
            } else {
                // funding has eaten past the cross wallet into isolated margin: nothing is left to hold the cross positions
                ratio = Double.POSITIVE_INFINITY;
            }
            steps.add(new Step(i + 1, rate, pay, wallet, lp, ratio));
            if (ratio >= 1 - TIE) {
                hit = OptionalInt.of(i + 1);
            }
        }
        return new Drift(account.walletBalance(), startLp, steps, hit);
    }

    /** The margin ratio MM / balance has reached 100 % (within {@link #TIE}); the cross walk asks {@code ratio ≥ 1 − TIE}. */
    static boolean reached(double mm, double balance) {
        return balance <= mm * (1 + TIE);
    }

    private static void requireIsolated(Position p) {
        Checks.notNull("position", p);
        if (p.marginMode() != MarginMode.ISOLATED) {
            throw new InvalidInputException("marginMode", "funding drift of a single position needs isolated margin; "
                    + "use the cross drift with the account's wallet for cross positions");
        }
    }
}
