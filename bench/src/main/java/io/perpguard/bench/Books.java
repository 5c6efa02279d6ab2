package io.perpguard.bench;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.Account;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Benchmark inputs: BTCUSDT's real brackets, random isolated books, a five-symbol cross account. */
final class Books {
    private Books() {
    }

    /** BTCUSDT brackets of 2024-10-24 (bundled in data/instruments.json). */
    static final RiskTiers BTC = RiskTiers.of("BTCUSDT",
            new double[]{0, 50e3, 600e3, 3e6, 12e6, 70e6, 100e6, 230e6, 480e6, 600e6, 800e6, 1.2e9},
            new double[]{50e3, 600e3, 3e6, 12e6, 70e6, 100e6, 230e6, 480e6, 600e6, 800e6, 1.2e9, 1.8e9},
            new double[]{125, 100, 75, 50, 25, 20, 10, 5, 4, 3, 2, 1},
            new double[]{0.004, 0.005, 0.0065, 0.01, 0.02, 0.025, 0.05, 0.1, 0.125, 0.15, 0.25, 0.5});

    /** Isolated positions as arrays: signed quantity, entry, margin (the same generator as bench/python). */
    record Isolated(double[] signedQty, double[] entry, double[] margin) {
        static Isolated random(int n, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            double[] q = new double[n], e = new double[n], m = new double[n];
            for (int i = 0; i < n; i++) {
                double qty = 0.001 + rnd.nextDouble() * 5;
                double entry = 50_000 + rnd.nextDouble() * 20_000;
                double lev = 1 + rnd.nextInt(100);
                q[i] = rnd.nextBoolean() ? qty : -qty;
                e[i] = entry;
                m[i] = qty * entry / lev;
            }
            return new Isolated(q, e, m);
        }
    }

    /** Five cross one-way positions on five symbols (each with BTCUSDT's brackets), wallet 250,000. */
    static Instruments fiveSymbols() {
        List<Instrument> list = new ArrayList<>();
        double[] ticks = {0.1, 0.01, 0.001, 0.0001, 0.01};
        for (int i = 0; i < 5; i++) {
            String s = "S" + i + "USDT";
            list.add(new Instrument(new Contract(s, ticks[i], 0.001, 0.001, 5, 0.0005, 0.0002, 8, 0.0125), new RiskTiers(s, BTC.brackets())));
        }
        return Instruments.of(list.toArray(Instrument[]::new));
    }

    static Account fivePositionCross() {
        double[] entry = {60_000, 3_000, 150, 0.5, 25};
        double[] qty = {2, 30, 500, 100_000, 2_000};
        List<Position> ps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ps.add(new Position("S" + i + "USDT", i % 2 == 0 ? Side.LONG : Side.SHORT, qty[i], entry[i], 20, MarginMode.CROSS,
                    PositionSide.BOTH, 0, entry[i] * (i % 2 == 0 ? 0.97 : 1.02)));
        }
        return new Account(250_000, ps);
    }
}
