package io.perpguard.instrument;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

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
}
