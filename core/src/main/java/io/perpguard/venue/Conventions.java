package io.perpguard.venue;

import io.perpguard.venue.MarginConvention.TierBasis;

import java.util.List;

import static io.perpguard.venue.MarginConvention.LiquidationTake.CLEARANCE_FEE;
import static io.perpguard.venue.MarginConvention.LiquidationTake.REMAINING_MARGIN;
import static io.perpguard.venue.MarginConvention.LiquidationTake.TAKER_FEE;

/** The conventions perpguard knows, one per venue and contract type, each with the source of its formula. */
public final class Conventions {
    private static final String MM_OVER_BALANCE = "maintenance margin / margin balance; liquidation at 100 %";

    /** Binance USDⓈ-M "How to Calculate Liquidation Price of USDⓈ-M Contracts" (FORMULAS-BASE.md §1). */
    public static final MarginConvention BINANCE_USDM = new Rules(Exchange.BINANCE, ContractType.LINEAR,
            "Binance USDⓈ-M", TierBasis.AT_PRICE, false, false, false, false, false, false, CLEARANCE_FEE,
            "Binance USDⓈ-M: liquidation price excludes the closing fee; a liquidation clearance fee is charged on the notional at liquidation instead",
            MM_OVER_BALANCE,
            "Binance FAQ \"How to Calculate Liquidation Price of USDⓈ-M Contracts\" (isolated: TMM₁ = UPNL₁ = 0); tier at the liquidation notional",
            "Binance FAQ \"How to Calculate Liquidation Price of USDⓈ-M Contracts\" (cross: WB = cross wallet, TMM₁, UPNL₁ at mark)",
            List.of(), List.of());

    /** Binance COIN-M "How to Calculate Liquidation Price of COIN-M Futures Contracts" (FORMULAS-BASE.md §2). */
    public static final MarginConvention BINANCE_COINM = new Rules(Exchange.BINANCE_COINM, ContractType.INVERSE,
            "Binance COIN-M", TierBasis.AT_PRICE, false, false, false, false, false, true, CLEARANCE_FEE,
            "Binance COIN-M: liquidation price excludes the closing fee; amounts in coin; a clearance fee is charged at liquidation",
            MM_OVER_BALANCE,
            "Binance FAQ \"How to Calculate Liquidation Price of COIN-M Futures Contracts\" (MM = Q·CS/P·MMR − cum, in coin; tier at the liquidation coin notional)",
            "Binance FAQ \"How to Calculate Liquidation Price of COIN-M Futures Contracts\" (cross: WB = cross wallet of the coin)",
            List.of(), List.of());

    /** Bybit help "Liquidation Price (USDT Contract)": P = EP ∓ (IM − MM)/Q ∓ Extra/Q, MM = PV·MMR − MMD, PV = Q·EP (§3a). */
    public static final MarginConvention BYBIT_LINEAR = new Rules(Exchange.BYBIT, ContractType.LINEAR,
            "Bybit USDT linear (classic account)", TierBasis.AT_ENTRY, true, false, false, false, false, false, REMAINING_MARGIN,
            "Bybit: liquidation price excludes the closing fee; maintenance margin is valued at the entry position value",
            MM_OVER_BALANCE,
            "Bybit help centre \"Liquidation Price (USDT Contract)\": P = EP ∓ (IM − MM)/Q ∓ ExtraMargin/Q, MM = Q·EP·MMR − MMD",
            "Bybit help centre \"Liquidation Price (USDT Contract)\", cross: sustainable loss = available balance + IM − MM (text only)",
            List.of("risk-limit tier from the position value only (Bybit adds open orders)"),
            List.of("Bybit publishes cross as text only: sustainable loss = available balance + IM − MM, solved with every other position at its mark",
                    "risk-limit tier from the position value only (Bybit adds open orders)"));

    /** Bybit legacy inverse: BP_long = (1+fee)·Q/(Q/EP + balance), loss = balance − Q/EP·MMR − Q·fee/BP (§3c). */
    public static final MarginConvention BYBIT_INVERSE = new Rules(Exchange.BYBIT, ContractType.INVERSE,
            "Bybit inverse (classic account)", TierBasis.AT_ENTRY, true, false, true, false, false, true, REMAINING_MARGIN,
            "Bybit inverse: the taker fee to close at the bankruptcy price is inside the liquidation price; amounts in coin",
            MM_OVER_BALANCE,
            "Bybit help 360039261334 (inverse): Q·(1/EP − 1/P) = −(balance − Q/EP·MMR − Q·fee/BP), BP = (1 ± fee)·Q/(Q/EP ± balance)",
            "Bybit help 360039261334 (inverse cross): same formula with balance = available cross balance",
            List.of("Bybit's inverse isolated formula is an image that was not recovered: the published inverse cross formula is used with the position margin as balance"),
            List.of("other cross positions held at their mark (Bybit's example has one position)"));

    /** Bybit UTA isolated (2026-05-27): long P = Q(MMR+1)/(Q/EP + Q/EP/L + Extra/(1+taker) + MMD) (§3d). */
    public static final MarginConvention BYBIT_UTA_INVERSE = new Rules(Exchange.BYBIT_UTA, ContractType.INVERSE,
            "Bybit inverse (unified account)", TierBasis.AT_PRICE, false, false, false, true, false, true, REMAINING_MARGIN,
            "Bybit unified: initial and maintenance margin include the estimated fee to close; added margin counts net of it (Extra/(1 ± taker))",
            MM_OVER_BALANCE,
            "Bybit help \"Liquidation Price Calculation under Isolated Mode (Unified Trading Account)\", inverse: P = Q(1 ± MMR)/(Q/EP ± Q/EP/L ± Extra/(1 ± taker) ± MMD)",
            "Bybit \"Trading Rules: Liquidation Process (UTA)\": account maintenance-margin rate reaches 100 % (no closed form)",
            List.of(),
            List.of("Bybit unified cross has no published liquidation price (Bybit calls its own an estimate): solved as account MM rate = 100 % with other positions at mark"));

    /** Bybit UTA isolated, USDT: section not recovered; the inverse rule applied to linear value (§3d, estimate). */
    public static final MarginConvention BYBIT_UTA_LINEAR = new Rules(Exchange.BYBIT_UTA, ContractType.LINEAR,
            "Bybit USDT linear (unified account)", TierBasis.AT_PRICE, false, false, false, true, false, false, REMAINING_MARGIN,
            "Bybit unified: initial and maintenance margin include the estimated fee to close; added margin counts net of it (Extra/(1 ± taker))",
            MM_OVER_BALANCE,
            "Bybit help \"Liquidation Price Calculation under Isolated Mode (Unified Trading Account)\" (inverse section, applied to USDT)",
            "Bybit \"Trading Rules: Liquidation Process (UTA)\": account maintenance-margin rate reaches 100 % (no closed form)",
            List.of("Bybit's unified USDT isolated section was not recovered: the published inverse rule (MM at mark, Extra/(1 ± taker)) is applied to linear value"),
            List.of("Bybit unified cross has no published liquidation price (Bybit calls its own an estimate): solved as account MM rate = 100 % with other positions at mark"));

    /** OKX margin ratio = (margin + PnL)/(ctVal·|n|·mark·(MMR + taker)) ≤ 100 % (FORMULAS-BASE.md §4). */
    public static final MarginConvention OKX_LINEAR = new Rules(Exchange.OKX, ContractType.LINEAR,
            "OKX USDT linear", TierBasis.BY_CONTRACTS, false, true, false, false, true, true, TAKER_FEE,
            "OKX: the taker fee is added to the maintenance rate, so the closing fee is inside the liquidation price",
            "margin balance / (maintenance margin + taker fee on the position value); liquidation at 100 % or less",
            "OKX help (margin ratio, isolated USDT-margined swaps): P = (M − side·ctVal·n·EP)/(ctVal·n·(MMR + fee − side))",
            "OKX single-currency cross margin ratio (third-party copy of OKX help): (balance + PnL)/(MM + position value × taker fee)",
            List.of(),
            List.of("OKX's cross margin-ratio text is a third-party copy, not verified on okx.com; other positions held at mark"));

    /** OKX coin-margined: MR = (margin + PnL)/(ctVal·|n|/mark·(MMR + taker)) (FORMULAS-BASE.md §4). */
    public static final MarginConvention OKX_INVERSE = new Rules(Exchange.OKX, ContractType.INVERSE,
            "OKX coin-margined", TierBasis.BY_CONTRACTS, false, true, false, false, true, true, TAKER_FEE,
            "OKX: the taker fee is added to the maintenance rate, so the closing fee is inside the liquidation price; amounts in coin",
            "margin balance / (maintenance margin + taker fee on the position value); liquidation at 100 % or less",
            "OKX help (margin ratio, isolated coin-margined swaps): P = ctVal·n·(MMR + fee + side)/(M + side·ctVal·n/EP)",
            "OKX single-currency cross margin ratio (third-party copy of OKX help)",
            List.of(),
            List.of("OKX's cross margin-ratio text is a third-party copy, not verified on okx.com; other positions held at mark"));

    /** XT help centre: LONG LP = (EP·N·CS + MM − PM)/(N·CS), MM = notional × rate, no cumulative amount (SPEC.md §5). */
    public static final MarginConvention XT_LINEAR = new Rules(Exchange.XT, ContractType.LINEAR,
            "XT USDT-M", TierBasis.AT_ENTRY, true, false, false, false, false, true, REMAINING_MARGIN,
            "XT: the published liquidation price contains no closing or liquidation fee; XT charges a liquidation fee (liquidationFee) whose basis it does not document",
            "maintenance margin / margin balance; liquidation at 100 % (estimate: XT does not publish its margin ratio)",
            "XT help centre (liquidation price, isolated): LONG LP = (EP·N·CS + MM − PM)/(N·CS), SHORT LP = (EP·N·CS − MM + PM)/(N·CS)",
            "XT help centre (cross): no formula published",
            List.of("XT does not say whether MM is valued at entry or at mark: entry notional is used, as in its closed formula",
                    "XT's margin ratio is not published: shown as maintenance margin / margin balance"),
            List.of("XT publishes no cross liquidation formula: isolated rule with the whole cross balance, other positions at mark",
                    "XT's margin ratio is not published: shown as maintenance margin / margin balance"));

    /** XT coin-M: COIN-M initial margin = contracts × face / (leverage × entry) (XT help A2); liquidation by analogy. */
    public static final MarginConvention XT_INVERSE = new Rules(Exchange.XT, ContractType.INVERSE,
            "XT COIN-M", TierBasis.AT_ENTRY, true, false, false, false, false, true, REMAINING_MARGIN,
            "XT: the published liquidation price contains no closing or liquidation fee; amounts in coin",
            "maintenance margin / margin balance; liquidation at 100 % (estimate: XT does not publish its margin ratio)",
            "XT help centre: COIN-M margin = contracts × face value / (leverage × entry); liquidation rule of USDT-M applied in coin",
            "XT help centre (cross): no formula published",
            List.of("XT publishes no COIN-M liquidation formula: its USDT-M rule (PM + PnL = MM, MM at entry, no amount) is applied in coin",
                    "XT's margin ratio is not published: shown as maintenance margin / margin balance"),
            List.of("XT publishes no cross liquidation formula: isolated rule with the whole cross balance, other positions at mark",
                    "XT's margin ratio is not published: shown as maintenance margin / margin balance"));

    private static final List<MarginConvention> ALL = List.of(BINANCE_USDM, BINANCE_COINM, BYBIT_LINEAR, BYBIT_INVERSE,
            BYBIT_UTA_LINEAR, BYBIT_UTA_INVERSE, OKX_LINEAR, OKX_INVERSE, XT_LINEAR, XT_INVERSE);

    private Conventions() {
    }

    /** Every convention, for tests and the docs table. */
    public static List<MarginConvention> all() {
        return ALL;
    }

    static MarginConvention find(Exchange e, ContractType t) {
        for (MarginConvention c : ALL) {
            if (c.exchange() == e && c.contractType() == t) {
                return c;
            }
        }
        return null;
    }
}
