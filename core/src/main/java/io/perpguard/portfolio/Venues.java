package io.perpguard.portfolio;

import io.perpguard.instrument.Instruments;

/**
 * The instruments each sub-account's positions are priced with: its own venue's contracts, tiers and convention, so a
 * portfolio over several exchanges (one per account) prices every position by its venue, even a symbol two venues
 * spell alike.
 */
@FunctionalInterface
public interface Venues {
    Instruments of(SubAccount sub);

    /** Every sub-account priced with the same instruments. */
    static Venues uniform(Instruments instruments) {
        return sub -> instruments;
    }
}
