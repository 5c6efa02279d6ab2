package io.perpguard.venue;

import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.LiquidationResult;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tiers that apply each rate to the whole value (no maintenance amount: a Bybit risk-limit table without mmDeduction,
 * XT, OKX) make the requirement jump at a cap. A short growing into the next tier (an inverse long, whose coin value
 * grows as the price falls) can be liquidated by the jump itself, where no tier's own root is consistent: the cap's
 * price is then the liquidation price. perpguard printed "none: no rise liquidates it" there, with a bankruptcy price
 * a few hundred dollars further.
 */
class TierJumpLiquidationTest {

    /** Bybit's 2023 BTCUSDT risk limits (2,000,000 at 0.5 %, 4,000,000 at 1 %, 6,000,000 at 1.5 %) without a deduction. */
    static RiskTiers wholeValueLadder(String symbol, double scale) {
        return wholeValueLadder(symbol, scale, new double[]{0.005, 0.01, 0.015}, new double[]{100, 50, 40});
    }

    static RiskTiers wholeValueLadder(String symbol, double scale, double[] mmr, double[] lev) {
        double[] caps = {2_000_000 * scale, 4_000_000 * scale, 6_000_000 * scale};
        return new RiskTiers(symbol, List.of(new LeverageBracket(1, 0, caps[0], lev[0], mmr[0], 0),
                new LeverageBracket(2, caps[0], caps[1], lev[1], mmr[1], 0),
                new LeverageBracket(3, caps[1], caps[2], lev[2], mmr[2], 0)));
    }

    static MarginConvention convention(String id) {
        return Conventions.all().stream().filter(c -> c.id().name().equals(id)).findFirst().orElseThrow();
    }

    @Example
    void bybitUnifiedShort_isLiquidatedWhereItsValueCrossesTheCap() {
        MarginConvention c = convention("BYBIT_UTA_LINEAR");
        Instrument inst = VenueFixtures.instrument(c, wholeValueLadder("BTCUSDT", 1), 0.00055);
        Position p = new Position("BTCUSDT", Side.SHORT, 38, 50_000, 17, MarginMode.ISOLATED, PositionSide.BOTH, 0, 50_000, c.contractType());
        LiquidationResult r = LiquidationPrice.isolated(p, inst);
        double cap = 2_000_000 / 38.0;
        assertThat(r.exists()).isTrue();
        assertThat(r.price()).isEqualTo(cap);
        assertThat(r.bracket().bracket()).isEqualTo(2);
        // safe up to the cap in tier 1, liquidated just past it in tier 2; bankruptcy (equity 0) only further up
        assertThat(MarginCalculator.venueIsolatedMarginRatioAt(p, inst, cap)).isLessThan(1);
        assertThat(MarginCalculator.venueIsolatedMarginRatioAt(p, inst, cap * (1 + 1e-9))).isGreaterThan(1);
        assertThat(LiquidationPrice.bankruptcyIsolated(p, inst)).isGreaterThan(cap);
        // marked past the cap (ratio 218 %): liquidated there, not "no rise liquidates it"
        Position marked = new Position("BTCUSDT", Side.SHORT, 38, 50_000, 17, MarginMode.ISOLATED, PositionSide.BOTH, 0, 52_700, c.contractType());
        assertThat(MarginCalculator.venueIsolatedMarginRatioAt(marked, inst, 52_700)).isGreaterThan(2);
        assertThat(LiquidationPrice.isolated(marked, inst).price()).isEqualTo(cap);
    }

    @Example
    void bybitUnifiedInverseLong_isLiquidatedWhereItsCoinValueCrossesTheCap() {
        MarginConvention c = convention("BYBIT_UTA_INVERSE");
        Instrument inst = VenueFixtures.instrument(c, wholeValueLadder("BTCUSD", 150 / 2_000_000.0), 0.00055);
        // 10,000,000 USD from 70,000 = 142.86 BTC in tier 1; its coin value reaches the 150 BTC cap at 66,666.67
        Position p = new Position("BTCUSD", Side.LONG, 10_000_000, 70_000, 17, MarginMode.ISOLATED, PositionSide.BOTH, 0, 70_000, c.contractType());
        LiquidationResult r = LiquidationPrice.isolated(p, inst);
        assertThat(r.exists()).isTrue();
        assertThat(r.price()).isEqualTo(10_000_000 / 150.0);
        assertThat(r.bracket().bracket()).isEqualTo(2);
        assertThat(LiquidationPrice.bankruptcyIsolated(p, inst)).isLessThan(r.price());
    }

    /**
     * jqwik's seed 7879657184872298931 (shrunk): a Binance USDⓈ-M long of 980.3924 BTCX from 1,000 at 11.787826x on a
     * whole-value table (to 500,000 at 0.5 %, to 1,000,000 at 5 %, to 1,500,000 at 15 %) sits in tier 2; a rise carries its
     * notional past the 1,000,000 cap at 1,019.9998, where 15 % of it (153,000 at 1,020) exceeds its margin balance
     * (104,833): Binance's ratio MM / margin balance is 146 % there. The engine reported 963.33, tier 2's root below the mark.
     */
    @Example
    void binanceLong_carriedUpIntoAHigherTier_isLiquidatedAtTheCapAboveItsMark() {
        MarginConvention c = convention("BINANCE_USDM");
        Instrument inst = VenueFixtures.instrument(c, wholeValueLadder("BTCX", 0.25, STEEP_MMR, STEEP_LEV), 0.0005);
        double qty = 980.3924, lev = 11.787825999999999, cap = 1_000_000 / qty;
        Position marked = new Position("BTCX", Side.LONG, qty, 1_000, lev, MarginMode.ISOLATED, PositionSide.BOTH, 0, 1_020, c.contractType());
        assertThat(MarginCalculator.venueIsolatedMarginRatioAt(marked, inst, 1_020)).isCloseTo(1.4594, org.assertj.core.api.Assertions.within(1e-4));
        LiquidationResult r = LiquidationPrice.isolated(marked, inst);
        assertThat(r.price()).isEqualTo(cap);
        assertThat(r.bracket().bracket()).isEqualTo(3);
        assertThat(r.byFall()).as("reached by a rise").isFalse();
        // marked at entry (ratio 6 %): the first price that liquidates, either way from the mark, is the cap 2 % up, not
        // tier 2's root 963.33 (3.7 % down)
        Position atEntry = new Position("BTCX", Side.LONG, qty, 1_000, lev, MarginMode.ISOLATED, PositionSide.BOTH, 0, 1_000, c.contractType());
        assertThat(LiquidationPrice.isolated(atEntry, inst).price()).isEqualTo(cap);
        assertThat(LiquidationPrice.isolated(atEntry, inst).byFall()).isFalse();
        assertThat(c.liquidatedAt(MarginCalculator.venueIsolatedMarginRatioAt(atEntry, inst, cap))).isFalse();
        assertThat(c.liquidatedAt(MarginCalculator.venueIsolatedMarginRatioAt(atEntry, inst, cap * (1 + 1e-9)))).isTrue();
        assertThat(c.liquidatedAt(MarginCalculator.venueIsolatedMarginRatioAt(atEntry, inst, 963.34))).isFalse();
        // marked at 1,100 (tier 3, safe again: 15 % of 1,078,431 is below its balance 182,834): a fall to tier 3's own root
        // (1,000 − 1,000 / 11.787826) / 0.85 = 1,076.67 liquidates it
        Position above = new Position("BTCX", Side.LONG, qty, 1_000, lev, MarginMode.ISOLATED, PositionSide.BOTH, 0, 1_100, c.contractType());
        assertThat(LiquidationPrice.isolated(above, inst).price()).isCloseTo((1_000 - 1_000 / lev) / 0.85, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(LiquidationPrice.isolated(above, inst).byFall()).isTrue();
    }

    /**
     * The inverse mirror: a Binance COIN-M short's coin notional grows as the price falls. 4,950,000 USD short from 50,000
     * at 15x (99 BTC, tier 2 at 5 % to 100 BTC, margin 6.6 BTC): a fall of 1 % to 49,500 makes it 100 BTC, its gain 1 BTC,
     * and tier 3's 15 % (15 BTC) exceeds the 7.6 BTC of margin balance — liquidated by that fall, below its mark, before
     * tier 2's own root 1.79 % above (50,892.86) is reached.
     */
    @Example
    void coinmShort_carriedDownIntoAHigherTier_isLiquidatedAtTheCapBelowItsMark() {
        MarginConvention c = convention("BINANCE_COINM");
        Instrument inst = VenueFixtures.instrument(c, wholeValueLadder("BTCX", 1e-4 * 0.25, STEEP_MMR, STEEP_LEV), 0.0005);
        double qty = 4_950_000;
        Position p = new Position("BTCX", Side.SHORT, qty, 50_000, 15, MarginMode.ISOLATED, PositionSide.BOTH, 0, 50_000, c.contractType());
        assertThat(c.tierMeasure(inst.terms(), qty, 50_000)).isEqualTo(99);
        LiquidationResult r = LiquidationPrice.isolated(p, inst);
        assertThat(r.price()).isEqualTo(qty / 100);
        assertThat(r.bracket().bracket()).isEqualTo(3);
        assertThat(r.byFall()).as("reached by a fall").isTrue();
        assertThat(c.liquidatedAt(MarginCalculator.venueIsolatedMarginRatioAt(p, inst, 49_500 * (1 + 1e-9)))).isFalse();
        assertThat(c.liquidatedAt(MarginCalculator.venueIsolatedMarginRatioAt(p, inst, 49_500 * (1 - 1e-9)))).isTrue();
    }

    record Trade(MarginConvention convention, Instrument inst, Position position) {
        @Override
        public String toString() {
            return convention.id() + " " + position;
        }
    }

    /** Steep rate steps widen the sizes a jump liquidates, so random trades land there often. */
    static final double[] STEEP_MMR = {0.005, 0.05, 0.15}, STEEP_LEV = {100, 15, 5};

    @Provide
    Arbitrary<Trade> trades() {
        return Combinators.combine(Arbitraries.of(Conventions.all()), Arbitraries.of(Side.class), Arbitraries.integers().between(0, 2),
                Arbitraries.doubles().between(0, 1).ofScale(6), Arbitraries.doubles().between(1_000, 150_000).ofScale(2),
                Arbitraries.doubles().between(0, 1).ofScale(6)).as((c, side, tier, u, entry, v) -> {
            boolean inverse = c.contractType() == ContractType.INVERSE;
            double scale = c.tierBasis() == MarginConvention.TierBasis.BY_CONTRACTS ? (inverse ? 0.01 : 0.0025) : inverse ? 1e-4 : 1;
            Instrument inst = VenueFixtures.instrument(c, wholeValueLadder("BTCX", scale * 0.25, STEEP_MMR, STEEP_LEV), 0.0005);
            // a size 60–100 % of a cap at entry: a move of up to 40 % the wrong way carries its value across that cap
            double measure = inst.tiers().brackets().get(tier).notionalCap() * (0.6 + 0.4 * u);
            double qty = measure / c.tierMeasure(inst.terms(), 1, entry);
            double lev = 1 + v * (inst.tiers().maxLeverageFor(c.tierMeasure(inst.terms(), qty, entry)) - 1);
            return new Trade(c, inst, new Position("BTCX", side, qty, entry, lev, MarginMode.ISOLATED, PositionSide.BOTH, 0, entry,
                    c.contractType()));
        });
    }

    /** Whatever the mark, a mark at which the venue's own ratio liquidates the position has a liquidation price it is past. */
    @Property(tries = 800, maxDiscardRatio = 50)
    void aMarkThatLiquidates_isPastTheReportedLiquidationPrice(@ForAll("trades") Trade t,
                                                               @ForAll @net.jqwik.api.constraints.DoubleRange(min = 0.5, max = 1.5) double move) {
        Position p0 = t.position();
        double mark = p0.entryPrice() * move;
        Position p = new Position(p0.symbol(), p0.side(), p0.qty(), p0.entryPrice(), p0.leverage(), MarginMode.ISOLATED, PositionSide.BOTH, 0,
                mark, p0.type());
        net.jqwik.api.Assume.that(t.convention().liquidatedAt(MarginCalculator.venueIsolatedMarginRatioAt(p, t.inst(), mark)));
        // past it the way the mark reaches it: below a level reached by a fall, above one reached by a rise — also a long
        // carried up by its gain into a higher tier (seed 7879657184872298931, the example above)
        LiquidationResult r = LiquidationPrice.isolated(p, t.inst());
        assertThat(r.exists()).as(t.toString()).isTrue();
        assertThat(r.byFall() ? r.price() >= mark : r.price() <= mark).as(t + " liq " + r.price() + " mark " + mark).isTrue();
    }

    /**
     * For any isolated position on any venue's rule with whole-value tiers: whenever the margin can run out (a
     * bankruptcy price exists) there is a liquidation price, it is not beyond bankruptcy, the position is not
     * liquidated just before it and is just past it.
     */
    @Property(tries = 1500)
    void aPositionThatCanGoBankrupt_hasALiquidationPrice_notBeyondIt(@ForAll("trades") Trade t) {
        Position p = t.position();
        double bp = LiquidationPrice.bankruptcyIsolated(p, t.inst());
        LiquidationResult r = LiquidationPrice.isolated(p, t.inst());
        String what = t.toString();
        if (Double.isFinite(bp)) {
            assertThat(r.exists()).as(what).isTrue();
        }
        if (!r.exists()) {
            return;
        }
        boolean isLong = p.side() == Side.LONG, falls = r.byFall();
        if (Double.isFinite(bp)) {
            assertThat(isLong ? r.price() >= bp : r.price() <= bp).as(what + " liq " + r.price() + " bp " + bp).isTrue();
        }
        double safe = r.price() * (falls ? 1 + 1e-7 : 1 - 1e-7), past = r.price() * (falls ? 1 - 1e-7 : 1 + 1e-7);
        MarginConvention c = t.convention();
        assertThat(c.liquidatedAt(MarginCalculator.venueIsolatedMarginRatioAt(p, t.inst(), safe))).as(what + " safe side").isFalse();
        assertThat(c.liquidatedAt(MarginCalculator.venueIsolatedMarginRatioAt(p, t.inst(), past))).as(what + " past").isTrue();
    }

}
