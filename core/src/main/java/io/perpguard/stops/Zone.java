package io.perpguard.stops;

/**
 * A support/resistance zone: swing pivots whose prices lie within one tolerance of each other.
 *
 * @param low          lowest pivot price in the zone
 * @param high         highest pivot price in the zone
 * @param level        mean pivot price (the zone's level)
 * @param touches      number of pivots (swing highs and lows) in the zone
 * @param lastTouch    bar index of the most recent pivot in the zone
 */
public record Zone(double low, double high, double level, int touches, int lastTouch) {
}
