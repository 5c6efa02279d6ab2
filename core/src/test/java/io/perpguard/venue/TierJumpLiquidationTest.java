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
        // Not covered (a known gap, docs/venues.md "Not yet"): a position carried into a higher tier by its gain — a linear long
        // rising, an inverse short falling — on a whole-value table; the cap crossing is sought the way the legs lose, so that
        // jump is not reported (seed 7879657184872298931: 980.39 BTCX long from 1,000 at 11.8×, tier 2 at 5 %, marked 1,020
        // past the 1,000,000 cap into tier 3 at 15 %: ratio 146 %, reported liquidation 963.33)
        boolean gainSide = (p.side() == Side.LONG) == (mark > p0.entryPrice());
        net.jqwik.api.Assume.that(!(gainSide && tierAt(t, p0.qty(), mark) > tierAt(t, p0.qty(), p0.entryPrice())));
        LiquidationResult r = LiquidationPrice.isolated(p, t.inst());
        assertThat(r.exists()).as(t.toString()).isTrue();
        assertThat(p.side() == Side.LONG ? r.price() >= mark : r.price() <= mark).as(t + " liq " + r.price() + " mark " + mark).isTrue();
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
        boolean isLong = p.side() == Side.LONG;
        if (Double.isFinite(bp)) {
            assertThat(isLong ? r.price() >= bp : r.price() <= bp).as(what + " liq " + r.price() + " bp " + bp).isTrue();
        }
        double safe = r.price() * (isLong ? 1 + 1e-7 : 1 - 1e-7), past = r.price() * (isLong ? 1 - 1e-7 : 1 + 1e-7);
        MarginConvention c = t.convention();
        assertThat(c.liquidatedAt(MarginCalculator.venueIsolatedMarginRatioAt(p, t.inst(), safe))).as(what + " safe side").isFalse();
        assertThat(c.liquidatedAt(MarginCalculator.venueIsolatedMarginRatioAt(p, t.inst(), past))).as(what + " past").isTrue();
    }

    static int tierAt(Trade t, double qty, double price) {
        double m = t.convention().tierMeasure(t.inst().terms(), qty, price);
        return m > t.inst().tiers().maxNotional() ? Integer.MAX_VALUE : t.inst().tiers().bracketFor(m).bracket();
    }
}
