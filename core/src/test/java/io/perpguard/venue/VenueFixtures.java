package io.perpguard.venue;

import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;

import java.util.List;

/** Instruments for venue tests: one tier (as the venues' worked examples assume) or a small real-shaped ladder. */
final class VenueFixtures {
    private VenueFixtures() {
    }

    static RiskTiers oneTier(String symbol, double mmr, double amount, double maxLeverage) {
        return new RiskTiers(symbol, List.of(new LeverageBracket(1, 0, 1e15, maxLeverage, mmr, amount)));
    }

    static Contract contract(String symbol, Exchange ex, ContractType type, double tick, double size, String currency,
                             double taker, double liquidationFee) {
        return new Contract(symbol, tick, 0.001, 0, 0, taker, 0.0002, 8, liquidationFee).on(ex, type, size, currency);
    }

    static Instrument instrument(MarginConvention c, RiskTiers tiers, double taker) {
        boolean inverse = c.contractType() == ContractType.INVERSE;
        double size = inverse ? 100 : c.countsInContracts() ? 0.01 : 0;
        return new Instrument(contract(tiers.symbol(), c.exchange(), c.contractType(), inverse ? 0.5 : 0.1, size,
                inverse ? "BTC" : "USDT", taker, 0.0125), tiers);
    }

    /** A three-tier ladder whose measure suits the convention (notional in quote, coin, or contracts). */
    static RiskTiers ladder(MarginConvention c) {
        double scale = switch (c.tierBasis()) {
            case BY_CONTRACTS -> c.contractType() == ContractType.INVERSE ? 0.01 : 0.0025; // contracts of 100 USD / 0.01 BTC
            default -> c.contractType() == ContractType.INVERSE ? 1e-4 : 1;               // coin or quote notional
        };
        double[] floors = {0, 200_000 * scale, 1_000_000 * scale};
        double[] caps = {200_000 * scale, 1_000_000 * scale, 5_000_000 * scale};
        double[] lev = {100, 50, 20};
        double[] mmr = {0.005, 0.01, 0.025};
        RiskTiers t = RiskTiers.of("BTCX", floors, caps, lev, mmr);
        if (c.exchange() == Exchange.XT || c.exchange() == Exchange.OKX) {
            // XT and OKX publish no maintenance amount: the rate applies to the whole value
            return new RiskTiers("BTCX", t.brackets().stream().map(b -> new LeverageBracket(b.bracket(), b.notionalFloor(),
                    b.notionalCap(), b.maxLeverage(), b.maintenanceMarginRate(), 0)).toList());
        }
        return t;
    }
}
