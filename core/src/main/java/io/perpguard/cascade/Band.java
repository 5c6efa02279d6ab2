package io.perpguard.cascade;

import io.perpguard.Checks;

/**
 * A target band of an event fixture (CASCADE.md §5.3 C): the model's value of {@code metric} must lie in
 * [low, high]. Either bound may be infinite (one-sided band).
 *
 * @param id          e.g. {@code V1a}
 * @param description what is checked and the observed figure
 * @param metric      metric name understood by {@link Bands#metric}
 * @param low         lower bound (−∞ allowed)
 * @param high        upper bound (+∞ allowed)
 * @param source      where the figure comes from
 */
public record Band(String id, String description, String metric, double low, double high, String source) {
    public Band {
        Checks.notBlank("band.id", id);
        Checks.notBlank("band.metric", metric);
        if (Double.isNaN(low) || Double.isNaN(high) || low > high) {
            throw new io.perpguard.InvalidInputException("band." + id, "low " + low + " must not exceed high " + high);
        }
    }
}
