package io.perpguard.cascade;

import io.perpguard.Checks;

/**
 * How to build the position ladder of a market from pre-event open interest (heat-map prior, CASCADE.md §5.1).
 * Each side holds {@code oiUsd} of notional at the pre-event price (every contract has a long and a short); entries are
 * spread log-normally around the price, leverage follows each side's mix, and liquidation/bankruptcy prices come from
 * the real tier tables for a position of {@code accountNotionalUsd}.
 *
 * @param oiUsd              pre-event open interest, USD (contracts valued at the pre-event price)
 * @param positions          simulated positions, split evenly between the sides (each stands for many accounts)
 * @param longMix            leverage mix of longs
 * @param shortMix           leverage mix of shorts (more hedgers, lower leverage: Soska et al. 2021)
 * @param entrySpreadPct     σ of log(entry / price) in percent
 * @param accountNotionalUsd notional of a typical account, picks the tier
 * @param tiersSymbol        symbol whose bundled tier table sets MMR and maintenance amount
 * @param clearancePct       positions whose liquidation price lies within this percent of the price are redrawn: the
 *                           recent trading range has already liquidated them (levels already crossed are removed)
 */
public record LadderSpec(double oiUsd, int positions, LeverageMix longMix, LeverageMix shortMix, double entrySpreadPct,
                         double accountNotionalUsd, String tiersSymbol, double clearancePct) {
    public LadderSpec {
        Checks.notNegative("ladder.oiUsd", oiUsd);
        Checks.inRange("ladder.positions", positions, 0, 5_000_000);
        Checks.notNull("ladder.longMix", longMix);
        Checks.notNull("ladder.shortMix", shortMix);
        Checks.inRange("ladder.entrySpreadPct", entrySpreadPct, 0, 50);
        Checks.positive("ladder.accountNotionalUsd", accountNotionalUsd);
        Checks.notBlank("ladder.tiersSymbol", tiersSymbol);
        Checks.inRange("ladder.clearancePct", clearancePct, 0, 50);
    }

    /** The same ladder with open interest multiplied by {@code f}. */
    public LadderSpec scaled(double f) {
        return new LadderSpec(oiUsd * f, positions, longMix, shortMix, entrySpreadPct, accountNotionalUsd, tiersSymbol, clearancePct);
    }

    /** An empty ladder (no positions): the exogenous-shock-only counterfactual. */
    public LadderSpec empty() {
        return new LadderSpec(0, 0, longMix, shortMix, entrySpreadPct, accountNotionalUsd, tiersSymbol, clearancePct);
    }
}
