package io.perpguard.funding;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Funding of a coin-margined position: paid in coin on the face value at the mark, and its drift to liquidation. */
final class InverseFundingTest {
    static final Instrument COINM = new Instrument(new Contract("BTCUSD_PERP", 0.1, 100, 100, 0, 0.0005, 0.0002, 8, 0.01,
            Exchange.BINANCE_COINM, ContractType.INVERSE, 100, "BTC"),
            new RiskTiers("BTCUSD_PERP", List.of(new LeverageBracket(1, 0, 1e9, 125, 0.004, 0))));

    @Test
    void payment_isRateTimesFaceOverMark_bybitsPublishedExample() {
        // Bybit (inverse) funding example: 10,000 BTCUSD contracts (1 USD) held at a mark of 10,024 with a rate of 0.025 %
        // pay position value × rate = 10,000 / 10,024 × 0.025 % = 0.00025 BTC (published to 5 decimals; 0.000249401 exactly)
        double pay = FundingCarry.payment(Side.LONG, ContractType.INVERSE.notional(10_000, 10_024), 0.00025);
        assertThat(pay).isCloseTo(0.00025, within(0.000005)).isCloseTo(10_000 / 10_024.0 * 0.00025, within(1e-18));
        assertThat(FundingCarry.payment(Side.SHORT, ContractType.INVERSE.notional(10_000, 10_024), 0.00025)).isEqualTo(-pay);
    }

    @Test
    void drift_endingExactlyOnTheMaintenanceMargin_isLiquidatedThere_notOnePaymentLater() {
        // (1/20 − 0.004) / 0.0005 = 92 exactly: after 92 payments margin = MM; the sum of 92 payments in double left it
        // 1e-19 BTC above, and both the count and the walk said 93 while the table showed 100.00 % at 92
        Position p = new Position("BTCUSD_PERP", Side.LONG, 10_000, 60_000, 20, MarginMode.ISOLATED, PositionSide.BOTH, 0, 60_000,
                ContractType.INVERSE);
        assertThat(FundingDrift.intervalsToLiquidation(p, COINM, 0.0005)).hasValue(92);
        FundingDrift.Drift d = FundingDrift.isolated(p, COINM, 0.0005, 200);
        assertThat(d.intervalsToLiquidation()).hasValue(92);
        assertThat(d.steps()).hasSize(92);
        assertThat(d.steps().get(91).marginRatio()).isCloseTo(1, within(1e-12));
    }

    @Test
    void drift_isolatedInverse_liquidatesAfterTheClosedFormCount() {
        // 100 contracts of 100 USD long at 60,000, 20x, +0.06 % per 8 h at a static mark of 60,000
        Position p = new Position("BTCUSD_PERP", Side.LONG, 10_000, 60_000, 20, MarginMode.ISOLATED, PositionSide.BOTH, 0, 60_000,
                ContractType.INVERSE);
        double margin = 10_000 / 60_000.0 / 20;          // BTC
        double mm = 10_000 / 60_000.0 * 0.004;            // BTC at the static mark
        double pay = 0.0006 * 10_000 / 60_000.0;          // BTC per interval
        int n = (int) Math.ceil((margin - mm) / pay);     // margin ratio MM / (M − n·pay) reaches 100 %
        OptionalInt k = FundingDrift.intervalsToLiquidation(p, COINM, 0.0006);
        assertThat(k).hasValue(n).hasValue(77);
        FundingDrift.Drift d = FundingDrift.isolated(p, COINM, 0.0006, 200);
        assertThat(d.intervalsToLiquidation()).hasValue(n);
        assertThat(d.steps().get(0).payment()).isCloseTo(pay, within(1e-18));
        assertThat(d.steps().get(n - 1).margin()).isCloseTo(margin - n * pay, within(1e-15));
    }
}
