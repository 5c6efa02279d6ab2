package io.perpguard.instrument;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.venue.MarginConvention;

/**
 * A contract together with its leverage brackets: everything the margin engine needs to know about a symbol.
 */
public record Instrument(Contract contract, RiskTiers tiers) {
    public Instrument {
        Checks.notNull("contract", contract);
        Checks.notNull("tiers", tiers);
        if (!contract.symbol().equals(tiers.symbol())) {
            throw new InvalidInputException("tiers", "tiers are for " + tiers.symbol() + ", contract is " + contract.symbol());
        }
    }

    public String symbol() {
        return contract.symbol();
    }

    /**
     * Refuses a coin-margined contract in an engine that prices in quote currency (a USD portfolio): one line naming what
     * does work for it.
     */
    public Instrument requireLinear(String what) {
        if (contract.type() != io.perpguard.venue.ContractType.LINEAR) {
            throw new InvalidInputException("symbol", symbol() + " is coin-margined (" + contract.exchange().displayName() + "); " + what
                    + " works on linear (USDT-margined) contracts — calc, tiers, size, check, funding, replay and simulate price inverse ones");
        }
        return this;
    }

    /** The venue's margin convention for this contract. */
    public MarginConvention convention() {
        return contract.convention();
    }

    /** What the convention needs: the flattened tier table, contract size and taker fee. */
    public MarginConvention.Terms terms() {
        return new MarginConvention.Terms(tiers.table(), contract.contractSize(), contract.takerFee());
    }
}
