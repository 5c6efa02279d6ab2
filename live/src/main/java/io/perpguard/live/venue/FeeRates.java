package io.perpguard.live.venue;

/**
 * The account's own trading fees on one symbol as its venue reports them to a read-only key (the account's fee tier,
 * not the venue's base rate): fractions of notional, a charge positive, a maker rebate negative.
 *
 * @param taker  taker fee (0.00018 = 0.018 %)
 * @param maker  maker fee (negative: a rebate)
 * @param source the venue's endpoint it was read from, e.g. {@code GET /fapi/v1/commissionRate}
 */
public record FeeRates(double taker, double maker, String source) {
    public FeeRates {
        if (!(taker >= 0 && taker <= 0.05) || !(maker >= -0.05 && maker <= 0.05)) {
            throw new IllegalArgumentException(source + ": taker " + taker + ", maker " + maker + " are not fee rates (taker 0 to 5 %, maker -5 to 5 %)");
        }
    }
}
