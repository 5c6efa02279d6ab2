package io.perpguard.app.explain;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import io.perpguard.sizing.RiskBasedSizer;
import io.perpguard.sizing.SizingCheck;
import io.perpguard.sizing.SizingInput;
import io.perpguard.sizing.SizingResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Core's sizing checks are codes and figures; {@code size}, the API and the desk read the sentences written here. */
class SizingTextTest {
    static final Instrument BTC = TierTables.bundled().get("BTCUSDT");
    /** Binance USDⓈ-M's rule on a whole-value table (core's GainSideLiquidationTest): 0.5 % to 500,000, 5 % to 1,000,000, 15 % above. */
    static final Instrument STEEP = new Instrument(new Contract("BTCX", 0.1, 0.0001, 0, 0, 0.0005, 0.0002, 8, 0.0125)
            .on(Exchange.BINANCE, ContractType.LINEAR, 0, "USDT"),
            new RiskTiers("BTCX", List.of(new LeverageBracket(1, 0, 500_000, 100, 0.005, 0),
                    new LeverageBracket(2, 500_000, 1_000_000, 15, 0.05, 0), new LeverageBracket(3, 1_000_000, 1_500_000, 5, 0.15, 0))));

    @Test
    void test_traderB_at50x_readsAsDocsSizingShowsIt() {
        SizingResult r = RiskBasedSizer.size(SizingInput.riskPct(10_000, 2, 60_000, 58_400, 50), BTC);
        List<String> lines = r.checks().stream().map(c -> c.id() + ": " + SizingText.message(c)).toList();
        assertThat(lines).containsExactly(
                "size: 200 USDT at risk / 1,717.57 USDT lost per BTC at the stop (1,600 price move, 58.4 slippage, 59.17 fees) = 0.11644353, rounded down to 0.116",
                "minimums: qty 0.116 ≥ min qty 0.001 and notional 6,960 ≥ min notional 100",
                "stopBeforeLiquidation: liquidation at 59,036.2 (1.61 % from entry) is hit before the stop 58,400.0: buffer -0.40 × the stop distance, 0.50 required; use at most 22x leverage (maxSafeLeverage)",
                "tier: notional 6,960 USDT is in tier 1 (0 to 50,000), which allows up to 125x; 50x is allowed",
                "margin: margin 139.2 + opening fee 3.48 = 142.68 USDT fits the available 10,000 USDT");
    }

    @Test
    void test_everyReason_readsAsASentence_withoutMissingFigures() {
        Set<SizingCheck.Reason> seen = EnumSet.noneOf(SizingCheck.Reason.class);
        List<String> all = new ArrayList<>();
        for (double equity : new double[]{50, 10_000, 5_000_000, 1e9}) {
            for (double stop : new double[]{58_400, 59_900, 30_000, 61_000}) {
                for (double lev : new double[]{1, 10, 50, 100, 125}) {
                    for (double available : new double[]{Double.NaN, 10}) {
                        double risk = available == 10 && lev == 1 ? 2 : equity * 0.02;
                        SizingResult r = RiskBasedSizer.size(new SizingInput(equity, risk, 60_000, stop, lev, Double.NaN, 0.001, 0.5, available), BTC);
                        for (SizingCheck c : r.checks()) {
                            seen.add(c.reason());
                            all.add(c.reason() + ": " + SizingText.message(c));
                        }
                    }
                }
            }
        }
        // --buffer 0 at 32x: the stop 58,400 comes before liquidation (58,358.5), its slipped fill (58,341.6) after it
        SizingResult fill = RiskBasedSizer.size(new SizingInput(10_000, 200, 60_000, 58_400, 32, Double.NaN, 0.001, 0, Double.NaN), BTC);
        for (SizingCheck c : fill.checks()) {
            seen.add(c.reason());
            all.add(c.reason() + ": " + SizingText.message(c));
        }
        // a long whose gain carries it into tier 3 at 1,020: liquidated by a 2 % rise the stop below does not cover
        SizingResult steep = RiskBasedSizer.size(new SizingInput(1_000_000, 9_803.924, 1_000, 990, 11.787826, 0, 0, 0.5, Double.NaN), STEEP);
        for (SizingCheck c : steep.checks()) {
            seen.add(c.reason());
            all.add(c.reason() + ": " + SizingText.message(c));
        }
        assertThat(all).contains("LIQUIDATION_ON_GAIN_SIDE: liquidated if the price RISES to 1,019.9 (the notional enters tier 3, whose maintenance rate 15.00 % makes the margin ratio ≥ 100 %), 1.99 % from entry: a liquidation on the gain side, which the stop 990.0 does not cover; "
                + "use at most 7x leverage (maxSafeLeverage)");
        assertThat(all).filteredOn(m -> m.contains("null") || m.contains("NaN")).as("sentences with a missing figure").isEmpty();
        assertThat(EnumSet.complementOf(EnumSet.copyOf(seen))).as("reasons not reached").isEmpty();
    }
}
