package io.perpguard.margin;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.RiskTiers;

/** Real Binance USDⓈ-M BTCUSDT/ETHUSDT brackets of 2024-10-24 (the data module's test resource tiers/), built from their figures. */
final class TestInstruments {
    private TestInstruments() {
    }

    static final double[] FLOORS = {0, 50e3, 600e3, 3e6, 12e6, 70e6, 100e6, 230e6, 480e6, 600e6, 800e6, 1.2e9};
    static final double[] CAPS = {50e3, 600e3, 3e6, 12e6, 70e6, 100e6, 230e6, 480e6, 600e6, 800e6, 1.2e9, 1.8e9};
    static final double[] LEV = {125, 100, 75, 50, 25, 20, 10, 5, 4, 3, 2, 1};
    static final double[] MMR = {0.004, 0.005, 0.0065, 0.01, 0.02, 0.025, 0.05, 0.1, 0.125, 0.15, 0.25, 0.5};

    static final RiskTiers BTC_TIERS = RiskTiers.of("BTCUSDT", FLOORS, CAPS, LEV, MMR);
    static final Contract BTC_CONTRACT = new Contract("BTCUSDT", 0.1, 0.001, 0.001, 100, 0.0005, 0.0002, 8, 0.0125);
    static final Instrument BTC = new Instrument(BTC_CONTRACT, BTC_TIERS);

    static final RiskTiers ETH_TIERS = RiskTiers.of("ETHUSDT",
            new double[]{0, 50e3, 600e3, 3e6, 12e6, 50e6, 65e6, 150e6, 320e6, 400e6, 530e6, 800e6},
            new double[]{50e3, 600e3, 3e6, 12e6, 50e6, 65e6, 150e6, 320e6, 400e6, 530e6, 800e6, 1.2e9},
            LEV, MMR);
    static final Instrument ETH = new Instrument(new Contract("ETHUSDT", 0.01, 0.001, 0.001, 20, 0.0005, 0.0002, 8, 0.0125), ETH_TIERS);
}
