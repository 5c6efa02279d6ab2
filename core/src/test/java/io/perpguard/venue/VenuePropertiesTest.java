package io.perpguard.venue;

import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.LiquidationResult;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Invariants of every convention over random positions on a three-tier ladder: the venue's own margin ratio is at
 * its trigger at the reported liquidation price; long liquidation &lt; entry &lt; short liquidation; more margin
 * moves liquidation away.
 */
class VenuePropertiesTest {

    record Trade(MarginConvention convention, Instrument inst, Side side, double qty, double entry, double leverage, double added) {
        Position position(MarginMode mode, double extra) {
            return new Position(inst.symbol(), side, qty, entry, leverage, mode, PositionSide.BOTH,
                    mode == MarginMode.ISOLATED ? added + extra : 0, entry, convention.contractType());
        }

        Position position() {
            return position(MarginMode.ISOLATED, 0);
        }
    }

    @Provide
    Arbitrary<Trade> trades() {
        return Combinators.combine(Arbitraries.of(Conventions.all()), Arbitraries.of(Side.class),
                Arbitraries.doubles().between(0, 1).ofScale(6), Arbitraries.doubles().between(1_000, 150_000).ofScale(2),
                Arbitraries.doubles().between(0, 1).ofScale(6), Arbitraries.doubles().between(0, 0.5).ofScale(4)).as((c, side, u, entry, v, w) -> {
            Instrument inst = VenueFixtures.instrument(c, VenueFixtures.ladder(c), 0.0005);
            boolean inverse = c.contractType() == ContractType.INVERSE;
            double qty = inverse ? 100 + u * 5_000_000 : 0.001 + u * 50;
            double measure = c.tierMeasure(inst.terms(), qty, entry);
            if (measure > inst.tiers().maxNotional()) {
                return null;
            }
            double max = inst.tiers().maxLeverageFor(measure);
            double lev = 1 + v * (max - 1);
            Position p0 = new Position(inst.symbol(), side, qty, entry, lev, MarginMode.ISOLATED, PositionSide.BOTH, 0, entry, c.contractType());
            return new Trade(c, inst, side, qty, entry, lev, w * p0.initialMargin());
        }).filter(t -> t != null);
    }

    @Property(tries = 1000)
    void venueMarginRatio_isAtItsTrigger_atTheLiquidationPrice(@ForAll("trades") Trade t) {
        Assume.that(t.side() == Side.SHORT || t.leverage() >= 1.1);
        Position p = t.position();
        LiquidationResult r = LiquidationPrice.isolated(p, t.inst());
        Assume.that(r.exists());
        assertThat(MarginCalculator.venueIsolatedMarginRatioAt(p, t.inst(), r.price())).as(t.convention().id().name()).isCloseTo(1.0, within(1e-8));
        // and on the safe side of the liquidation price the position is not liquidated
        double safer = r.price() * (t.side() == Side.LONG ? 1.001 : 0.999);
        assertThat(t.convention().liquidatedAt(MarginCalculator.venueIsolatedMarginRatioAt(p, t.inst(), safer))).as(t.convention().id().name()).isFalse();
    }

    @Property(tries = 1000)
    void longLiquidation_isBelowEntry_andShortAbove(@ForAll("trades") Trade t) {
        LiquidationResult r = LiquidationPrice.isolated(t.position(), t.inst());
        if (t.side() == Side.LONG) {
            assertThat(!r.exists() || r.price() < t.entry()).as(t.convention().id().name()).isTrue();
        } else {
            assertThat(r.price()).as(t.convention().id().name()).isGreaterThan(t.entry());
        }
    }

    @Property(tries = 1000)
    void moreMargin_movesLiquidationAway(@ForAll("trades") Trade t) {
        Position p = t.position();
        double more = p.initialMargin() * 0.1;
        LiquidationResult before = LiquidationPrice.isolated(p, t.inst());
        LiquidationResult after = LiquidationPrice.isolated(t.position(MarginMode.ISOLATED, more), t.inst());
        Assume.that(before.exists());
        if (t.side() == Side.LONG) {
            assertThat(!after.exists() || after.price() < before.price()).as(t.convention().id().name()).isTrue();
        } else {
            assertThat(after.price()).as(t.convention().id().name()).isGreaterThan(before.price());
        }
    }

    @Property(tries = 500)
    void crossMarginRatio_isAtItsTrigger_atTheCrossLiquidationPrice(@ForAll("trades") Trade t) {
        Assume.that(t.side() == Side.SHORT || t.leverage() >= 1.1);
        Position p = t.position(MarginMode.CROSS, 0);
        double wallet = p.initialMargin() + t.added();
        Account a = new Account(wallet, List.of(p));
        Instruments ins = Instruments.of(t.inst());
        LiquidationResult r = LiquidationPrice.cross(a, p.symbol(), ins);
        Assume.that(r.exists());
        assertThat(MarginCalculator.venueCrossMarginRatioAt(a, ins, p.symbol(), r.price())).as(t.convention().id().name()).isCloseTo(1.0, within(1e-8));
        if (t.side() == Side.LONG) {
            assertThat(r.price()).isLessThan(t.entry());
        } else {
            assertThat(r.price()).isGreaterThan(t.entry());
        }
    }

    /** A 1× inverse short's equity approaches its requirement only as the price goes to infinity: no liquidation price (was 4.6e19 from rounding). */
    @net.jqwik.api.Example
    void oneTimesInverseShort_hasNoLiquidationPrice() {
        MarginConvention c = Conventions.all().stream().filter(x -> x.id().name().equals("BYBIT_INVERSE")).findFirst().orElseThrow();
        Instrument inst = VenueFixtures.instrument(c, VenueFixtures.ladder(c), 0.0005);
        Position p = new Position(inst.symbol(), Side.SHORT, 105, 1000, 1.0, MarginMode.ISOLATED, PositionSide.BOTH, 5.25e-4, 1000, c.contractType());
        assertThat(LiquidationPrice.isolated(p, inst).exists()).isFalse();
    }
}
