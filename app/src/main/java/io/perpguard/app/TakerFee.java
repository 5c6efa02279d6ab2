package io.perpguard.app;

import io.perpguard.Checks;
import io.perpguard.instrument.Instruments;

/**
 * The trader's own taker fee ({@code --taker-fee-pct F}, {@code takerFeePct} in an API body), read in one place for every
 * command that pays or prices one: {@code calc}, {@code size}, {@code check}, {@code funding}, {@code tiers}, {@code replay},
 * {@code simulate} and {@code portfolio}. Every figure the contract's fee enters takes it — the opening and closing fees,
 * the fee terms a venue puts in its liquidation price (Bybit inverse at the bankruptcy price, Bybit unified, OKX's
 * maintenance rate), a plan's loss at the stop, a replay's or a simulated path's fills.
 */
public final class TakerFee {
    /** The field a use case blames (the CLI says {@code taker-fee-pct}). */
    public static final String FIELD = "takerFeePct";

    private TakerFee() {
    }

    /** {@code takerFeePct} checked: percent, 0 to 5; null (each contract's own) stays null. */
    public static Double checked(Double takerFeePct) {
        if (takerFeePct != null) {
            Checks.inRange(FIELD, takerFeePct, 0, 5);
        }
        return takerFeePct;
    }

    /**
     * {@code instruments} priced at a taker fee of {@code takerFeePct} percent (0 to 5; null: each contract's own) — the
     * trader's fee tier, or a venue's worked example (Bybit's inverse liquidation example at 0.075 %).
     */
    public static Instruments on(Instruments instruments, Double takerFeePct) {
        if (checked(takerFeePct) == null) {
            return instruments;
        }
        return instruments.withTakerFee(takerFeePct / 100);
    }
}
