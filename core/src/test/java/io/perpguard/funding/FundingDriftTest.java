package io.perpguard.funding;

import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FundingDriftTest {
    static final double MARK = 60_000;

    /** The guide's position: 500,000 USDT of BTCUSDT long at 50x, isolated, static mark 60,000. */
    static Position guideLong() {
        return new Position("BTCUSDT", Side.LONG, 500_000 / MARK, MARK, 50, MarginMode.ISOLATED, PositionSide.BOTH, 0, MARK);
    }

    @Test
    void test_intervalsToLiquidation_guideExample_31PaymentsWithBtcTiers() {
        // notional 500,000 is in BTCUSDT tier 2 (50,000 to 600,000): MMR 0.5 %, cum 50 → MM = 2,500 − 50 = 2,450.
        // margin 10,000 falls by 250 a payment; liquidated once 10,000 − 250 n ≤ 2,450 → n ≥ 30.2 → 31 payments (10⅓ days)
        int expected = (int) Math.ceil((10_000 - (500_000 * 0.005 - 50)) / 250.0);
        assertThat(expected).isEqualTo(31);
        assertThat(FundingDrift.intervalsToLiquidation(guideLong(), BtcTiers.INSTRUMENT, 0.0005)).hasValue(31);

        FundingDrift.Drift d = FundingDrift.isolated(guideLong(), BtcTiers.INSTRUMENT, 0.0005, 100);
        assertThat(d.intervalsToLiquidation()).hasValue(31);
        assertThat(d.steps()).hasSize(31);
        assertThat(d.steps().get(29).marginRatio()).isLessThan(1);
        assertThat(d.steps().get(30).marginRatio()).isGreaterThanOrEqualTo(1);
        assertThat(d.steps().get(30).margin()).isCloseTo(10_000 - 31 * 250, within(1e-6));
    }

    @Test
    void test_isolated_liquidationPriceAfterEachPayment_isTheIsolatedFormulaWithMarginReduced() {
        Position p = guideLong();
        FundingDrift.Drift d = FundingDrift.isolated(p, BtcTiers.INSTRUMENT, 0.0005, 100);
        double paid = 0;
        for (FundingDrift.Step s : d.steps()) {
            paid += 250;
            Position reduced = new Position(p.symbol(), p.side(), p.qty(), p.entryPrice(), p.leverage(), p.marginMode(),
                    p.positionSide(), -paid, p.markPrice());
            assertThat(s.liquidationPrice()).isCloseTo(LiquidationPrice.isolated(reduced, BtcTiers.TIERS).price(), within(1e-6));
        }
        // the liquidation price rises toward the mark and crosses it exactly when the margin ratio reaches 100 %
        assertThat(d.startLiquidationPrice()).isLessThan(d.steps().get(0).liquidationPrice());
        assertThat(d.steps().get(29).liquidationPrice()).isLessThan(MARK);
        assertThat(d.steps().get(30).liquidationPrice()).isGreaterThanOrEqualTo(MARK);
    }

    @Test
    void test_intervalsToLiquidation_receivingFunding_neverLiquidates() {
        assertThat(FundingDrift.intervalsToLiquidation(guideLong(), BtcTiers.INSTRUMENT, -0.0001)).isEmpty();
        assertThat(FundingDrift.intervalsToLiquidation(guideLong(), BtcTiers.INSTRUMENT, 0)).isEmpty();
        assertThat(FundingDrift.isolated(guideLong(), BtcTiers.INSTRUMENT, -0.0001, 50).intervalsToLiquidation()).isEmpty();
    }

    @Test
    void test_isolated_historicalSequence_stopsAtFirstLiquidatingPayment() {
        // 2,450 MM; 10,000 margin: payments of 5,000 then 3,000 leave 2,000 ≤ 2,450 after the second
        double[] rates = {0.01, 0.006, 0.0001, 0.0001};
        FundingDrift.Drift d = FundingDrift.isolated(guideLong(), BtcTiers.INSTRUMENT, rates);
        assertThat(d.intervalsToLiquidation()).hasValue(2);
        assertThat(d.endMargin()).isCloseTo(2_000, within(1e-6));
    }

    @Test
    void test_cross_fundingComesOutOfTheWallet() {
        Contract c = new Contract("BTCUSDT", 0.1, 0.001, 0.001, 100, 0.0005, 0.0002, 8, 0.0125);
        Instruments inst = Instruments.of(new Instrument(c, BtcTiers.TIERS));
        Position p = new Position("BTCUSDT", Side.LONG, 500_000 / MARK, MARK, 50, MarginMode.CROSS, PositionSide.BOTH, 0, MARK);
        Account a = new Account(20_000, List.of(p));
        // wallet 20,000 pays 250 a payment; cross margin ratio = 2,450 / wallet ≥ 1 once 20,000 − 250 n ≤ 2,450 → n = 71 (70.2 rounded up)
        double[] rates = new double[200];
        java.util.Arrays.fill(rates, 0.0005);
        FundingDrift.Drift d = FundingDrift.cross(a, "BTCUSDT", inst, rates);
        assertThat(d.intervalsToLiquidation()).hasValue((int) Math.ceil((20_000 - 2_450) / 250.0));
        FundingDrift.Step last = d.steps().get(d.steps().size() - 1);
        assertThat(last.margin()).isCloseTo(20_000 - 71 * 250, within(1e-6));
        assertThat(last.liquidationPrice()).isGreaterThanOrEqualTo(MARK);
        assertThat(d.steps().get(69).liquidationPrice()).isLessThan(MARK);
    }

    @Test
    void test_intervalsToLiquidation_crossPosition_isRefused() {
        Position p = new Position("BTCUSDT", Side.LONG, 1, MARK, 10, MarginMode.CROSS, PositionSide.BOTH, 0, MARK);
        assertThatThrownBy(() -> FundingDrift.intervalsToLiquidation(p, BtcTiers.INSTRUMENT, 0.0001))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("marginMode:");
    }

    @Property(tries = 300)
    void intervalsToLiquidation_closedForm_equalsWalkedDrift(@ForAll @DoubleRange(min = 2, max = 100) double leverage,
                                                             @ForAll @DoubleRange(min = 1_000, max = 2_000_000) double notional,
                                                             @ForAll @DoubleRange(min = 0.00005, max = 0.003) @Scale(6) double rate,
                                                             @ForAll boolean isShort) {
        double r = isShort ? -rate : rate;
        Side side = isShort ? Side.SHORT : Side.LONG;
        Position p = new Position("BTCUSDT", side, notional / MARK, MARK, leverage, MarginMode.ISOLATED, PositionSide.BOTH, 0, MARK);
        OptionalInt closed = FundingDrift.intervalsToLiquidation(p, BtcTiers.INSTRUMENT, r);
        FundingDrift.Drift walked = FundingDrift.isolated(p, BtcTiers.INSTRUMENT, r, FundingDrift.MAX_INTERVALS);
        assertThat(closed).isPresent();
        int k = closed.getAsInt();
        int w = walked.intervalsToLiquidation().orElseThrow();
        if (w != k) {
            // only a tie decided by rounding may differ: the summed payments and k × payment straddle MM by a hair
            assertThat(Math.abs(w - k)).isEqualTo(1);
            double pay = Math.abs(r) * p.notional();
            double slack = p.isolatedMargin() - Math.min(w, k) * pay - BtcTiers.TIERS.maintenanceMargin(p.notional());
            assertThat(Math.abs(slack)).isLessThan(1e-9 * p.isolatedMargin() + 1e-6 * pay);
        }
    }
}
