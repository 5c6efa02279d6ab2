package io.perpguard.cascade;

import io.perpguard.instrument.RiskTiers;

import java.util.List;
import java.util.function.Function;

/** Shared fixtures: Binance BTCUSDT brackets (published 2024-10-24 table, first six tiers) and small markets. */
final class TestMarkets {
    /** Binance USDⓈ-M BTCUSDT leverage brackets (floor, cap, max leverage, MMR), maintenance amounts derived. */
    static final RiskTiers BTC = RiskTiers.of("BTCUSDT",
            new double[]{0, 50_000, 600_000, 3_000_000, 12_000_000, 70_000_000},
            new double[]{50_000, 600_000, 3_000_000, 12_000_000, 70_000_000, 1e12},
            new double[]{125, 100, 75, 50, 25, 20},
            new double[]{0.004, 0.005, 0.0065, 0.01, 0.02, 0.025});
    static final Function<String, RiskTiers> TIERS = s -> BTC;
    static final LeverageMix LONG_MIX = LeverageMix.parse("longMix", "2:0.3,5:0.2,10:0.2,25:0.15,50:0.1,100:0.05");
    static final LeverageMix SHORT_MIX = LeverageMix.parse("shortMix", "1:0.5,3:0.2,10:0.2,25:0.1");

    private TestMarkets() {
    }

    static LadderSpec ladder(double oiUsd, int positions) {
        return new LadderSpec(oiUsd, positions, LONG_MIX, SHORT_MIX, 3, 10_000, "BTCUSDT", 0.5);
    }

    /** The I6 setting: static book, frictionless engine, no voluntary flow, the shock in the first second. */
    static MarketSpec staticMarket(double oiUsd, double depth1Pct, double sellUsd) {
        return new MarketSpec("BTCUSDT", 100_000, ladder(oiUsd, 4_000), DepthModel.staticBook(depth1Pct, 0.78),
                EngineSpec.frictionless(), FlowModel.NONE, List.of(new ShockLeg(0, 1 / 60.0, sellUsd, 0)), List.of());
    }

    /** A market with every dynamic switched on: withdrawal, refill, anchor, capped engine, fund and ADL. */
    static MarketSpec dynamicMarket(double oiUsd, double depth1Pct, double sellUsd, double fundUsd, FlowModel flow) {
        DepthModel d = new DepthModel(depth1Pct, depth1Pct, 0.78, 0.05, 0.5, 10, 600, depth1Pct * 0.05, 60, 1800);
        EngineSpec e = new EngineSpec(depth1Pct * 0.02, false, fundUsd, true, 60);
        return new MarketSpec("BTCUSDT", 100_000, ladder(oiUsd, 4_000), d, e, flow,
                List.of(new ShockLeg(5, 5, sellUsd, -2)), List.of());
    }

    static CascadeScenario scenario(MarketSpec m, double minutes) {
        return CascadeScenario.single("test", m, minutes, 1, 7);
    }
}
