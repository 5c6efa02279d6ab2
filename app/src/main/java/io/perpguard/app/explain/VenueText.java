package io.perpguard.app.explain;

import io.perpguard.venue.ConventionId;
import io.perpguard.venue.Estimate;
import io.perpguard.venue.MarginConvention;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The words of each venue convention, keyed by its {@link ConventionId}: its name, the one line on fees every report
 * states, its margin ratio as the venue defines it, where the formula in force is published (isolated and cross), and
 * each {@link Estimate} code as a sentence. Core holds the codes and the formula (one comment line each); every front
 * end prints these. {@code VenueTextTest} fails when a convention or a code has no words here.
 */
public final class VenueText {
    /** The words of one convention. */
    record Words(String name, String fee, String ratio, String isolatedSource, String crossSource) {
    }

    private static final String MM_OVER_BALANCE = "maintenance margin / margin balance; liquidation at 100 %";
    private static final String OKX_RATIO = "margin balance / (maintenance margin + taker fee on the position value); liquidation at 100 % or less";
    private static final String XT_RATIO = "maintenance margin / margin balance; liquidation at 100 % (estimate: XT does not publish its margin ratio)";
    private static final String UTA_FEE = "Bybit unified: initial and maintenance margin include the estimated fee to close; added margin counts "
            + "net of it (Extra/(1 ± taker))";
    private static final String UTA_CROSS = "Bybit \"Trading Rules: Liquidation Process (UTA)\": account maintenance-margin rate reaches 100 % "
            + "(no closed form)";
    private static final String XT_CROSS = "XT help centre (cross): no formula published";

    private static final Map<ConventionId, Words> WORDS = new EnumMap<>(Map.of(
            ConventionId.BINANCE_USDM, new Words("Binance USDⓈ-M",
                    "Binance USDⓈ-M: liquidation price excludes the closing fee; a liquidation clearance fee is charged on the notional at "
                            + "liquidation instead",
                    MM_OVER_BALANCE,
                    "Binance FAQ \"How to Calculate Liquidation Price of USDⓈ-M Contracts\" (isolated: TMM₁ = UPNL₁ = 0); tier at the "
                            + "liquidation notional",
                    "Binance FAQ \"How to Calculate Liquidation Price of USDⓈ-M Contracts\" (cross: WB = cross wallet, TMM₁, UPNL₁ at mark)"),
            ConventionId.BINANCE_COINM, new Words("Binance COIN-M",
                    "Binance COIN-M: liquidation price excludes the closing fee; amounts in coin; a clearance fee is charged at liquidation",
                    MM_OVER_BALANCE,
                    "Binance FAQ \"How to Calculate Liquidation Price of COIN-M Futures Contracts\" (MM = Q·CS/P·MMR − cum, in coin; tier at "
                            + "the liquidation coin notional)",
                    "Binance FAQ \"How to Calculate Liquidation Price of COIN-M Futures Contracts\" (cross: WB = cross wallet of the coin)"),
            ConventionId.BYBIT_LINEAR, new Words("Bybit USDT linear (classic account)",
                    "Bybit: liquidation price excludes the closing fee; maintenance margin is valued at the entry position value",
                    MM_OVER_BALANCE,
                    "Bybit help centre \"Liquidation Price (USDT Contract)\": P = EP ∓ (IM − MM)/Q ∓ ExtraMargin/Q, MM = Q·EP·MMR − MMD",
                    "Bybit help centre \"Liquidation Price (USDT Contract)\", cross: sustainable loss = available balance + IM − MM (text only)"),
            ConventionId.BYBIT_INVERSE, new Words("Bybit inverse (classic account)",
                    "Bybit inverse: the taker fee to close at the bankruptcy price is inside the liquidation price; amounts in coin",
                    MM_OVER_BALANCE,
                    "Bybit help 360039261334 (inverse): Q·(1/EP − 1/P) = −(balance − Q/EP·MMR − Q·fee/BP), BP = (1 ± fee)·Q/(Q/EP ± balance)",
                    "Bybit help 360039261334 (inverse cross): same formula with balance = available cross balance"),
            ConventionId.BYBIT_UTA_LINEAR, new Words("Bybit USDT linear (unified account)", UTA_FEE, MM_OVER_BALANCE,
                    "Bybit help \"Liquidation Price Calculation under Isolated Mode (Unified Trading Account)\" (inverse section, applied to USDT)",
                    UTA_CROSS),
            ConventionId.BYBIT_UTA_INVERSE, new Words("Bybit inverse (unified account)", UTA_FEE, MM_OVER_BALANCE,
                    "Bybit help \"Liquidation Price Calculation under Isolated Mode (Unified Trading Account)\", inverse: P = Q(1 ± MMR)/(Q/EP "
                            + "± Q/EP/L ± Extra/(1 ± taker) ± MMD)",
                    UTA_CROSS),
            ConventionId.OKX_LINEAR, new Words("OKX USDT linear",
                    "OKX: the taker fee is added to the maintenance rate, so the closing fee is inside the liquidation price",
                    OKX_RATIO,
                    "OKX help (margin ratio, isolated USDT-margined swaps): P = (M − side·ctVal·n·EP)/(ctVal·n·(MMR + fee − side))",
                    "OKX single-currency cross margin ratio (third-party copy of OKX help): (balance + PnL)/(MM + position value × taker fee)"),
            ConventionId.OKX_INVERSE, new Words("OKX coin-margined",
                    "OKX: the taker fee is added to the maintenance rate, so the closing fee is inside the liquidation price; amounts in coin",
                    OKX_RATIO,
                    "OKX help (margin ratio, isolated coin-margined swaps): P = ctVal·n·(MMR + fee + side)/(M + side·ctVal·n/EP)",
                    "OKX single-currency cross margin ratio (third-party copy of OKX help)"),
            ConventionId.XT_LINEAR, new Words("XT USDT-M",
                    "XT: the published liquidation price contains no closing or liquidation fee; XT charges a liquidation fee (liquidationFee) "
                            + "whose basis it does not document",
                    XT_RATIO,
                    "XT help centre (liquidation price, isolated): LONG LP = (EP·N·CS + MM − PM)/(N·CS), SHORT LP = (EP·N·CS − MM + PM)/(N·CS)",
                    XT_CROSS),
            ConventionId.XT_INVERSE, new Words("XT COIN-M",
                    "XT: the published liquidation price contains no closing or liquidation fee; amounts in coin",
                    XT_RATIO,
                    "XT help centre: COIN-M margin = contracts × face value / (leverage × entry); liquidation rule of USDT-M applied in coin",
                    XT_CROSS)));

    private static final Map<Estimate, String> ESTIMATES = new EnumMap<>(Map.ofEntries(
            Map.entry(Estimate.TIER_WITHOUT_OPEN_ORDERS, "risk-limit tier from the position value only (Bybit adds open orders)"),
            Map.entry(Estimate.BYBIT_CROSS_TEXT_ONLY, "Bybit publishes cross as text only: sustainable loss = available balance + IM − MM, "
                    + "solved with every other position at its mark"),
            Map.entry(Estimate.BYBIT_INVERSE_ISOLATED_BY_CROSS_FORMULA, "Bybit's inverse isolated formula is an image that was not recovered: "
                    + "the published inverse cross formula is used with the position margin as balance"),
            Map.entry(Estimate.OTHER_CROSS_POSITIONS_AT_MARK, "other cross positions held at their mark (Bybit's example has one position)"),
            Map.entry(Estimate.BYBIT_UTA_CROSS_UNPUBLISHED, "Bybit unified cross has no published liquidation price (Bybit calls its own an "
                    + "estimate): solved as account MM rate = 100 % with other positions at mark"),
            Map.entry(Estimate.BYBIT_UTA_LINEAR_BY_INVERSE_RULE, "Bybit's unified USDT isolated section was not recovered: the published "
                    + "inverse rule (MM at mark, Extra/(1 ± taker)) is applied to linear value"),
            Map.entry(Estimate.OKX_CROSS_UNVERIFIED, "OKX's cross margin-ratio text is a third-party copy, not verified on okx.com; other "
                    + "positions held at mark"),
            Map.entry(Estimate.XT_MM_VALUED_AT_ENTRY, "XT does not say whether MM is valued at entry or at mark: entry notional is used, as in "
                    + "its closed formula"),
            Map.entry(Estimate.XT_MARGIN_RATIO_UNPUBLISHED, "XT's margin ratio is not published: shown as maintenance margin / margin balance"),
            Map.entry(Estimate.XT_CROSS_UNPUBLISHED, "XT publishes no cross liquidation formula: isolated rule with the whole cross balance, "
                    + "other positions at mark"),
            Map.entry(Estimate.XT_COINM_BY_USDTM_RULE, "XT publishes no COIN-M liquidation formula: its USDT-M rule (PM + PnL = MM, MM at entry, "
                    + "no amount) is applied in coin")));

    private VenueText() {
    }

    private static Words words(ConventionId id) {
        Words w = WORDS.get(id);
        if (w == null) {
            throw new IllegalStateException("no words for convention " + id);
        }
        return w;
    }

    /** e.g. "Bybit USDT linear (classic account)". */
    public static String name(ConventionId id) {
        return words(id).name();
    }

    public static String name(MarginConvention c) {
        return name(c.id());
    }

    /** The one line on fees every report states. */
    public static String feeConvention(ConventionId id) {
        return words(id).fee();
    }

    /** The venue's margin ratio, e.g. "maintenance margin / margin balance; liquidation at 100 %". */
    public static String marginRatioDefinition(ConventionId id) {
        return words(id).ratio();
    }

    /** Where the liquidation formula in force (isolated or cross) is published. */
    public static String formulaSource(ConventionId id, boolean cross) {
        return cross ? words(id).crossSource() : words(id).isolatedSource();
    }

    /** One estimate code as its sentence. */
    public static String estimate(Estimate e) {
        String s = ESTIMATES.get(e);
        if (s == null) {
            throw new IllegalStateException("no words for estimate " + e);
        }
        return s;
    }

    /** Every estimate, in order. */
    public static List<String> estimates(List<Estimate> estimates) {
        return estimates.stream().map(VenueText::estimate).toList();
    }
}
