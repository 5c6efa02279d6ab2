package io.perpguard.cli;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Shared flags: {@code --tiers FILE} (a Binance leverageBracket JSON laid over the bundled tables) and {@code --json}. */
public final class TiersOption {
    @Option(names = "--tiers", paramLabel = "FILE", description = "Binance GET /fapi/v1/leverageBracket JSON to use instead of the bundled 2024-10-24 tables")
    Path tiers;

    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    /** The instruments to price with. */
    public Instruments instruments() {
        return TierTables.load(tiers);
    }

    public boolean json() {
        return json;
    }
}
