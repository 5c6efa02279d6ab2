package io.perpguard.cascade;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;

import java.util.Arrays;
import java.util.Locale;

/**
 * An assumed distribution of leverage among open positions: leverage values and the share of open interest
 * (notional) at each. Shares are normalised to sum to 1.
 * <p>Heat-map practice (CASCADE.md §2.1–2.2): fixed tiers such as 10/25/50/100× with weights.
 *
 * @param leverage leverage of each class, 1 to 125
 * @param weight   share of notional in each class, normalised
 */
public record LeverageMix(double[] leverage, double[] weight) {
    /** The default mix of the {@code liqmap} command: 10×:30 %, 25×:30 %, 50×:25 %, 100×:15 %. */
    public static final LeverageMix DEFAULT = parse("leverage-mix", "10:0.3,25:0.3,50:0.25,100:0.15");

    public LeverageMix {
        if (leverage == null || weight == null || leverage.length == 0 || leverage.length != weight.length) {
            throw new InvalidInputException("leverageMix", "needs one weight per leverage and at least one class");
        }
        leverage = leverage.clone();
        weight = weight.clone();
        double sum = 0;
        for (int i = 0; i < leverage.length; i++) {
            Checks.inRange("leverageMix.leverage", leverage[i], 1, 125);
            Checks.notNegative("leverageMix.weight", weight[i]);
            sum += weight[i];
        }
        if (!(sum > 0)) {
            throw new InvalidInputException("leverageMix", "weights sum to 0");
        }
        for (int i = 0; i < weight.length; i++) {
            weight[i] /= sum;
        }
    }

    /** Parses {@code L:w,L:w,...}, e.g. {@code 10:0.3,25:0.3,50:0.25,100:0.15}. */
    public static LeverageMix parse(String field, String text) {
        Checks.notBlank(field, text);
        String[] parts = text.split(",");
        double[] l = new double[parts.length], w = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String[] kv = parts[i].trim().split(":");
            if (kv.length != 2) {
                throw new InvalidInputException(field, "'" + parts[i].trim() + "' is not LEVERAGE:WEIGHT (e.g. 25:0.3)");
            }
            try {
                l[i] = Double.parseDouble(kv[0].trim().toLowerCase(Locale.ROOT).replace("x", ""));
                w[i] = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(field, "'" + parts[i].trim() + "' is not LEVERAGE:WEIGHT (e.g. 25:0.3)");
            }
            // named as the text it came from: "leverageMix.leverage" is no name the user typed
            if (!(l[i] >= 1 && l[i] <= 125)) {
                throw new InvalidInputException(field, "leverage " + Checks.fmt(l[i]) + " in '" + parts[i].trim() + "' is outside the allowed range 1 to 125");
            }
            if (!(w[i] >= 0) || Double.isInfinite(w[i])) {
                throw new InvalidInputException(field, "weight " + Checks.fmt(w[i]) + " in '" + parts[i].trim() + "' must be a finite number, 0 or more (shares, normalised to sum to 1)");
            }
        }
        double sum = Arrays.stream(w).sum();
        if (!(sum > 0 && Double.isFinite(sum))) {
            throw new InvalidInputException(field, "weights sum to " + Checks.fmt(sum) + "; they must sum to a finite number above 0");
        }
        return new LeverageMix(l, w);
    }

    public int size() {
        return leverage.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeverageMix m && Arrays.equals(leverage, m.leverage) && Arrays.equals(weight, m.weight);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(leverage) + Arrays.hashCode(weight);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < leverage.length; i++) {
            sb.append(i == 0 ? "" : ",").append(Checks.fmt(leverage[i])).append(':').append(Checks.fmt(weight[i]));
        }
        return sb.toString();
    }
}
