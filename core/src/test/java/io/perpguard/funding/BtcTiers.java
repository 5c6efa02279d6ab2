package io.perpguard.funding;

import io.perpguard.instrument.RiskTiers;

/** Binance USDⓈ-M BTCUSDT leverage brackets as published on 2024-10-24 (GET /fapi/v1/leverageBracket), first six tiers. */
final class BtcTiers {
    static final RiskTiers TIERS = RiskTiers.of("BTCUSDT",
            new double[]{0, 50_000, 600_000, 3_000_000, 12_000_000, 70_000_000},
            new double[]{50_000, 600_000, 3_000_000, 12_000_000, 70_000_000, 100_000_000},
            new double[]{125, 100, 75, 50, 25, 20},
            new double[]{0.004, 0.005, 0.0065, 0.01, 0.02, 0.025});

    static final io.perpguard.instrument.Instrument INSTRUMENT = new io.perpguard.instrument.Instrument(
            new io.perpguard.instrument.Contract("BTCUSDT", 0.1, 0.001, 0.001, 100, 0.0005, 0.0002, 8, 0.0125), TIERS);

    private BtcTiers() {
    }
}
