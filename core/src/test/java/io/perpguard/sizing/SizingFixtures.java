package io.perpguard.sizing;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.RiskTiers;

/** Instruments for sizing tests, written out here so core tests do not read the data module. */
final class SizingFixtures {
    private SizingFixtures() {
    }

    /**
     * BTCUSDT as Binance USDⓈ-M listed it on 2024-10-24 (GET /fapi/v1/leverageBracket; tick 0.1, step 0.001,
     * min notional 100, VIP 0 taker 0.05 %); the maintenance amounts follow from the cumulative rule.
     */
    static final Instrument BTCUSDT = new Instrument(
            new Contract("BTCUSDT", 0.1, 0.001, 0.001, 100, 0.0005, 0.0002, 8, 0.0125),
            RiskTiers.of("BTCUSDT",
                    new double[]{0, 50e3, 600e3, 3e6, 12e6, 70e6, 100e6, 230e6, 480e6, 600e6, 800e6, 1200e6},
                    new double[]{50e3, 600e3, 3e6, 12e6, 70e6, 100e6, 230e6, 480e6, 600e6, 800e6, 1200e6, 1800e6},
                    new double[]{125, 100, 75, 50, 25, 20, 10, 5, 4, 3, 2, 1},
                    new double[]{0.004, 0.005, 0.0065, 0.01, 0.02, 0.025, 0.05, 0.1, 0.125, 0.15, 0.25, 0.5}));
}
