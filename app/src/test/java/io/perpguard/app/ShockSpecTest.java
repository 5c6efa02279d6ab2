package io.perpguard.app;

import io.perpguard.InvalidInputException;
import io.perpguard.portfolio.StressTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A shock spec means one move per symbol: {@code portfolio --shock} and {@code /api/portfolio}'s shocks. */
class ShockSpecTest {
    @Test
    void test_aSymbolGivenTwice_isRefused_notTheLastOneSilently() {
        List<Double> market = new ArrayList<>();
        List<StressTest.Scenario> custom = new ArrayList<>();
        // BTC moved -30 % and the -20 % was dropped
        assertThatThrownBy(() -> PortfolioRun.parseShock("BTCUSDT=-20,btcusdt=-30", market, custom)).isInstanceOf(InvalidInputException.class)
                .hasMessage("shock.BTCUSDT: is given twice in 'BTCUSDT=-20,btcusdt=-30'; give each symbol's move once");
        assertThat(custom).isEmpty();
        PortfolioRun.parseShock("BTCUSDT=-20,ETHUSDT=-30", market, custom);
        assertThat(custom.get(0).moves()).containsEntry("BTCUSDT", -0.2).containsEntry("ETHUSDT", -0.3);
    }
}
