package io.perpguard.margin.fast;

import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TriggerIndexTest {
    static final double[] LEVELS = {0.5, 0.7, 0.85, 1.0};
    static final RiskTiers TIERS = RandomBooks.BTC;
    static final TierTable TT = TierTable.of(TIERS);

    static Position randomPosition(Random r, double mark) {
        double entry = mark * (0.8 + 0.4 * r.nextDouble());
        // notional below 230 M: every tier's MMR (≤ 5 %) is under the lowest level, so each level has one trigger
        double qty = 230e6 / Math.max(entry, mark) / 1.5 * Math.exp(-r.nextDouble() * 14);
        double lev = 1 + r.nextDouble() * (TIERS.maxLeverageFor(qty * entry) - 1);
        return new Position("BTCUSDT", r.nextBoolean() ? Side.LONG : Side.SHORT, qty, entry, lev, MarginMode.ISOLATED,
                PositionSide.BOTH, 0, entry);
    }

    static double[] triggers(Position p, double mark) {
        double[] out = new double[LEVELS.length];
        for (int l = 0; l < LEVELS.length; l++) {
            out[l] = TriggerIndex.triggerPrice(TT, p.sign(), p.qty(), p.entryPrice(), p.isolatedMargin(), 0, 0, LEVELS[l], mark);
        }
        return out;
    }

    static boolean breachedByReference(Position p, double mark, int level) {
        return MarginCalculator.isolatedMarginRatioAt(p, TIERS, mark) >= LEVELS[level];
    }

    /**
     * Random positions and a random walk of the mark with updates (replace, remove, add) between ticks: the breached
     * state kept from the index's crossings alone equals the reference engine's ratio ≥ level at every tick, for every
     * position and level (pairs within 1e-9 of a trigger price are not judged: the solve and the ratio round
     * differently there).
     */
    @Property(tries = 60)
    void crossingsAlone_trackTheReferenceRatioLevels(@ForAll long seed) {
        Random r = new Random(seed);
        int n = 50 + r.nextInt(3000);
        double mark = 20_000 + r.nextDouble() * 80_000;
        Position[] ps = new Position[n];
        double[][] trig = new double[n][];
        boolean[][] state = new boolean[n][LEVELS.length];
        TriggerIndex index = new TriggerIndex(n);
        for (int i = 0; i < n; i++) {
            put(index, ps, trig, state, i, randomPosition(r, mark), mark);
        }
        index.resetMark(mark);
        for (int tick = 0; tick < 200; tick++) {
            // updates between ticks: enough over the run to force overlay merges
            for (int u = r.nextInt(40); u > 0; u--) {
                int id = r.nextInt(n);
                if (r.nextInt(5) == 0) {
                    index.remove(id);
                    ps[id] = null;
                } else {
                    put(index, ps, trig, state, id, randomPosition(r, mark), mark);
                }
            }
            mark *= 1 + (r.nextDouble() - 0.5) * (r.nextInt(10) == 0 ? 0.3 : 0.02);
            mark = Math.min(mark, 1e6);
            index.onMark(mark, (id, level, breached) -> state[id][level] = breached);
            for (int i = 0; i < n; i++) {
                if (ps[i] == null) {
                    continue;
                }
                for (int l = 0; l < LEVELS.length; l++) {
                    if (Double.isFinite(trig[i][l]) && Math.abs(trig[i][l] - mark) <= 1e-9 * mark) {
                        continue;
                    }
                    assertThat(state[i][l]).as("tick %d position %d level %s mark %s trigger %s %s", tick, i, LEVELS[l], mark,
                            trig[i][l], ps[i]).isEqualTo(breachedByReference(ps[i], mark, l));
                }
            }
        }
    }

    private static void put(TriggerIndex index, Position[] ps, double[][] trig, boolean[][] state, int id, Position p, double mark) {
        ps[id] = p;
        trig[id] = triggers(p, mark);
        index.put(id, p.side() == Side.LONG, trig[id], LEVELS.length);
        for (int l = 0; l < LEVELS.length; l++) {
            state[id][l] = breachedByReference(p, mark, l);
        }
    }

    /** At level 1 the trigger is the liquidation price of the reference solver. */
    @Property(tries = 300)
    void triggerAtLevelOne_isTheReferenceLiquidationPrice(@ForAll long seed) {
        Random r = new Random(seed);
        Position p = randomPosition(r, 60_000);
        double lp = LiquidationPrice.isolated(p, TIERS).price();
        double t = TriggerIndex.triggerPrice(TT, p.sign(), p.qty(), p.entryPrice(), p.isolatedMargin(), 0, 0, 1.0, p.markPrice());
        if (Double.isNaN(lp)) {
            assertThat(t).isNaN();
        } else {
            assertThat(t).isCloseTo(lp, within(1e-9 * lp));
        }
    }

    /** A tick reports only the triggers between the old and the new mark; stale entries are never reported. */
    @Test
    void aTickReportsOnlyWhatItCrosses() {
        TriggerIndex index = new TriggerIndex(4);
        index.put(0, true, new double[]{95}, 1);     // long, breached at ≤ 95
        index.put(1, true, new double[]{90}, 1);
        index.put(2, false, new double[]{105}, 1);   // short, breached at ≥ 105
        index.put(3, true, new double[]{99}, 1);
        index.remove(3);
        index.resetMark(100);
        StringBuilder seen = new StringBuilder();
        TriggerIndex.Sink sink = (id, level, breached) -> seen.append(id).append(breached ? "+" : "-").append(' ');
        assertThat(index.onMark(96, sink)).isZero();
        assertThat(index.onMark(95, sink)).isEqualTo(1);
        assertThat(seen.toString()).isEqualTo("0+ ");
        seen.setLength(0);
        index.onMark(106, sink);
        assertThat(seen.toString()).isEqualTo("0- 2+ ");
        assertThat(index.size()).isEqualTo(3);
    }
}
