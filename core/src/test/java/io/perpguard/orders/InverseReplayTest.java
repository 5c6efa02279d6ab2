package io.perpguard.orders;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.LiquidationPrice;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.market.CandleSeries;
import io.perpguard.market.FundingHistory;
import io.perpguard.sizing.RiskBasedSizer;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.perpguard.orders.BarReplayTest.HOUR;
import static io.perpguard.orders.BarReplayTest.T0;
import static io.perpguard.orders.BarReplayTest.bars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code replay} of a coin-margined contract: 100 USD BTCUSD_PERP contracts, equity, PnL, fees, funding and the
 * liquidation in BTC — each figure checked against the inverse formulas written out here, not the engine's.
 */
final class InverseReplayTest {
    static final Contract COINM = new Contract("BTCUSD_PERP", 0.1, 100, 100, 0, 0.0005, 0.0002, 8, 0.01, Exchange.BINANCE_COINM,
            ContractType.INVERSE, 100, "BTC");
    static final Instrument INST = new Instrument(COINM, new RiskTiers("BTCUSD_PERP",
            List.of(new LeverageBracket(1, 0, 1e9, 125, 0.004, 0))));

    static OrderPlan plan(double stop, double leverage) {
        // market entry, no target, 1 % of 1 BTC at risk, no slippage: fills at the open and at the stop exactly
        return new OrderPlan("BTCUSD_PERP", Side.LONG, T0, ScaleLadder.market(), StopOrder.market(stop), List.of(), 0, null, 0, 0,
                leverage, 1, 1, Double.NaN, 0);
    }

    @Test
    void stoppedOut_losesTheInversePnlAndFeesInBtc_exactlyOneR() {
        ReplayResult r = BarReplay.run(plan(58_000, 10), bars("60000 60500 59500 60000", "60000 60100 57500 57800"), null, INST);
        double face = r.filledQty();
        // sized as size sizes it: whole 100 USD contracts losing at most 0.01 BTC at the stop
        assertThat(face).isEqualTo(RiskBasedSizer.qtyForRisk(0.01,
                RiskBasedSizer.lossPerUnit(ContractType.INVERSE, Side.LONG, 60_000, 58_000, 0.0005, 0), COINM)).isEqualTo(16_900);
        TradeRecord t = r.trades().get(0);
        double pnl = face * (1 / 60_000.0 - 1 / 58_000.0);            // Q·CS·(1/EP − 1/P), in BTC
        double fees = 0.0005 * face / 60_000 + 0.0005 * face / 58_000; // taker on the coin value in and out
        assertThat(t.exitPrice()).isEqualTo(58_000);
        assertThat(t.pnl()).isCloseTo(pnl, within(1e-15));
        assertThat(t.fees()).isCloseTo(fees, within(1e-15));
        assertThat(r.feesPaid()).isCloseTo(fees, within(1e-15));
        assertThat(r.finalEquity()).isCloseTo(1 + pnl - fees, within(1e-15));
        assertThat(r.riskAmount()).isCloseTo(-(pnl - fees), within(1e-15)).isLessThanOrEqualTo(0.01);
        assertThat(r.totalR()).isCloseTo(-1, within(1e-12));
    }

    @Test
    void funding_isRateTimesFaceOverMark_inBtc() {
        FundingHistory f = new FundingHistory("BTCUSD_PERP", new long[]{T0 + 8 * HOUR}, new double[]{0.0001}, new double[]{62_000});
        String[] b = new String[10];
        java.util.Arrays.fill(b, "60000 60100 59900 60000");
        ReplayResult r = BarReplay.run(plan(58_000, 10), bars(b), f, INST);
        // a long pays rate × contracts × face / mark (COIN-M "nominal value = contracts × multiplier / mark price")
        assertThat(r.fundingPaid()).isCloseTo(0.0001 * r.filledQty() / 62_000, within(1e-18));
        assertThat(r.events().stream().filter(e -> e.type().equals("funding")).findFirst().orElseThrow().values().get("payment"))
                .isEqualTo(r.fundingPaid());
    }

    @Test
    void liquidatedBeforeAFarStop_atTheVenuesInverseLiquidationPrice_losingTheMargin() {
        // 50x, stop far below: liquidation (about 2 % under the entry) comes first
        ReplayResult r = BarReplay.run(plan(50_000, 50), bars("60000 60100 59900 60000", "60000 60000 57000 57500"), null, INST);
        assertThat(r.liquidated()).isTrue();
        double face = r.filledQty();
        Position p = new Position("BTCUSD_PERP", Side.LONG, face, 60_000, 50, MarginMode.ISOLATED, PositionSide.BOTH, 0, 60_000,
                ContractType.INVERSE);
        double liq = LiquidationPrice.isolated(p, INST).price();
        // COIN-M isolated long: WB + Q·CS·(1/EP − 1/P) = Q·CS/P·MMR with WB = Q·CS/(EP·L)  →  P = Q·CS·(1 + MMR) / (WB + Q·CS/EP)
        double margin = face / 60_000 / 50;
        assertThat(liq).isCloseTo(face * 1.004 / (margin + face / 60_000), within(1e-6));
        TradeRecord t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo("liquidation");
        // liquidated at the level as calc shows it: at the tick toward the entry
        double shown = io.perpguard.margin.MarginCalculator.roundTowardEntry(INST.contract(), liq, true, 60_000);
        assertThat(t.exitPrice()).isEqualTo(shown).isGreaterThanOrEqualTo(liq).isLessThan(liq + INST.contract().tickSize());
        assertThat(t.pnl()).isCloseTo(face * (1 / 60_000.0 - 1 / shown), within(1e-15));
        // the isolated margin is gone: equity = 1 BTC − margin − the opening fee
        assertThat(r.finalEquity()).isCloseTo(1 - margin - 0.0005 * face / 60_000, within(1e-12));
    }
}
