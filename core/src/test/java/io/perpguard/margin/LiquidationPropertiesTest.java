package io.perpguard.margin;

import io.perpguard.instrument.Instruments;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static io.perpguard.margin.TestInstruments.BTC;
import static io.perpguard.margin.TestInstruments.BTC_TIERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Invariants of the liquidation price over random positions with BTCUSDT's real tiers. */
class LiquidationPropertiesTest {

    record Trade(Side side, double qty, double entry, double leverage) {
        Position position() {
            return Position.isolated("BTCUSDT", side, qty, entry, leverage);
        }
    }

    @Provide
    Arbitrary<Trade> trades() {
        return Combinators.combine(Arbitraries.of(Side.class), Arbitraries.doubles().between(0.001, 5_000).ofScale(6),
                Arbitraries.doubles().between(1_000, 150_000).ofScale(4), Arbitraries.doubles().between(0, 1).ofScale(6)).as((side, qty, entry, u) -> {
            double max = BTC_TIERS.maxLeverageFor(Math.min(qty * entry, BTC_TIERS.maxNotional()));
            return new Trade(side, qty, entry, 1 + u * (max - 1));
        }).filter(t -> t.qty() * t.entry() <= BTC_TIERS.maxNotional());
    }

    /**
     * Relative 1e-9 before rounding. Longs at under 1.1× are left out: their liquidation price sits near zero, where
     * margin + PnL cancels to a few cents of a notional in the millions, so one ulp of the price (≈1e-11 at 100k)
     * already moves the ratio by ~1e-8 — a limit of double evaluation, not of the solver.
     */
    @Property(tries = 400)
    void marginRatio_isOneHundredPercent_atTheLiquidationPrice(@ForAll("trades") Trade t) {
        Assume.that(t.side() == Side.SHORT || t.leverage() >= 1.1);
        Position p = t.position();
        LiquidationResult r = LiquidationPrice.isolated(p, BTC_TIERS);
        Assume.that(r.exists());
        assertThat(MarginCalculator.isolatedMarginRatioAt(p, BTC_TIERS, r.price())).isCloseTo(1.0, within(1e-9));
    }

    @Property(tries = 400)
    void liquidationPrice_isBelowEntry_forLong_andAboveForShort(@ForAll("trades") Trade t) {
        LiquidationResult r = LiquidationPrice.isolated(t.position(), BTC_TIERS);
        if (t.side() == Side.LONG) {
            assertThat(!r.exists() || r.price() < t.entry()).isTrue();
        } else {
            assertThat(r.price()).isGreaterThan(t.entry());
        }
    }

    @Property(tries = 300)
    void liquidationPrice_movesTowardEntry_asLeverageRises(@ForAll("trades") Trade t, @ForAll("fractions") double more) {
        double max = BTC_TIERS.maxLeverageFor(t.qty() * t.entry());
        double higher = t.leverage() + more * (max - t.leverage());
        Assume.that(higher > t.leverage());
        LiquidationResult lo = LiquidationPrice.isolated(t.position(), BTC_TIERS);
        LiquidationResult hi = LiquidationPrice.isolated(t.position().withLeverage(higher), BTC_TIERS);
        Assume.that(hi.exists());
        double dLo = lo.exists() ? Math.abs(lo.price() - t.entry()) : Double.POSITIVE_INFINITY;
        assertThat(Math.abs(hi.price() - t.entry())).isLessThanOrEqualTo(dLo * (1 + 1e-12));
    }

    @Property(tries = 400)
    void bankruptcyPrice_isAlwaysBeyondTheLiquidationPrice(@ForAll("trades") Trade t) {
        Position p = t.position();
        LiquidationResult r = LiquidationPrice.isolated(p, BTC_TIERS);
        Assume.that(r.exists());
        double bp = LiquidationPrice.bankruptcyIsolated(p);
        if (t.side() == Side.LONG) {
            assertThat(Double.isNaN(bp) || bp < r.price()).isTrue();
        } else {
            assertThat(bp).isGreaterThan(r.price());
        }
    }

    @Property(tries = 300)
    void moreCrossWallet_movesTheLiquidationPriceAway(@ForAll("trades") Trade t, @ForAll("fractions") double extra) {
        Position p = new Position("BTCUSDT", t.side(), t.qty(), t.entry(), t.leverage(), MarginMode.CROSS, PositionSide.BOTH, 0, t.entry());
        double wallet = p.initialMargin();
        Instruments ins = Instruments.of(BTC);
        LiquidationResult a = LiquidationPrice.cross(new Account(wallet, List.of(p)), "BTCUSDT", ins);
        LiquidationResult b = LiquidationPrice.cross(new Account(wallet * (1.01 + extra), List.of(p)), "BTCUSDT", ins);
        Assume.that(a.exists());
        if (t.side() == Side.LONG) {
            assertThat(!b.exists() || b.price() < a.price()).isTrue();
        } else {
            assertThat(b.price()).isGreaterThan(a.price());
        }
        if (b.exists()) {
            assertThat(MarginCalculator.crossMarginRatioAt(new Account(wallet * (1.01 + extra), List.of(p)), ins, "BTCUSDT", b.price()))
                    .isCloseTo(1.0, within(1e-9));
        }
    }

    @Property(tries = 200)
    void displayedLiquidationPrice_isRoundedTowardEntry(@ForAll("trades") Trade t) {
        PositionReport r = MarginCalculator.evaluate(t.position(), BTC, 0);
        Assume.that(Double.isFinite(r.liquidationPriceExact()));
        if (t.side() == Side.LONG) {
            assertThat(r.liquidationPrice()).isGreaterThanOrEqualTo(r.liquidationPriceExact()).isLessThan(r.liquidationPriceExact() + 0.1 + 1e-9);
        } else {
            assertThat(r.liquidationPrice()).isLessThanOrEqualTo(r.liquidationPriceExact()).isGreaterThan(r.liquidationPriceExact() - 0.1 - 1e-9);
        }
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 1).ofScale(6);
    }
}
