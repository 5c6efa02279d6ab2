package io.perpguard.margin.fast;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.Account;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random valid tiers, contracts and accounts for the property tests (seeded by jqwik). */
final class RandomBooks {
    private RandomBooks() {
    }

    static final double[] BTC_FLOORS = {0, 50e3, 600e3, 3e6, 12e6, 70e6, 100e6, 230e6, 480e6, 600e6, 800e6, 1.2e9};
    static final double[] BTC_CAPS = {50e3, 600e3, 3e6, 12e6, 70e6, 100e6, 230e6, 480e6, 600e6, 800e6, 1.2e9, 1.8e9};
    static final double[] BTC_LEV = {125, 100, 75, 50, 25, 20, 10, 5, 4, 3, 2, 1};
    static final double[] BTC_MMR = {0.004, 0.005, 0.0065, 0.01, 0.02, 0.025, 0.05, 0.1, 0.125, 0.15, 0.25, 0.5};
    /** Real Binance USDⓈ-M BTCUSDT brackets of 2024-10-24. */
    static final RiskTiers BTC = RiskTiers.of("BTCUSDT", BTC_FLOORS, BTC_CAPS, BTC_LEV, BTC_MMR);

    static final double[] TICKS = {0.1, 0.01, 0.001, 0.0001, 1, 0.5, 0.05, 0.00001, 10, 0.25};

    /** 1–16 tiers with rising caps and MMRs and falling leverage; cum from the floors (RiskTiers.of). */
    static RiskTiers tiers(Random r, String symbol) {
        int n = 1 + r.nextInt(16);
        double[] f = new double[n], c = new double[n], lev = new double[n], mmr = new double[n];
        double cap = 1_000 + r.nextDouble() * 100_000;
        double rate = 0.001 + r.nextDouble() * 0.01;
        double l = 50 + r.nextInt(76);
        for (int i = 0; i < n; i++) {
            f[i] = i == 0 ? 0 : c[i - 1];
            c[i] = i == 0 ? Math.rint(cap) : Math.rint(c[i - 1] * (1.5 + r.nextDouble() * 6));
            mmr[i] = Math.min(0.5, rate);
            lev[i] = Math.max(1, l);
            rate = rate * (1.05 + r.nextDouble());
            l = Math.floor(l / (1 + r.nextDouble()));
        }
        return RiskTiers.of(symbol, f, c, lev, mmr);
    }

    static Instrument instrument(Random r, String symbol) {
        double tick = TICKS[r.nextInt(TICKS.length)];
        return new Instrument(new Contract(symbol, tick, 0.001, 0.001, 5, 0.0005, 0.0002, 8, r.nextBoolean() ? 0.0125 : 0.005),
                tiers(r, symbol));
    }

    /** A price on {@code tick}'s grid, or off it. */
    static double price(Random r, double tick) {
        double p = Math.exp(Math.log(0.01) + r.nextDouble() * Math.log(1e7));
        return r.nextInt(3) == 0 ? Math.max(tick, Math.rint(p / tick) * tick) : p;
    }

    /**
     * An account of 1–{@code maxPositions} positions over {@code instruments}: isolated and cross, one-way and hedge
     * legs, leverage allowed at entry, marks within the tiers' range.
     */
    static Account account(Random r, List<Instrument> instruments, int maxPositions) {
        List<Position> ps = new ArrayList<>();
        int count = 1 + r.nextInt(maxPositions);
        double isolated = 0;
        List<String> used = new ArrayList<>();
        for (int k = 0; k < count * 3 && ps.size() < count; k++) {
            Instrument in = instruments.get(r.nextInt(instruments.size()));
            String sym = in.symbol();
            if (used.contains(sym)) {
                continue;
            }
            used.add(sym);
            RiskTiers t = in.tiers();
            double entry = Math.max(in.contract().tickSize(), Math.rint((1 + r.nextDouble() * 99_999) / in.contract().tickSize()) * in.contract().tickSize());
            boolean hedge = r.nextInt(4) == 0;
            int legs = Math.min(hedge ? 1 + r.nextInt(2) : 1, maxPositions - ps.size());   // a second hedge leg never exceeds the cap
            double markMove = 1 + (r.nextDouble() - 0.5) * (r.nextBoolean() ? 0.1 : 0.8);
            // at least one tick: an entry of one tick (10) moved by -40 % drew a mark of 8.39, below any price the contract
            // trades at, which Position refuses (AccountKernelTest, seed 6377924)
            double mark = Math.max(in.contract().tickSize(), entry * markMove);
            MarginMode mode = r.nextInt(3) == 0 ? MarginMode.ISOLATED : MarginMode.CROSS;
            if (!ps.isEmpty() && in.convention().marginModeScope() == io.perpguard.venue.MarginConvention.MarginModeScope.ACCOUNT) {
                mode = ps.get(0).marginMode();   // Bybit unified: one margin mode for the whole account (the draw kept, so other venues' books stay)
            }
            for (int leg = 0; leg < legs; leg++) {
                Side side = hedge ? (leg == 0 ? Side.LONG : Side.SHORT) : (r.nextBoolean() ? Side.LONG : Side.SHORT);
                PositionSide ps0 = hedge ? (side == Side.LONG ? PositionSide.LONG : PositionSide.SHORT) : PositionSide.BOTH;
                // a last bracket without a cap would give margins above the wallet bound (Checks.MAX_AMOUNT) the Account refuses
                double maxNotional = Math.min(t.maxNotional(), io.perpguard.Checks.MAX_AMOUNT / 1000) / Math.max(1.0, markMove) / 1.5;
                double notional = Math.exp(Math.log(10) + r.nextDouble() * (Math.log(maxNotional) - Math.log(10)));
                double qty = notional / entry;
                double maxLev = t.maxLeverageFor(qty * entry);
                double lev = 1 + r.nextDouble() * (maxLev - 1);
                double added = mode == MarginMode.ISOLATED && r.nextInt(4) == 0 ? qty * entry / lev * (r.nextDouble() - 0.3) : 0;
                Position p = new Position(sym, side, qty, entry, lev, mode, ps0, added, mark);
                ps.add(p);
                if (mode == MarginMode.ISOLATED) {
                    isolated += p.isolatedMargin();
                }
            }
        }
        double wallet = isolated * (1 + 1e-9) + r.nextDouble() * 200_000 * (r.nextBoolean() ? 1 : 0.01);
        return new Account(wallet, ps);
    }
}
