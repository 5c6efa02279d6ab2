package io.perpguard.cli;

import io.perpguard.app.TakerFee;
import io.perpguard.instrument.Instruments;
import picocli.CommandLine.Option;

/**
 * {@code --taker-fee-pct F}: the trader's own taker fee on every command that pays or prices one (calc, size, check,
 * funding, tiers, replay, simulate, portfolio), read in one place ({@link TakerFee}, the API's {@code takerFeePct}).
 */
public final class TakerFeeOption {
    @Option(names = "--taker-fee-pct", paramLabel = "F", description = "your taker fee, percent, 0 to 5, e.g. 0.04 (default: the contract's, "
            + "0.05 for Binance VIP 0): the fees paid and the fee terms a venue puts in its liquidation price")
    Double takerFeePct;

    /** The instruments at this fee (unchanged without the option). */
    Instruments on(Instruments instruments) {
        return TakerFee.on(instruments, takerFeePct);
    }

    /** The fee given, percent, or null. */
    Double pct() {
        return takerFeePct;
    }
}
