package io.perpguard.cascade;

/**
 * A band checked against a run.
 *
 * @param id          band id
 * @param description what it checks
 * @param low         lower bound
 * @param high        upper bound
 * @param value       the model's value (NaN when it cannot be computed)
 * @param inside      low ≤ value ≤ high
 * @param distance    0 inside; otherwise how far outside, in the metric's unit (value − high above, low − value below)
 */
public record BandResult(String id, String description, double low, double high, double value, boolean inside,
                         double distance) {
    /** Checks {@code value} against {@code band}. */
    public static BandResult of(Band band, double value) {
        boolean in = value >= band.low() && value <= band.high();
        double d = Double.isNaN(value) ? Double.NaN : in ? 0 : value > band.high() ? value - band.high() : band.low() - value;
        return new BandResult(band.id(), band.description(), band.low(), band.high(), value, in, d);
    }
}
