package io.perpguard.sizing;

import io.perpguard.checklist.PreTradeCheck;
import io.perpguard.checklist.Policy;
import io.perpguard.checklist.Reason;
import io.perpguard.checklist.Rule;
import io.perpguard.checklist.StopMethod;
import io.perpguard.checklist.TradePlan;
import io.perpguard.checklist.Verdict;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.Side;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code size} and {@code check} on a long whose gain carries it into a higher tier of a whole-value table, where the
 * venue's ratio reaches 100 % (TierJumpLiquidationTest's jqwik seed): the liquidation above the entry is a liquidation
 * risk the stop below cannot cover — failed as such, not passed as "beyond the stop" nor called "before the stop".
 */
final class GainSideLiquidationTest {
    /** Binance USDⓈ-M's rule on a whole-value table: 0.5 % to 500,000, 5 % to 1,000,000, 15 % to 1,500,000. */
    static final Instrument BTCX = new Instrument(new Contract("BTCX", 0.1, 0.0001, 0, 0, 0.0005, 0.0002, 8, 0.0125)
            .on(Exchange.BINANCE, ContractType.LINEAR, 0, "USDT"),
            new RiskTiers("BTCX", List.of(new LeverageBracket(1, 0, 500_000, 100, 0.005, 0),
                    new LeverageBracket(2, 500_000, 1_000_000, 15, 0.05, 0), new LeverageBracket(3, 1_000_000, 1_500_000, 5, 0.15, 0))));
    static final double QTY = 980.3924, LEV = 11.787825999999999;

    @Test
    void size_failsALiquidationOnTheGainSide_andFindsTheLeverageThatKeepsTheTier() {
        // no fees or slippage: 10 a unit to the stop, so a budget of 9,803.924 sizes 980.3924
        SizingResult r = RiskBasedSizer.size(new SizingInput(1_000_000, 9_803.924, 1_000, 990, LEV, 0, 0, 0.5, Double.NaN), BTCX);
        assertThat(r.qty()).isEqualTo(QTY);
        // 1,000,000 / 980.3924 = 1,019.9997, reached by a rise: rounded down, toward the mark
        assertThat(r.liquidationPrice()).isEqualTo(1_019.9);
        SizingCheck c = r.check("stopBeforeLiquidation");
        assertThat(c.passed()).isFalse();
        assertThat(c.reason()).isEqualTo(SizingCheck.Reason.LIQUIDATION_ON_GAIN_SIDE);
        assertThat(c.values()).containsEntry("gainSideLiquidationPrice", 1_019.9).containsEntry("gainSideLiquidationTier", 3)
                .containsEntry("gainSideTierRate", 0.15).containsEntry("byRise", true);
        assertThat(r.ok()).isFalse();
        // at the cap the balance 1,000 / L + 20 a unit must stay above 15 % of 1,020 (153): L ≤ 7.5
        assertThat(r.maxSafeLeverage()).isEqualTo(7);
        // at 15x tier 2's own root, (1,000 − 66.67) / 0.95 = 982.46, is nearer than the cap and lies beyond the stop; the
        // cap still liquidates a 2 % rise: failed all the same
        SizingResult at15 = RiskBasedSizer.size(new SizingInput(1_000_000, 9_803.924, 1_000, 990, 15, 0, 0, 0.5, Double.NaN), BTCX);
        assertThat(at15.liquidationPrice()).isLessThan(990);
        assertThat(at15.check("stopBeforeLiquidation").reason()).isEqualTo(SizingCheck.Reason.LIQUIDATION_ON_GAIN_SIDE);
        assertThat(at15.check("stopBeforeLiquidation").values()).containsEntry("gainSideLiquidationPrice", 1_019.9);
        SizingResult at7 = RiskBasedSizer.size(new SizingInput(1_000_000, 9_803.924, 1_000, 990, 7, 0, 0, 0.5, Double.NaN), BTCX);
        assertThat(at7.check("stopBeforeLiquidation").reason()).isEqualTo(SizingCheck.Reason.STOP_BEFORE_LIQUIDATION);
        assertThat(at7.liquidationPrice()).isLessThan(990);
    }

    @Test
    void check_failsALiquidationOnTheGainSide() {
        TradePlan plan = new TradePlan("BTCX", Side.LONG, "reclaim of the range low with rising open interest", 1_000, 990,
                StopMethod.STRUCTURE, List.of(1_030.0), LEV, 1_000_000, QTY, Double.NaN, 0.0001, 2);
        Rule r = PreTradeCheck.run(plan, Policy.DEFAULT, BTCX, null, null).rule("liquidation");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.reason()).isEqualTo(Reason.LIQUIDATION_ON_GAIN_SIDE);
        assertThat(r.values()).containsEntry("liquidationPrice", 1_019.9).containsEntry("gainSideLiquidationPrice", 1_019.9)
                .containsEntry("gainSideLiquidationTier", 3).containsEntry("byRise", true);
        assertThat((double) r.values().get("distanceToLiquidationPct")).isPositive();
    }
}
