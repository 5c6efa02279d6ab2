package io.perpguard.margin;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.venue.Legs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Binance's USDⓈ-M liquidation FAQ (b3c689c1…) picks its tiers from the BTCUSDT table Binance announced on
 * 2021-03-18 ("Updates to Leverage and Margin Tiers of Binance Futures Contracts": 0–50k 0.40 %, 50k–250k 0.50 %,
 * 250k–1M 1.00 %, 1M–10M 2.50 %, 10M–20M 5 %, 20M–50M 10 %, 50M–100M 12.5 %, 100M–200M 15 %, 200M–300M 25 %,
 * 300M–500M 50 %). With that table and Binance's cum rule, the engine's own tier choice reproduces the FAQ's tier
 * look-ups and its worked BTCUSDT answers — where {@code liquidation.csv} gives the bracket, this finds it.
 */
class BinanceFaqTierTableTest {
    static final RiskTiers BTCUSDT_2021_03_18 = RiskTiers.of("BTCUSDT",
            new double[]{0, 50_000, 250_000, 1_000_000, 10_000_000, 20_000_000, 50_000_000, 100_000_000, 200_000_000, 300_000_000},
            new double[]{50_000, 250_000, 1_000_000, 10_000_000, 20_000_000, 50_000_000, 100_000_000, 200_000_000, 300_000_000, 500_000_000},
            new double[]{125, 100, 50, 20, 10, 5, 4, 3, 2, 1},
            new double[]{0.004, 0.005, 0.01, 0.025, 0.05, 0.10, 0.125, 0.15, 0.25, 0.50});

    static final Instrument BTC = new Instrument(new Contract("BTCUSDT", 0.1, 0.001, 0.001, 5, 0.0005, 0.0002, 8, 0.0125), BTCUSDT_2021_03_18);

    @Test
    void test_faqTierLookups_264000IsMmr1pct_500000HasAmount1300() {
        // FAQ: "if the position size of a USDT-margined BTCUSDT contract is 264,000 USDT, then the maintenance margin rate
        // would be 1%"; "if the position size … is 500,000 USDT, then the maintenance amount would be 1,300 USDT"
        assertThat(BTCUSDT_2021_03_18.bracketFor(264_000).maintenanceMarginRate()).isEqualTo(0.01);
        assertThat(BTCUSDT_2021_03_18.bracketFor(500_000).maintenanceAmount()).isEqualTo(1_300);
        // the FAQ example's BTC bracket (2.5 %, 16,300 = 50,000×0.1 % + 250,000×0.5 % + 1,000,000×1.5 %)
        LeverageBracket b4 = BTCUSDT_2021_03_18.brackets().get(3);
        assertThat(b4.maintenanceMarginRate()).isEqualTo(0.025);
        assertThat(b4.maintenanceAmount()).isEqualTo(16_300);
    }

    @Test
    void test_faqWorkedExample_btcIsolated_tierFoundByTheEngine_18778_73() {
        // 109.488 BTCUSDT long at 32,481.98, isolated wallet 1,535,443.01 → 18,778.73 (the FAQ's answer, to the cent);
        // notional there 2.06M: bracket 4, found by the solver, not given
        LiquidationResult r = LiquidationPrice.solve(1_535_443.01, 0, 0, new Legs(109.488, 1, 32_481.98, 0, 0, 0, 0), BTC, 31_967.27);
        assertThat(r.price()).isCloseTo(18_778.73, within(0.005));
        assertThat(r.brackets()).extracting(LeverageBracket::bracket).containsExactly(4);
    }

    @Test
    void test_faqWorkedExample_btcCross_tierFoundByTheEngine_26316_89() {
        // same account in cross: TMM₁ 356,512.51 and UPNL₁ −448,192.89 of the ETH leg as the FAQ computes them
        // (liquidation.csv row binance-doc-btc-cross) → 26,316.89, BTC notional there 2.88M: bracket 4 again
        LiquidationResult r = LiquidationPrice.solve(1_535_443.01, 356_512.508122, -448_192.885140,
                new Legs(109.488, 1, 32_481.98, 0, 0, 0, 0), BTC, 31_967.27);
        assertThat(r.price()).isCloseTo(26_316.89, within(0.005));
        assertThat(r.brackets()).extracting(LeverageBracket::bracket).containsExactly(4);
    }
}
