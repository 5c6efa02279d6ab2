package io.perpguard.cascade;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

/**
 * Binance's liquidation orders are IOC limits at the position's bankruptcy price ({@link EngineSpec#iocAtBankruptcy()};
 * docs/cascade-rounds.md, ioc-bankruptcy): the book fills them down to bankruptcy and never worse, the bankrupt rest is
 * taken over by the insurance fund (net position up to its balance), then ADL'd. As market orders that walk the book at
 * any price, the same liquidations in a thin book run to the walk's cap with the fund paying the shortfall.
 */
class BankruptcyLimitTest {
    private static final double P0 = 100_000, OI = 1e9, MINUTES = 20;
    private static final long SEED = 7;

    /**
     * A static thin book (no withdrawal, no refill, no index feedback), the mark = the last price, the index falling
     * {@code fallPct} over the first minute: the only other flow on the book is the engine's.
     */
    private static MarketSpec market(double depth1Pct, double fallPct, double fundUsd, boolean adl, boolean ioc) {
        return new MarketSpec("BTCUSDT", P0, TestMarkets.ladder(OI, 2_000), DepthModel.staticBook(depth1Pct, 0.78),
                new EngineSpec(0, false, fundUsd, adl, 0, ioc), FlowModel.NONE, List.of(new ShockLeg(0, 1, 0, -fallPct)), List.of());
    }

    private static EventKernel run(MarketSpec m) {
        EventKernel k = new EventCascade(TestMarkets.TIERS).kernel(TestMarkets.scenario(m, MINUTES), m, SEED);
        k.runAll();
        return k;
    }

    /** The lowest bankruptcy price of any long on the ladder the kernel starts from. */
    private static double lowestLongBankruptcy(MarketSpec m) {
        return Arrays.stream(m.positions(TestMarkets.BTC, SEED).longs().bankruptcy()).min().orElseThrow();
    }

    private static double lowest(EventKernel k) {
        return Arrays.stream(k.minuteLow).filter(x -> !Double.isNaN(x)).min().orElseThrow();
    }

    @Test
    void aThinBook_marketOrdersRunToTheCap_bankruptcyLimitsStopAtTheLadder() {
        // $1M per 1 % against $1B of OI, a fund of $10B: as market orders the liquidations walk to the cap (10⁻⁴ × the
        // anchor) and the fund pays; as IOC limits at bankruptcy the last price never goes below the lowest long's
        // bankruptcy price, the fund only gains, and the rest is the fund's takeover (no book impact)
        MarketSpec market = market(1e6, 3, 1e10, true, false), limited = market(1e6, 3, 1e10, true, true);
        EventKernel walk = run(market), ioc = run(limited);
        assertThat(100 * walk.maxDd).as("market orders walk to the cap").isGreaterThan(99.9);
        assertThat(walk.insuranceFund).as("the fund paid fills below bankruptcy").isLessThan(1e10);
        assertThat(walk.fundTakenUsd).isZero();

        double floor = lowestLongBankruptcy(limited);
        assertThat(floor).as("the ladder's deepest long (2x) is bankrupt near half the price").isBetween(0.3 * P0, 0.7 * P0);
        assertThat(lowest(ioc)).as("no fill below bankruptcy").isGreaterThanOrEqualTo(floor * (1 - 1e-9));
        assertThat(100 * ioc.maxDd).isLessThan(100 * (1 - floor / P0) + 1e-6);
        assertThat(ioc.insuranceFund).as("fills at or above bankruptcy: the fund never pays").isGreaterThanOrEqualTo(1e10);
        assertThat(ioc.badDebt).isZero();
        assertThat(ioc.fundTakenUsd).as("the bankrupt rest goes to the fund").isPositive();
        assertThat(ioc.adlUsd).as("the fund had room for all of it").isZero();
        assertThat(ioc.fundNetUsd).isLessThanOrEqualTo(1e10);
        MarketOutcome o = new EventCascade(TestMarkets.TIERS).runMarket(TestMarkets.scenario(limited, MINUTES), limited, SEED);
        assertThat(o.fundTakenOverUsd()).as("the outcome reports the takeover").isCloseTo(ioc.fundTakenUsd, offset(1e-6 * ioc.fundTakenUsd));
        assertThat(o.longLiquidatedUsd()).as("and counts it as liquidated").isGreaterThanOrEqualTo(o.fundTakenOverUsd());
    }

    @Test
    void theFundTakesOverUpToItsBalance_thenAdl_andWithoutEitherTheOrderWaits() {
        // fund of $5M: its net position taken over stays within its balance (which grows by the fills' surplus); ADL
        // takes what it cannot
        EventKernel small = run(market(1e6, 3, 5e6, true, true));
        assertThat(small.fundTakenUsd).isPositive();
        assertThat(small.fundNetUsd).isLessThanOrEqualTo(small.insuranceFund * (1 + 1e-9));
        assertThat(small.adlUsd).as("beyond the fund's room: ADL at bankruptcy").isPositive();
        assertThat(small.badDebt).isZero();
        // no fund, no ADL: what the book cannot take at bankruptcy stays queued (sent again each step), never sold lower
        MarketSpec none = market(1e6, 3, 0, false, true);
        EventKernel k = run(none);
        assertThat(k.adlUsd).isZero();
        assertThat(k.pendingQty(0)).as("long liquidations wait").isPositive();
        assertThat(lowest(k)).isGreaterThanOrEqualTo(lowestLongBankruptcy(none) * (1 - 1e-9));
    }

    @Test
    void bitmexLimitsAndBinanceIocLimitsExcludeEachOther() {
        assertThatThrownBy(() -> new EngineSpec(0, true, 0, true, 0, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("engine.iocAtBankruptcy: true excludes limitAtBankruptcy");
        assertThat(new EngineSpec(0, false, 1, true, 5).iocAtBankruptcy()).as("the five-value engine walks at any price").isFalse();
    }

    /**
     * Over thin to deep books, small to large falls, funds from none to ample, ADL on or off: the last price never goes
     * below the lowest long bankruptcy price on the ladder (nothing but the engine trades on this book, and the index
     * falls less than that), the fund never pays, no bad debt, and the accounting of I1 closes with the fund as the
     * counterparty at bankruptcy.
     */
    @Property(tries = 30, shrinking = ShrinkingMode.OFF)
    void iocLimits_neverFillBelowBankruptcy(@ForAll @DoubleRange(min = 2e5, max = 5e7) double depth1Pct,
                                            @ForAll @DoubleRange(min = 0.5, max = 25) double fallPct,
                                            @ForAll @DoubleRange(min = 0, max = 2e9) double fund,
                                            @ForAll boolean adl) {
        MarketSpec m = market(depth1Pct, fallPct, fund, adl, true);
        double floor = Math.min(lowestLongBankruptcy(m), P0 * (1 - fallPct / 100));
        EventKernel k = run(m);
        assertThat(lowest(k)).isGreaterThanOrEqualTo(floor * (1 - 1e-9));
        assertThat(k.insuranceFund).isGreaterThanOrEqualTo(fund - 1e-6 * Math.max(1, fund));
        assertThat(k.badDebt).isZero();
        assertThat(k.wrongWay).isZero();
        double fundChange = k.insuranceFund - fund;
        assertThat(k.marginLoss).isCloseTo(k.counterpartyGain + fundChange - k.badDebt, offset(1e-6 * Math.max(1, k.marginLoss)));
    }
}
