package io.perpguard.stream;

import io.perpguard.Checks;

/**
 * Topic names of the margin-monitoring application. Inputs and outputs are the contract with producers and
 * consumers; the routing topic carries each accepted tick from the symbol side to every account-side task.
 *
 * @param marks            input, key symbol: mark ticks
 * @param positions        input, key account: position and wallet events
 * @param tiers            input, key symbol, compacted: the symbol's leverage brackets
 * @param accountRisk      output, key account: margin balance, maintenance margin, margin ratio, liquidation prices
 * @param marginAlerts     output, key account: threshold crossings and fast falls
 * @param deadLetter       output, key as received: malformed or refused events with the reason
 * @param marksByPartition routing, key symbol: an accepted tick, written once to every partition (co-partitioned
 *                         with {@code positions}: each account-side task gets every tick once)
 * @param tiersValidated   routing, key symbol: tiers that passed validation; the source of the global tiers store
 */
public record Topics(String marks, String positions, String tiers, String accountRisk, String marginAlerts,
                     String deadLetter, String marksByPartition, String tiersValidated) {
    public Topics {
        Checks.notBlank("marks", marks);
        Checks.notBlank("positions", positions);
        Checks.notBlank("tiers", tiers);
        Checks.notBlank("accountRisk", accountRisk);
        Checks.notBlank("marginAlerts", marginAlerts);
        Checks.notBlank("deadLetter", deadLetter);
        Checks.notBlank("marksByPartition", marksByPartition);
        Checks.notBlank("tiersValidated", tiersValidated);
    }

    /** The topic names; routing topics are prefixed with {@code applicationId}. */
    public static Topics defaults(String applicationId) {
        return new Topics("marks", "positions", "tiers", "account-risk", "margin-alerts", "margin-dead-letter",
                applicationId + "-marks-by-partition", applicationId + "-tiers-validated");
    }
}
