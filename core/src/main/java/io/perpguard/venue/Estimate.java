package io.perpguard.venue;

/**
 * What a convention assumes where its venue publishes no exact rule, by code ({@link MarginConvention#estimates});
 * {@code app/explain/VenueText} writes each as a sentence.
 */
public enum Estimate {
    /** Bybit's risk-limit tier counts open orders; perpguard sees the position value only. */
    TIER_WITHOUT_OPEN_ORDERS,
    /** Bybit publishes its USDT cross rule as text only; solved with every other position at its mark. */
    BYBIT_CROSS_TEXT_ONLY,
    /** Bybit's inverse isolated formula was not recovered; its inverse cross formula is used with the position margin. */
    BYBIT_INVERSE_ISOLATED_BY_CROSS_FORMULA,
    /** Other cross positions held at their mark (Bybit's inverse cross example has one position). */
    OTHER_CROSS_POSITIONS_AT_MARK,
    /** Bybit unified cross has no published liquidation price; solved as account MM rate = 100 %. */
    BYBIT_UTA_CROSS_UNPUBLISHED,
    /** Bybit's unified USDT isolated section was not recovered; the inverse rule is applied to linear value. */
    BYBIT_UTA_LINEAR_BY_INVERSE_RULE,
    /** OKX's cross margin-ratio text is a third-party copy, not verified on okx.com. */
    OKX_CROSS_UNVERIFIED,
    /** XT does not say whether MM is valued at entry or mark; entry, as in its closed formula. */
    XT_MM_VALUED_AT_ENTRY,
    /** XT publishes no margin ratio; shown as maintenance margin / margin balance. */
    XT_MARGIN_RATIO_UNPUBLISHED,
    /** XT publishes no cross formula; its isolated rule with the whole cross balance. */
    XT_CROSS_UNPUBLISHED,
    /** XT publishes no COIN-M liquidation formula; its USDT-M rule is applied in coin. */
    XT_COINM_BY_USDTM_RULE
}
