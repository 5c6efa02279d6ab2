package io.perpguard.cli;

import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.data.store.Database;
import io.perpguard.instrument.Instruments;
import io.perpguard.venue.Exchange;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Shared flags of every command that prices a position: {@code --exchange}, {@code --tiers FILE} (the venue's own
 * tier response laid over what is bundled or downloaded), {@code --mmr RATE [--mm-amount A]} (one tier, no table)
 * and {@code --json}.
 */
public final class TiersOption {
    @Option(names = "--exchange", paramLabel = "X",
            description = "binance (USDⓈ-M, default), binance-coinm, bybit, bybit-uta, okx or xt: whose margin rules price the position")
    String exchange;

    @Option(names = "--tiers", paramLabel = "FILE", description = "the venue's tier response (Binance leverageBracket, Bybit risk-limit, "
            + "OKX position-tiers, XT leverage/bracket) or perpguard's instruments format, instead of the bundled/downloaded tables")
    Path tiers;

    @Option(names = "--mmr", paramLabel = "RATE", description = "price with one tier of this maintenance rate (no table needed; "
            + "leverage only checked against 1/MMR)")
    Double mmr;

    @Option(names = "--mm-amount", paramLabel = "A", description = "maintenance amount of the --mmr tier (default 0)")
    Double mmAmount;

    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    /** The exchange asked for (Binance USDⓈ-M by default). */
    public Exchange exchange() {
        return exchange == null ? Exchange.BINANCE : Exchange.parse("exchange", exchange);
    }

    /**
     * The exchange of an account that may name its own: the file's, unless {@code --exchange} says another
     * (refused: one exchange per account).
     */
    public Exchange exchangeOf(io.perpguard.margin.Account a) {
        return exchangeOf(a.exchange());
    }

    /** As {@link #exchangeOf(io.perpguard.margin.Account)} for the exchange an account file names (null: none). */
    public Exchange exchangeOf(Exchange named) {
        if (named == null) {
            return exchange();
        }
        if (exchange != null && Exchange.parse("exchange", exchange) != named) {
            throw new io.perpguard.InvalidInputException("exchange", "the account is on " + named.id() + " but --exchange says "
                    + Exchange.parse("exchange", exchange).id() + " (one exchange per account)");
        }
        return named;
    }

    /** The exchange given with {@code --exchange}, or null. */
    public Exchange explicitExchange() {
        return exchange == null ? null : Exchange.parse("exchange", exchange);
    }

    /** The instruments to price with. */
    public Instruments instruments() {
        return instruments(exchange());
    }

    /** The instruments of {@code ex} (an account file's exchange) with this command's tier options. */
    public Instruments instruments(Exchange ex) {
        return VenueInstruments.load(new VenueInstruments.Source(ex, tiers, Database.dataDirectory(), mmr, mmAmount));
    }

    /** The instruments of every exchange a portfolio's accounts name (none named: {@code --exchange}). */
    public Instruments instruments(java.util.Set<Exchange> named) {
        java.util.Set<Exchange> all = new java.util.LinkedHashSet<>(named);
        if (all.isEmpty()) {
            all.add(exchange());
        } else if (exchange != null && !all.contains(exchange())) {
            throw new io.perpguard.InvalidInputException("exchange", "the accounts are on " + all.stream().map(Exchange::id).toList()
                    + " but --exchange says " + exchange().id());
        }
        return VenueInstruments.merged(all, new VenueInstruments.Source(exchange(), tiers, Database.dataDirectory(), mmr, mmAmount));
    }

    public boolean json() {
        return json;
    }
}
