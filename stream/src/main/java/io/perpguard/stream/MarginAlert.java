package io.perpguard.stream;

/**
 * The {@code margin-alerts} record: raised once per crossing by {@code io.perpguard.alerts.MarginAlertRules}.
 *
 * @param account         the account
 * @param kind            {@code threshold}, {@code fast_rise} (margin ratio rising fast; {@code AlertKind.label()}, as on the desk and in {@code watch}),
 *                        {@code liquidation}, or {@code tier_cap}: an event left a held position past its symbol's largest tier cap
 *                        (a tiers change put it there), priced on the last tier
 * @param threshold       the threshold crossed (fraction), for a fast rise the rise of the ratio (fraction), for tier_cap the
 *                        cap (the tier's unit: notional or contracts)
 * @param marginRatio     the margin ratio that raised it (fraction; null when the margin balance is gone)
 * @param fromMarginRatio the ratio before (previous update, or the window's low for a fast rise)
 * @param triggerSymbol   the symbol whose tick or event raised it
 * @param eventTimeMs     event time of that tick or event, epoch ms
 * @param message         one readable line
 */
public record MarginAlert(String account, String kind, double threshold, double marginRatio, double fromMarginRatio,
                          String triggerSymbol, long eventTimeMs, String message) {
}
