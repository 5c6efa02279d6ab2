package io.perpguard.checklist;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.Side;
import io.perpguard.sizing.RiskBasedSizer;
import io.perpguard.sizing.SizingInput;
import io.perpguard.sizing.SizingResult;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The checklist on a coin-margined plan: size, liquidation, R:R and funding in the coin, as {@code size} computes them. */
final class InverseCheckTest {
    static final Instrument COINM = new Instrument(new Contract("BTCUSD_PERP", 0.1, 100, 100, 0, 0.0005, 0.0002, 8, 0.01,
            Exchange.BINANCE_COINM, ContractType.INVERSE, 100, "BTC"),
            new RiskTiers("BTCUSD_PERP", List.of(new LeverageBracket(1, 0, 1e9, 125, 0.004, 0))));

    /** 1 BTC, 1 % risk, long 60,000, stop 58,000 below structure, target 66,000, funding 0.01 %. */
    static TradePlan plan(double leverage) {
        return new TradePlan("BTCUSD_PERP", Side.LONG, "reclaim of the range low with rising open interest", 60_000, 58_000,
                StopMethod.STRUCTURE, List.of(66_000.0), leverage, 1, Double.NaN, 1, 0.0001, 2);
    }

    @Test
    void sizedAsSizeSizesIt_inContractsAndBtc() {
        ChecklistResult r = PreTradeCheck.run(plan(10), Policy.DEFAULT, COINM, null, null);
        // check's default slippage is size's (0.1 %): the same 164 contracts
        SizingResult s = RiskBasedSizer.size(new SizingInput(1, 0.01, 60_000, 58_000, 10, Double.NaN, 0.001, 0.5, Double.NaN), COINM);
        assertThat(r.sized().qty()).isEqualTo(s.qty()).isEqualTo(16_400);
        assertThat(r.sized().riskAtStop()).isEqualTo(s.lossAtStop());
        assertThat(r.sized().notional()).isCloseTo(16_400 / 60_000.0, within(1e-15));   // BTC
        assertThat(r.sized().liquidationPrice()).isEqualTo(s.liquidationPrice());
        assertThat(r.rule("size").verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.rule("size").values()).containsEntry("currency", "BTC");
        assertThat(r.rule("liquidation").verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.rule("leverage").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void rewardRisk_andFunding_areInverseFiguresInBtc() {
        ChecklistResult r = PreTradeCheck.run(plan(10), Policy.DEFAULT, COINM, null, null);
        double exit = 58_000 * 0.999;
        double riskPerUsd = (1 / exit - 1 / 60_000.0) + 0.0005 * (1 / 60_000.0 + 1 / exit);
        double rewardPerUsd = (1 / 60_000.0 - 1 / 66_000.0) - 0.0005 / 60_000.0 - 0.0002 / 66_000.0;   // maker at the target, as replay
        assertThat((double) r.rule("rewardRisk").values().get("rewardRisk")).isCloseTo(rewardPerUsd / riskPerUsd, within(1e-12));
        // a long pays rate × face / entry each interval, in BTC
        assertThat((double) r.rule("funding").values().get("costPerInterval")).isCloseTo(0.0001 * 16_400 / 60_000, within(1e-18));
        assertThat(r.rule("funding").values()).containsEntry("currency", "BTC");
    }

    @Test
    void atFiftyX_liquidationComesBeforeTheStop_andFails() {
        ChecklistResult r = PreTradeCheck.run(plan(50), Policy.DEFAULT, COINM, null, null);
        assertThat(r.rule("liquidation").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.rule("liquidation").reason()).isEqualTo(Reason.LIQUIDATION_BEFORE_STOP);
        assertThat(r.sized().liquidationPrice()).isGreaterThan(58_000);
    }

    /** The stop 20 above liquidation fills 0.1 % lower (about 57 below it): the stop comes first, its fill after liquidation. */
    @Test
    void stopBeforeLiquidation_butItsSlippedFillBeyond_fails() {
        double liq = PreTradeCheck.run(plan(20), Policy.DEFAULT, COINM, null, null).sized().liquidationPrice();   // one bracket: qty-free
        double stop = Math.ceil(liq) + 20;
        TradePlan p = new TradePlan("BTCUSD_PERP", Side.LONG, "reclaim of the range low with rising open interest", 60_000, stop,
                StopMethod.STRUCTURE, List.of(66_000.0), 20, 1, Double.NaN, 1, 0.0001, 2);
        Rule r = PreTradeCheck.run(p, Policy.DEFAULT, COINM, null, null).rule("liquidation");
        assertThat((double) r.values().get("liquidationPrice")).isEqualTo(liq).isLessThan(stop).isGreaterThan(stop * 0.999);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.reason()).isEqualTo(Reason.LIQUIDATION_BEFORE_FILL);
        assertThat((double) r.values().get("exitPriceAtStop")).isCloseTo(stop * 0.999, within(1e-9));
        // 200 above it the fill (57 lower) stays above liquidation: only the thin buffer warns
        TradePlan wide = new TradePlan("BTCUSD_PERP", Side.LONG, "reclaim of the range low with rising open interest", 60_000, stop + 180,
                StopMethod.STRUCTURE, List.of(66_000.0), 20, 1, Double.NaN, 1, 0.0001, 2);
        assertThat(PreTradeCheck.run(wide, Policy.DEFAULT, COINM, null, null).rule("liquidation").reason()).isEqualTo(Reason.LIQUIDATION_THIN_BUFFER);
    }
}
