package io.perpguard.portfolio;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;

/** Hand-made instruments: Binance's published BTCUSDT/ETHUSDT/SOLUSDT first tiers (2024-10-24), enough for these tests. */
final class Fixtures {
    static final Instruments INSTRUMENTS = Instruments.of(
            inst("BTCUSDT", new double[]{0, 50_000, 600_000, 3_000_000, 12_000_000},
                    new double[]{50_000, 600_000, 3_000_000, 12_000_000, 70_000_000},
                    new double[]{125, 100, 75, 50, 25}, new double[]{0.004, 0.005, 0.0065, 0.01, 0.02}),
            inst("ETHUSDT", new double[]{0, 50_000, 600_000, 3_000_000},
                    new double[]{50_000, 600_000, 3_000_000, 12_000_000},
                    new double[]{125, 100, 75, 50}, new double[]{0.004, 0.005, 0.0065, 0.01}),
            inst("SOLUSDT", new double[]{0, 10_000, 100_000, 1_000_000},
                    new double[]{10_000, 100_000, 1_000_000, 5_000_000},
                    new double[]{75, 50, 40, 25}, new double[]{0.005, 0.01, 0.015, 0.02}));

    private Fixtures() {
    }

    private static Instrument inst(String symbol, double[] floors, double[] caps, double[] lev, double[] mmr) {
        return new Instrument(new Contract(symbol, 0.01, 0.001, 0, 0, 0.0005, 0.0002, 8, 0.0125),
                RiskTiers.of(symbol, floors, caps, lev, mmr));
    }

    static Position cross(String symbol, Side side, double qty, double entry, double mark) {
        return new Position(symbol, side, qty, entry, 10, MarginMode.CROSS, PositionSide.BOTH, 0, mark);
    }

    static Position isolated(String symbol, Side side, double qty, double entry, double leverage, double mark) {
        return new Position(symbol, side, qty, entry, leverage, MarginMode.ISOLATED, PositionSide.BOTH, 0, mark);
    }
}
