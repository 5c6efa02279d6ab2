package io.perpguard.margin;

import io.perpguard.instrument.Instruments;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CollateralPool#band}: anywhere in the box it returns — every mark and every moving index at once, corners
 * included — the account's alert ratio (its positions' highest: the pool's for the cross ones, an isolated one's own) is
 * on the same side of each level as at the marks. Over Binance Multi-Assets pools (a cross BTCUSDT leg, BTC beside USDT, an
 * isolated ETHUSDT leg) and inverse pools on Bybit unified and OKX (tiered haircuts, the settlement coin BTC in the pool).
 */
class CollateralPoolBandTest {

    @Property(tries = 400)
    void multiAssets_insideTheBox_noLevelChangesSide(@ForAll("books") CollateralPoolPropertiesTest.Book b, @ForAll long seed) {
        List<Position> ps = new ArrayList<>(b.multi().positions().subList(0, 1));
        // an isolated ETH leg beside the cross BTC one: its own ratio is a component of the alert ratio
        ps.add(new Position("ETHUSDT", b.ethSide(), 1 + b.ethQty() / 10, 3000, 10, MarginMode.ISOLATED, PositionSide.BOTH, 0, 3000 * b.btcMove()));
        CollateralPool pool = new CollateralPool(b.multi().assets(), ps, b.multi().exchange());
        check(pool, CollateralPoolPropertiesTest.INS, new Random(seed));
    }

    @Property(tries = 400)
    void inverseTieredPools_insideTheBox_noLevelChangesSide(@ForAll("inverseBooks") CollateralPoolPropertiesTest.InverseBook b, @ForAll long seed) {
        check(b.pool(), b.instruments(), new Random(seed));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<CollateralPoolPropertiesTest.Book> books() {
        return new CollateralPoolPropertiesTest().books();
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<CollateralPoolPropertiesTest.InverseBook> inverseBooks() {
        return new CollateralPoolPropertiesTest().inverseBooks();
    }

    /** Levels drawn around the alert ratio; then 200 points of the box (corners first) keep every level's side. */
    private static void check(CollateralPool pool, Instruments ins, Random r) {
        double now = worst(pool, ins);
        Assume.that(Double.isFinite(now) && now > 0);
        double[] rising = new double[3], falling = new double[3];
        for (int i = 0; i < 3; i++) {
            rising[i] = now * (1 + 0.2 * r.nextDouble() * r.nextDouble());
            falling[i] = now * (1 - 0.2 * r.nextDouble() * r.nextDouble());
        }
        boolean[] moves = new boolean[pool.assets().size()];
        for (int a = 1; a < moves.length; a++) {
            moves[a] = r.nextBoolean();
        }
        double f = pool.band(ins, rising, 3, falling, 3, moves);
        assertThat(pool.band(ins, rising, 3, falling, 3, moves, 0, SHARED)).as("the same box with arrays reused from other pools").isEqualTo(f);
        Statistics.label("a box wider than 0").collect(f > 0);
        Statistics.label("a box wider than 0").coverage(c -> c.check(true).percentage(p -> p > 50));
        for (int k = 0; k < 200; k++) {
            List<Position> ps = new ArrayList<>();
            for (int i = 0; i < pool.positions().size(); i++) {
                Position p = pool.positions().get(i);
                ps.add(p.withMark(p.markPrice() * (1 + f * point(r, k, i))));
            }
            List<CollateralAsset> as = new ArrayList<>();
            for (int a = 0; a < pool.assets().size(); a++) {
                CollateralAsset c = pool.assets().get(a);
                as.add(moves[a] ? new CollateralAsset(c.asset(), c.amount(), c.indexPrice() * (1 + f * point(r, k, 10 + a)), c.rule()) : c);
            }
            double w = worst(new CollateralPool(as, ps, pool.exchange()), ins);
            for (double level : rising) {
                assertThat(w).as("f %s, point %d: below %s", f, k, level).isLessThan(level);
            }
            for (double level : falling) {
                assertThat(w).as("f %s, point %d: at or above %s", f, k, level).isGreaterThanOrEqualTo(level);
            }
        }
    }

    /** One scratch for every pool the properties draw (of different sizes): what a stream task does. */
    private static final CollateralPool.BandScratch SHARED = new CollateralPool.BandScratch();

    /**
     * The box search, once its scratch has grown to the pool, allocates nothing: no arrays per pass (there were five per
     * pass, plus three per isolated position and the instruments' terms), so a pooled account's visit leaves no garbage
     * for its bands. Counted with the thread's allocated bytes over rounds of 2,000 searches (a count, not a time).
     */
    @net.jqwik.api.Example
    void band_withAReusedScratch_allocatesNothingPerSearch() {
        List<Position> ps = List.of(
                new Position("BTCUSDT", Side.LONG, 0.8, 60_000, 20, MarginMode.CROSS, PositionSide.BOTH, 0, 60_500),
                new Position("ETHUSDT", Side.SHORT, 3, 3_000, 10, MarginMode.ISOLATED, PositionSide.BOTH, 0, 2_980));
        CollateralPool pool = new CollateralPool(List.of(
                new CollateralAsset("USDT", 2_000, 1, io.perpguard.venue.CollateralRule.binanceMultiAssets(0, 0)),
                new CollateralAsset("BTC", 0.05, 60_500, io.perpguard.venue.CollateralRule.binanceMultiAssets(0.05, 0.05))),
                ps, io.perpguard.venue.Exchange.BINANCE);
        Instruments ins = CollateralPoolPropertiesTest.INS;
        double now = worst(pool, ins);
        double[] rising = {0.5, 0.7, 0.85, 1, now + 0.005}, falling = {now - 0.005};
        boolean[] moves = {false, true};
        CollateralPool.BandScratch scratch = new CollateralPool.BandScratch();
        double f = pool.band(ins, rising, rising.length, falling, falling.length, moves, 0, scratch);
        assertThat(f).as("a box wider than the mark").isGreaterThan(0);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        double sum = 0;
        for (int i = 0; i < 500; i++) {
            sum += pool.band(ins, rising, rising.length, falling, falling.length, moves, i % 2 == 0 ? 0 : f, scratch);
        }
        // the fewest bytes of five rounds: a round may meet a one-off allocation of the JVM's own (64 KB seen once)
        long bytes = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 2_000; i++) {
                sum += pool.band(ins, rising, rising.length, falling, falling.length, moves, i % 2 == 0 ? 0 : f, scratch);
            }
            bytes = Math.min(bytes, mx.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(sum).isGreaterThan(0);
        assertThat(bytes).as("bytes allocated by 2,000 box searches").isLessThan(1_000);
    }

    /** In [−1, 1]: the box's corners for the first 64 points (a bit per dimension), then anywhere inside. */
    private static double point(Random r, int k, int dim) {
        return k < 64 ? ((k * 0x9E3779B9 >>> (dim % 31)) & 1) == 0 ? -1 : 1 : 2 * r.nextDouble() - 1;
    }

    /** The alert ratio: the pool's for the cross positions, each isolated position's own, the highest. */
    static double worst(CollateralPool pool, Instruments ins) {
        double w = Double.NaN;
        boolean cross = pool.positions().stream().anyMatch(p -> p.marginMode() == MarginMode.CROSS);
        if (cross) {
            w = pool.marginRatio(ins);
        }
        for (Position p : pool.positions()) {
            if (p.marginMode() == MarginMode.ISOLATED) {
                double r = MarginCalculator.isolatedMarginRatioAt(p, ins.get(p.symbol()), p.markPrice());
                w = Double.isNaN(w) || r > w ? r : w;
            }
        }
        return w;
    }
}
