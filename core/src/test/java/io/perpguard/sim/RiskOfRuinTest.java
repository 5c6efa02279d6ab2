package io.perpguard.sim;

import io.perpguard.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RiskOfRuinTest {
    @Test
    void test_analytic_adjustmentCoefficientSolvesLundbergEquation() {
        RiskOfRuin.Game g = new RiskOfRuin.Game(0.45, 1.5, 0.1, 0.5);
        RiskOfRuin.Analytic a = RiskOfRuin.analytic(g);
        double gam = a.adjustmentCoefficient();
        double lhs = 0.45 * Math.pow(1.15, -gam) + 0.55 * Math.pow(0.9, -gam);
        assertThat(lhs).isCloseTo(1, within(1e-10));
        assertThat(gam).isPositive();
        assertThat(a.upperBound()).isCloseTo(Math.pow(0.5, gam), within(1e-12));
        assertThat(a.lowerBound()).isCloseTo(Math.pow(0.5, gam) * Math.pow(0.9, gam), within(1e-12));
        assertThat(a.iterations()).isLessThanOrEqualTo(RiskOfRuin.MAX_ITERATIONS);
    }

    @Test
    void test_simulate_liesBetweenTheLundbergBounds() {
        // W 45 %, R 1.5, 10 % a trade: μ = 0.45 ln 1.15 + 0.55 ln 0.9 ≈ +0.0049 per trade; ruin = a 50 % drawdown
        RiskOfRuin.Game g = new RiskOfRuin.Game(0.45, 1.5, 0.1, 0.5);
        RiskOfRuin.Analytic a = RiskOfRuin.analytic(g);
        RiskOfRuin.Estimate e = RiskOfRuin.simulate(g, 5_000, 20_000, 42);
        System.out.printf("risk of ruin W 0.45 R 1.5 f 10%%: Lundberg %.4f..%.4f, diffusion %.4f, simulated %.4f ± %.4f%n",
                a.lowerBound(), a.upperBound(), a.diffusion(), e.probability(), e.standardError());
        // finite horizon can only lower the probability; 4 standard errors of Monte Carlo slack on each side
        assertThat(e.probability()).isLessThanOrEqualTo(a.upperBound() + 4 * e.standardError());
        assertThat(e.probability()).isGreaterThanOrEqualTo(a.lowerBound() - 4 * e.standardError());
    }

    @Test
    void test_analytic_overbettingPastZeroGrowth_ruinIsCertain() {
        // f = 40 % with W 0.5, R 1: μ = 0.5 ln 1.4 + 0.5 ln 0.6 < 0
        RiskOfRuin.Game g = new RiskOfRuin.Game(0.5, 1, 0.4, 0.5);
        assertThat(g.logGrowth()).isNegative();
        assertThat(RiskOfRuin.analytic(g).upperBound()).isEqualTo(1);
        assertThat(RiskOfRuin.simulate(g, 2_000, 2_000, 1).probability()).isGreaterThan(0.99);
    }

    @Test
    void test_simulate_sameSeed_sameEstimate() {
        RiskOfRuin.Game g = new RiskOfRuin.Game(0.4, 2, 0.05, 0.7);
        assertThat(RiskOfRuin.simulate(g, 500, 3_000, 9)).isEqualTo(RiskOfRuin.simulate(g, 500, 3_000, 9));
    }

    @Test
    void test_game_kellyFraction_andBadInput() {
        assertThat(new RiskOfRuin.Game(0.5, 2, 0.01, 0.5).kellyFraction()).isCloseTo(0.25, within(1e-15));
        assertThatThrownBy(() -> new RiskOfRuin.Game(1.2, 2, 0.01, 0.5)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("winProbability:");
        assertThatThrownBy(() -> new RiskOfRuin.Game(0.5, 2, 1, 0.5)).hasMessageStartingWith("fraction:");
    }
}
