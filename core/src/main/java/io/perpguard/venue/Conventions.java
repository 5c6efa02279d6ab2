package io.perpguard.venue;

import io.perpguard.venue.MarginConvention.TierBasis;

import java.util.List;

import static io.perpguard.venue.Estimate.BYBIT_CROSS_TEXT_ONLY;
import static io.perpguard.venue.Estimate.BYBIT_INVERSE_ISOLATED_BY_CROSS_FORMULA;
import static io.perpguard.venue.Estimate.BYBIT_UTA_CROSS_UNPUBLISHED;
import static io.perpguard.venue.Estimate.BYBIT_UTA_LINEAR_BY_INVERSE_RULE;
import static io.perpguard.venue.Estimate.OKX_CROSS_UNVERIFIED;
import static io.perpguard.venue.Estimate.OTHER_CROSS_POSITIONS_AT_MARK;
import static io.perpguard.venue.Estimate.TIER_WITHOUT_OPEN_ORDERS;
import static io.perpguard.venue.Estimate.XT_COINM_BY_USDTM_RULE;
import static io.perpguard.venue.Estimate.XT_CROSS_UNPUBLISHED;
import static io.perpguard.venue.Estimate.XT_MARGIN_RATIO_UNPUBLISHED;
import static io.perpguard.venue.Estimate.XT_MM_VALUED_AT_ENTRY;
import static io.perpguard.venue.MarginConvention.LiquidationTake.CLEARANCE_FEE;
import static io.perpguard.venue.MarginConvention.LiquidationTake.REMAINING_MARGIN;
import static io.perpguard.venue.MarginConvention.LiquidationTake.TAKER_FEE;

/**
 * The conventions perpguard knows, one per venue and contract type, each with the source of its formula in one
 * comment line. Codes and flags only: {@code app/explain/VenueText} writes each one's name, fee note, margin-ratio
 * definition, formula source and estimates, keyed by {@link ConventionId} and {@link Estimate}.
 */
public final class Conventions {
    // Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Contracts" (FORMULAS-BASE.md §1): isolated TMM₁ = UPNL₁ = 0, cross WB = cross wallet
    public static final MarginConvention BINANCE_USDM = new Rules(ConventionId.BINANCE_USDM,
            TierBasis.AT_PRICE, false, false, false, false, false, false, CLEARANCE_FEE, List.of(), List.of());

    // Binance FAQ "How to Calculate Liquidation Price of COIN-M Futures Contracts" (FORMULAS-BASE.md §2): MM = Q·CS/P·MMR − cum, in coin
    public static final MarginConvention BINANCE_COINM = new Rules(ConventionId.BINANCE_COINM,
            TierBasis.AT_PRICE, false, false, false, false, false, true, CLEARANCE_FEE, List.of(), List.of());

    // Bybit help "Liquidation Price (USDT Contract)" (§3a): P = EP ∓ (IM − MM)/Q ∓ Extra/Q, MM = Q·EP·MMR − MMD; cross as text only
    public static final MarginConvention BYBIT_LINEAR = new Rules(ConventionId.BYBIT_LINEAR,
            TierBasis.AT_ENTRY, true, false, false, false, false, false, REMAINING_MARGIN,
            List.of(TIER_WITHOUT_OPEN_ORDERS), List.of(BYBIT_CROSS_TEXT_ONLY, TIER_WITHOUT_OPEN_ORDERS));

    // Bybit help 360039261334 (inverse, §3c): Q·(1/EP − 1/P) = −(balance − Q/EP·MMR − Q·fee/BP), BP = (1 ± fee)·Q/(Q/EP ± balance)
    public static final MarginConvention BYBIT_INVERSE = new Rules(ConventionId.BYBIT_INVERSE,
            TierBasis.AT_ENTRY, true, false, true, false, false, true, REMAINING_MARGIN,
            List.of(BYBIT_INVERSE_ISOLATED_BY_CROSS_FORMULA), List.of(OTHER_CROSS_POSITIONS_AT_MARK));

    // Bybit help "Liquidation Price Calculation under Isolated Mode (UTA)" (2026-05-27, §3d): P = Q(1 ± MMR)/(Q/EP ± Q/EP/L ± Extra/(1 ± taker) ± MMD)
    public static final MarginConvention BYBIT_UTA_INVERSE = new Rules(ConventionId.BYBIT_UTA_INVERSE,
            TierBasis.AT_PRICE, false, false, false, true, false, true, REMAINING_MARGIN,
            List.of(), List.of(BYBIT_UTA_CROSS_UNPUBLISHED));

    // Bybit UTA isolated article, inverse section applied to USDT value (§3d; the USDT section was not recovered)
    public static final MarginConvention BYBIT_UTA_LINEAR = new Rules(ConventionId.BYBIT_UTA_LINEAR,
            TierBasis.AT_PRICE, false, false, false, true, false, false, REMAINING_MARGIN,
            List.of(BYBIT_UTA_LINEAR_BY_INVERSE_RULE), List.of(BYBIT_UTA_CROSS_UNPUBLISHED));

    // OKX help, margin ratio (FORMULAS-BASE.md §4): MR = (margin + PnL)/(ctVal·|n|·mark·(MMR + taker)), liquidation at ≤ 100 %
    public static final MarginConvention OKX_LINEAR = new Rules(ConventionId.OKX_LINEAR,
            TierBasis.BY_CONTRACTS, false, true, false, false, true, true, TAKER_FEE,
            List.of(), List.of(OKX_CROSS_UNVERIFIED));

    // OKX help, coin-margined margin ratio (FORMULAS-BASE.md §4): MR = (margin + PnL)/(ctVal·|n|/mark·(MMR + taker))
    public static final MarginConvention OKX_INVERSE = new Rules(ConventionId.OKX_INVERSE,
            TierBasis.BY_CONTRACTS, false, true, false, false, true, true, TAKER_FEE,
            List.of(), List.of(OKX_CROSS_UNVERIFIED));

    // XT help centre, isolated (SPEC.md §5): LONG LP = (EP·N·CS + MM − PM)/(N·CS), MM = notional × rate, no amount; no cross formula
    public static final MarginConvention XT_LINEAR = new Rules(ConventionId.XT_LINEAR,
            TierBasis.AT_ENTRY, true, false, false, false, false, true, REMAINING_MARGIN,
            List.of(XT_MM_VALUED_AT_ENTRY, XT_MARGIN_RATIO_UNPUBLISHED), List.of(XT_CROSS_UNPUBLISHED, XT_MARGIN_RATIO_UNPUBLISHED));

    // XT help A2: COIN-M margin = contracts × face / (leverage × entry); the USDT-M liquidation rule applied in coin
    public static final MarginConvention XT_INVERSE = new Rules(ConventionId.XT_INVERSE,
            TierBasis.AT_ENTRY, true, false, false, false, false, true, REMAINING_MARGIN,
            List.of(XT_COINM_BY_USDTM_RULE, XT_MARGIN_RATIO_UNPUBLISHED), List.of(XT_CROSS_UNPUBLISHED, XT_MARGIN_RATIO_UNPUBLISHED));

    private static final List<MarginConvention> ALL = List.of(BINANCE_USDM, BINANCE_COINM, BYBIT_LINEAR, BYBIT_INVERSE,
            BYBIT_UTA_LINEAR, BYBIT_UTA_INVERSE, OKX_LINEAR, OKX_INVERSE, XT_LINEAR, XT_INVERSE);

    private Conventions() {
    }

    /** Every convention, for tests and the docs table. */
    public static List<MarginConvention> all() {
        return ALL;
    }

    static MarginConvention find(Exchange e, ContractType t) {
        for (int i = 0; i < ALL.size(); i++) {   // indexed: called per position by the pricing loops, no iterator
            MarginConvention c = ALL.get(i);
            if (c.exchange() == e && c.contractType() == t) {
                return c;
            }
        }
        return null;
    }
}
