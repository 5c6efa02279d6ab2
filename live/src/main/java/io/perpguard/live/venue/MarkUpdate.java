package io.perpguard.live.venue;

/**
 * One mark-price push from the public feed.
 *
 * @param symbol        contract, upper case
 * @param mark          mark price
 * @param index         index price (NaN when not given)
 * @param fundingRate   current funding rate (NaN when not given)
 * @param nextFundingMs next funding time, epoch ms (0 when not given)
 * @param eventTimeMs   the venue's event time
 * @param receivedNanos {@link System#nanoTime()} when the frame arrived (latency accounting)
 * @param openInterest  open interest in base units (NaN when the venue's mark feed does not carry it)
 */
public record MarkUpdate(String symbol, double mark, double index, double fundingRate, long nextFundingMs,
                         long eventTimeMs, long receivedNanos, double openInterest) {
    /** This push with the open interest a previous one carried, when it carries none itself. */
    public MarkUpdate orOpenInterest(MarkUpdate previous) {
        return Double.isNaN(openInterest) && previous != null && !Double.isNaN(previous.openInterest())
                ? new MarkUpdate(symbol, mark, index, fundingRate, nextFundingMs, eventTimeMs, receivedNanos, previous.openInterest()) : this;
    }

    /** A push without open interest. */
    public MarkUpdate(String symbol, double mark, double index, double fundingRate, long nextFundingMs, long eventTimeMs, long receivedNanos) {
        this(symbol, mark, index, fundingRate, nextFundingMs, eventTimeMs, receivedNanos, Double.NaN);
    }
}
