package io.perpguard.instrument;

import io.perpguard.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RiskTiersTest {
    static final RiskTiers BTC = RiskTiers.of("BTCUSDT",
            new double[]{0, 50e3, 600e3, 3e6}, new double[]{50e3, 600e3, 3e6, 12e6},
            new double[]{125, 100, 75, 50}, new double[]{0.004, 0.005, 0.0065, 0.01});

    @Test
    void test_of_cumulativeMaintenanceAmount_matchesBinanceTable() {
        // Binance BTCUSDT 2024-10-24: cum 0, 50, 950, 11,450
        assertThat(BTC.brackets()).extracting(LeverageBracket::maintenanceAmount).containsExactly(0.0, 50.0, 950.0, 11450.0);
    }

    @Test
    void test_maintenanceMargin_isContinuousAtTierBoundaries() {
        for (LeverageBracket b : BTC.brackets().subList(1, 4)) {
            double below = BTC.brackets().get(b.bracket() - 2).maintenanceMargin(b.notionalFloor());
            assertThat(b.maintenanceMargin(b.notionalFloor())).isCloseTo(below, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void test_bracketFor_boundaryBelongsToLowerTier() {
        assertThat(BTC.bracketFor(50_000).bracket()).isEqualTo(1);
        assertThat(BTC.bracketFor(50_000.01).bracket()).isEqualTo(2);
        assertThatThrownBy(() -> BTC.bracketFor(12e6 + 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("above BTCUSDT's largest tier cap 12,000,000");
    }

    @Test
    void test_aboveTheLastCap_oneRule_heldKeepsTheLastTier_openingIsRefused() {
        io.perpguard.venue.TierTable t = BTC.table();
        for (double n : new double[]{0, 50e3, 50e3 + 1, 2e6, 12e6, 12e6 + 1, 1e9}) {
            // the held position's maximum leverage and its maintenance margin read the same (open-ended) tier
            assertThat(BTC.maxLeverageHeld(n)).as("notional %s", n).isEqualTo(t.maxLeverage(t.index(n)));
            assertThat(BTC.maintenanceMargin(n)).isEqualTo(t.maintenance(n));
        }
        assertThat(BTC.maxLeverageHeld(1e9)).isEqualTo(50);
        assertThatThrownBy(() -> BTC.requireLeverageAllowed(20, 12e6 + 1)).hasMessageContaining("above BTCUSDT's largest tier cap");
    }

    @Test
    void test_requireLeverageAllowed_namesTheMaximumAndWhereItRises() {
        assertThatThrownBy(() -> BTC.requireLeverageAllowed(100, 1_000_000))
                .hasMessage("leverage: 100x is above BTCUSDT's maximum of 75x for notional 1,000,000 (bracket 3: 600,000 to 3,000,000);"
                        + " 100x is allowed only up to notional 600,000");
        assertThatThrownBy(() -> BTC.requireLeverageAllowed(1000, 60_000)).hasMessageContaining("no BTCUSDT tier allows 1,000x");
    }

    @Test
    void test_new_refusesGapsAndOverlaps() {
        LeverageBracket a = new LeverageBracket(1, 0, 50_000, 125, 0.004, 0);
        assertThatThrownBy(() -> new RiskTiers("X", List.of(a, new LeverageBracket(2, 60_000, 250_000, 100, 0.005, 50))))
                .hasMessageContaining("brackets 1 and 2 leave a gap: bracket 1 ends at 50,000, bracket 2 starts at 60,000");
        assertThatThrownBy(() -> new RiskTiers("X", List.of(a, new LeverageBracket(2, 40_000, 250_000, 100, 0.005, 50))))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> new RiskTiers("X", List.of(new LeverageBracket(1, 10, 50_000, 125, 0.004, 0))))
                .hasMessageContaining("must start at notional 0");
    }

    @Test
    void test_contract_roundsOnTheTickWithoutBinaryNoise() {
        Contract c = new Contract("BTCUSDT", 0.1, 0.001, 0.001, 100, 0.0005, 0.0002, 8, 0.0125);
        assertThat(c.ceilToTick(59089.4472)).isEqualTo(59089.5);
        assertThat(c.floorToTick(59089.4472)).isEqualTo(59089.4);
        assertThat(c.ceilToTick(58799.99999999999)).isEqualTo(58800.0);
        assertThat(c.floorToStep(0.12499)).isEqualTo(0.124);
        assertThat(c.priceDecimals()).isEqualTo(1);
    }
}
