package io.perpguard.venue;

import java.util.List;

/**
 * The shared solver behind every convention. Each venue's rule is "margin balance = maintenance requirement at
 * the mark P" with its maintenance requirement of one leg, for its tier i:
 * <pre>
 *   MM = value × (MMR_i + fee) − amount_i + feeAtBankruptcy,   value = notional at P, or at entry (Bybit classic, XT)
 *   linear:  equity(P) = base + Σ side·Q·(P − EP)            → P   = (base − Σ side·Q·EP − A) / (B − Σ side·Q)
 *   inverse: equity(P) = base + Σ side·Q·(1/EP − 1/P)        → 1/P = (base + Σ side·Q/EP − A) / (B + Σ side·Q)
 * </pre>
 * with A the constant and B the price-proportional part of Σ MM. For Binance (both kinds) this is exactly the
 * published formula of FORMULAS-BASE.md §1 and §2; the venue-specific forms are cited in {@link Conventions}.
 */
final class Rules implements MarginConvention {
    final ConventionId id;
    final ContractType type;
    final TierBasis basis;
    /** maintenance margin valued at the entry notional (Bybit classic "PV = Q·EP", XT) instead of at the mark */
    final boolean valueAtEntry;
    /** taker fee added to the maintenance rate (OKX margin ratio) */
    final boolean feeInRate;
    /** closing fee at the bankruptcy price counted in maintenance (Bybit inverse) */
    final boolean feeAtBankruptcy;
    /** added margin counted net of the closing fee: Extra / (1 ± taker) (Bybit unified isolated) */
    final boolean extraNetOfFee;
    final boolean higherSafer;
    final boolean contracts;
    final LiquidationTake take;
    final List<Estimate> isolatedEstimates;
    final List<Estimate> crossEstimates;

    Rules(ConventionId id, TierBasis basis, boolean valueAtEntry, boolean feeInRate, boolean feeAtBankruptcy, boolean extraNetOfFee,
          boolean higherSafer, boolean contracts, LiquidationTake take, List<Estimate> isolatedEstimates, List<Estimate> crossEstimates) {
        this.id = id;
        this.type = id.contractType();
        this.basis = basis;
        this.valueAtEntry = valueAtEntry;
        this.feeInRate = feeInRate;
        this.feeAtBankruptcy = feeAtBankruptcy;
        this.extraNetOfFee = extraNetOfFee;
        this.higherSafer = higherSafer;
        this.contracts = contracts;
        this.take = take;
        this.isolatedEstimates = List.copyOf(isolatedEstimates);
        this.crossEstimates = List.copyOf(crossEstimates);
    }

    @Override
    public ConventionId id() {
        return id;
    }

    @Override
    public Exchange exchange() {
        return id.exchange();
    }

    @Override
    public List<Integer> fundingIntervalsHours() {
        return switch (id.exchange()) {
            // Binance: 8 h, moved to 4 h or 1 h for a symbol whose rate hits its cap (fundingIntervalHours of /fapi/v1/fundingInfo)
            case BINANCE, BINANCE_COINM -> List.of(1, 4, 8);
            // Bybit: fundingInterval in whole hours; 8 h or 4 h, set to hourly at the rate's limit and back to 2, 4 or 8 h
            // (Bybit's dynamic settlement frequency, 2025-10; research/venues/multi/api/bybit market__tickers)
            case BYBIT, BYBIT_UTA -> List.of(1, 2, 4, 8);
            // OKX: 8 h, "may be adjusted to higher frequencies such as 6 hours, 4 hours, 2 hours, or 1 hour"
            // (research/venues/multi/api/okx public-data-rest-api-get-funding-rate)
            case OKX -> List.of(1, 2, 4, 6, 8);
            // XT: 8 h by default with a per-symbol collectionInternal (research/venues/xt/SPEC.md); the hourly and 4-hourly
            // schedules of the other venues are assumed, no other value is documented
            case XT -> List.of(1, 4, 8);
        };
    }

    @Override
    public double leverageStep() {
        return switch (id.exchange()) {
            // Binance "Change Initial Leverage" POST /fapi/v1/leverage and /dapi/v1/leverage: leverage INT, "int from 1 to 125"
            case BINANCE, BINANCE_COINM -> 1;
            // Bybit v5 instruments-info leverageFilter.leverageStep "0.01" (research/venues/multi/api/bybit market__instrument)
            case BYBIT, BYBIT_UTA -> 0.01;
            // OKX: lever is a decimal string ("lever":"5", research/venues/multi/api/okx); no step documented: any decimal
            case OKX -> 0;
            // XT POST /future/user/v1/position/adjust-leverage: leverage integer (research/venues/xt/api-docs/_futures_user/adjustLeverage.md)
            case XT -> 1;
        };
    }

    @Override
    public MarginModeScope marginModeScope() {
        return switch (id.exchange()) {
            // Binance "Change Margin Type" (fapi and dapi POST /marginType, a symbol's setting): "same margin type for both position sides"
            case BINANCE, BINANCE_COINM -> MarginModeScope.SYMBOL;
            // Bybit POST /v5/position/switch-isolated: tradeMode per symbol, with buyLeverage and sellLeverage for its two sides
            case BYBIT -> MarginModeScope.SYMBOL;
            // Bybit help "Differences Between the Margin Modes Under the Unified Trading Account": "the selected margin mode will apply to your entire account" (v5 POST /v5/account/set-margin-mode)
            case BYBIT_UTA -> MarginModeScope.ACCOUNT;
            // OKX: mgnMode is a field of each position (GET /api/v5/account/positions), chosen per order (tdMode)
            case OKX -> MarginModeScope.POSITION;
            // XT: positionType CROSSED / ISOLATED per symbol and positionSide (POST /future/user/v1/position/change-type; SPEC.md)
            case XT -> MarginModeScope.POSITION;
        };
    }

    @Override
    public ContractType contractType() {
        return type;
    }

    @Override
    public TierBasis tierBasis() {
        return basis;
    }

    @Override
    public double tierMeasure(Terms t, double qty, double price) {
        if (basis == TierBasis.BY_CONTRACTS) {
            return t.contractSize() > 0 ? qty / t.contractSize() : qty;
        }
        return type.notional(qty, price);
    }

    @Override
    public int tier(Terms t, double qty, double entry, double price) {
        return t.tiers().index(tierMeasure(t, qty, basis == TierBasis.AT_ENTRY ? entry : price));
    }

    private double rate(Terms t, int i) {
        return t.tiers().rate(i) + (feeInRate ? t.takerFee() : 0);
    }

    @Override
    public double maintenanceMargin(Terms t, double qty, double entry, double price) {
        if (qty == 0) {
            return 0;
        }
        int i = tier(t, qty, entry, price);
        return type.notional(qty, valueAtEntry ? entry : price) * rate(t, i) - t.tiers().amount(i);
    }

    @Override
    public double requirement(Terms t, double base, Legs legs, double price) {
        double mm = maintenanceMargin(t, legs.qtyBoth(), legs.entryBoth(), price)
                + maintenanceMargin(t, legs.qtyLong(), legs.entryLong(), price)
                + maintenanceMargin(t, legs.qtyShort(), legs.entryShort(), price);
        return mm + extraRequirement(t, base, legs);
    }

    @Override
    public double extraRequirement(Terms t, double base, Legs legs) {
        return bankruptcyFee(t, base, legs);
    }

    @Override
    public double isolatedBase(Terms t, int sign, double initialMargin, double marginAdded) {
        // Bybit UTA isolated: "Extra/(1+taker)" for a long, "Extra/(1−taker)" for a short (FORMULAS-BASE.md §3d)
        return initialMargin + (extraNetOfFee ? marginAdded / (1 + sign * t.takerFee()) : marginAdded);
    }

    @Override
    public Solution isolated(Terms t, int sign, double qty, double entry, double initialMargin, double marginAdded, double mark) {
        return solve(t, isolatedBase(t, sign, initialMargin, marginAdded), Legs.single(qty, sign, entry), mark);
    }

    @Override
    public Solution level(Terms t, double base, Legs legs, double mark, Reach reach) {
        return solve(t, base, legs, mark, 0, reach);
    }

    @Override
    public Solution cross(Terms t, double wallet, double otherMaintenance, double otherUnrealizedPnl, Legs legs, double mark) {
        return solve(t, wallet - otherMaintenance + otherUnrealizedPnl, legs, mark, 0);
    }

    @Override
    public Solution cross(Terms t, double wallet, double otherMaintenance, double otherUnrealizedPnl, Legs legs, double mark,
                          double equityPerPrice) {
        return solve(t, wallet - otherMaintenance + otherUnrealizedPnl, legs, mark, equityPerPrice);
    }

    /** Closing fee at the fee-inclusive bankruptcy price, Q·fee/BP, for venues that count it (else 0). */
    private double bankruptcyFee(Terms t, double base, Legs legs) {
        if (!feeAtBankruptcy || t.takerFee() == 0) {
            return 0;
        }
        double bp = bankruptcy(t, base, 0, legs);
        double gross = legs.qtyBoth() + legs.qtyLong() + legs.qtyShort();
        return Double.isFinite(bp) ? type.notional(gross, bp) * t.takerFee() : 0;
    }

    @Override
    public double bankruptcy(Terms t, double wallet, double otherUnrealizedPnl, Legs legs) {
        double net = legs.netQty();
        if (net == 0) {
            return Double.NaN;
        }
        double p;
        if (type == ContractType.LINEAR) {
            // equity(BP) = 0: BP = (side_B·Q_B·EP_B + Q_L·EP_L − Q_S·EP_S − WB − UPNL₁) / (side_B·Q_B + Q_L − Q_S)
            double num = legs.sideBoth() * legs.qtyBoth() * legs.entryBoth() + legs.qtyLong() * legs.entryLong()
                    - legs.qtyShort() * legs.entryShort() - wallet - otherUnrealizedPnl;
            p = num / net;
        } else {
            // inverse, Bybit legacy "BP_long = (1+fee)·Q / (Q/EP + balance)" (FORMULAS-BASE.md §3c); fee 0 elsewhere
            double gross = legs.qtyBoth() + legs.qtyLong() + legs.qtyShort();
            double fee = feeAtBankruptcy ? t.takerFee() * gross : 0;
            double[] q = legs.qty(), s = legs.sides(), ep = legs.entries();
            double num = wallet + otherUnrealizedPnl;
            for (int k = 0; k < 3; k++) {
                if (q[k] > 0) {
                    num += s[k] * q[k] / ep[k];
                }
            }
            p = (net + fee) / num;
        }
        return p > 0 && Double.isFinite(p) ? p : Double.NaN;
    }

    /** Solves equity = requirement over the venue's tier rule; nearest consistent solution to the mark wins. */
    Solution solve(Terms t, double base, Legs legs, double mark) {
        return solve(t, base, legs, mark, 0);
    }

    /**
     * {@link #solve} with {@code perPrice} × x more equity, x the variable solved for (P linear, 1/P inverse): one more
     * term in the denominator either way.
     */
    Solution solve(Terms t, double base, Legs legs, double mark, double perPrice) {
        return solve(t, base, legs, mark, perPrice, Reach.NEAREST);
    }

    /** {@link #solve} for the level {@code reach} names. */
    private Solution solve(Terms t, double base, Legs legs, double mark, double perPrice, Reach reach) {
        TierTable tt = t.tiers();
        double[] q = legs.qty(), s = legs.sides(), ep = legs.entries();
        int[] active = new int[3];
        int na = 0;
        for (int i = 0; i < 3; i++) {
            if (q[i] > 0) {
                active[na++] = i;
            }
        }
        if (na == 0) {
            return Solution.NEVER;
        }
        boolean linear = type == ContractType.LINEAR;
        double baseNum = base - bankruptcyFee(t, base, legs), baseDen = 0;
        double numScale = Math.abs(baseNum), denScale = 0;
        for (int k = 0; k < na; k++) {
            int i = active[k];
            baseNum += linear ? -s[i] * q[i] * ep[i] : s[i] * q[i] / ep[i];
            baseDen += linear ? -s[i] * q[i] : s[i] * q[i];
            numScale += linear ? q[i] * ep[i] : q[i] / ep[i];
            denScale += q[i];
        }
        baseDen -= perPrice;
        denScale += Math.abs(perPrice);
        int n = tt.size();
        boolean iterate = basis == TierBasis.AT_PRICE;
        int combos = 1;
        if (iterate) {
            for (int k = 0; k < na; k++) {
                combos *= n;
            }
        }
        double best = Double.NaN;
        int[] bestTiers = null;
        int[] tier = new int[na];
        double[] nd = new double[2];
        for (int c = 0; c < combos; c++) {
            int rest = c;
            for (int k = 0; k < na; k++) {
                if (iterate) {
                    tier[k] = rest % n;
                    rest /= n;
                } else {
                    tier[k] = tier(t, q[active[k]], ep[active[k]], mark);
                }
            }
            terms(t, active, na, q, ep, tier, baseNum, baseDen, nd);
            double num = nd[0], den = nd[1];
            // a term that cancels to rounding noise is zero: equity never meets the requirement (e.g. a 1× inverse short)
            if (Math.abs(den) <= 1e-12 * denScale || Math.abs(num) <= 1e-12 * numScale) {
                continue;
            }
            double lp = linear ? num / den : den / num;
            if (!(lp > 0) || !Double.isFinite(lp)) {
                continue;
            }
            boolean consistent = true;
            for (int k = 0; k < na && consistent && iterate; k++) {
                consistent = tt.holds(tier[k], tierMeasure(t, q[active[k]], lp));
            }
            if (consistent && gainWard(reach, legs, lp, mark) && (Double.isNaN(best) || Math.abs(lp - mark) < Math.abs(best - mark))) {
                best = lp;
                bestTiers = tier.clone();
            }
        }
        boolean byFall = Double.isNaN(best) || legs.liquidatedByFall(best, mark);
        if (iterate) {
            // Where a tier's rate applies to the whole value with no maintenance amount to bridge it (a Bybit table without
            // mmDeduction), the requirement jumps at a cap into the higher tier, the way the tier measure grows: a linear
            // notional with a rise, an inverse coin notional with a fall. When the jump lifts it past the equity the mark
            // liquidates on reaching the cap's price from the lower tier's side, whichever way the legs' PnL goes there: a
            // short or a linear long rising, an inverse long or short falling (a mark past the cap is liquidated there).
            double up = linear ? 1e-9 : -1e-9;
            int[] near = new int[na], far = new int[na];
            for (int b = 0; b < na; b++) {
                for (int j = 0; j + 1 < n; j++) {
                    double pb = type.priceOf(q[active[b]], tt.cap(j));
                    if (!(pb > 0) || !Double.isFinite(pb) || !Double.isNaN(best) && Math.abs(pb - mark) >= Math.abs(best - mark)) {
                        continue;
                    }
                    // a cap is reached the way the measure grows: a rise (linear) or a fall (inverse)
                    if (reach == Reach.LOSS_SIDE && !linear != legs.liquidatedByFall(pb, mark) || !gainWard(reach, legs, pb, mark)) {
                        continue;
                    }
                    // the legs' tiers just on the lower tier's side of the cap and just past it
                    for (int k = 0; k < na; k++) {
                        near[k] = tier(t, q[active[k]], ep[active[k]], pb * (1 - up));
                        far[k] = tier(t, q[active[k]], ep[active[k]], pb * (1 + up));
                    }
                    double x = linear ? pb : 1 / pb;
                    terms(t, active, na, q, ep, near, baseNum, baseDen, nd);
                    double fNear = nd[0] - nd[1] * x;
                    terms(t, active, na, q, ep, far, baseNum, baseDen, nd);
                    double fFar = nd[0] - nd[1] * x;
                    if (fNear > 0 && fFar < 0 && fNear - fFar > 1e-9 * numScale) {
                        best = pb;
                        bestTiers = far.clone();
                        byFall = !linear;
                    }
                }
            }
        }
        if (reach == Reach.GAIN_SIDE && byFall == legs.liquidatedByFall(best, mark)) {
            return Solution.NEVER;   // the first level the gain's way is no cap crossed by gaining
        }
        return bestTiers == null ? Solution.NEVER : new Solution(best, bestTiers, byFall);
    }

    /** For {@link Reach#GAIN_SIDE}, whether {@code price} lies the way the legs gain from the mark (else always true). */
    private static boolean gainWard(Reach reach, Legs legs, double price, double mark) {
        return reach != Reach.GAIN_SIDE || (legs.liquidatedByFall(price, mark) ? price >= mark : price <= mark);
    }

    /**
     * The solved equation's two terms for one choice of the legs' tiers: margin balance − requirement = num − den·x,
     * x = P (linear) or 1/P (inverse), the requirement's amounts and entry-valued part in num, its price-proportional part in den.
     */
    private void terms(Terms t, int[] active, int na, double[] q, double[] ep, int[] tier, double baseNum, double baseDen,
                       double[] out) {
        double num = baseNum, den = baseDen;
        for (int k = 0; k < na; k++) {
            int leg = active[k];
            double r = rate(t, tier[k]);
            num += t.tiers().amount(tier[k]);
            if (valueAtEntry) {
                num -= type.notional(q[leg], ep[leg]) * r;
            } else {
                den += q[leg] * r;
            }
        }
        out[0] = num;
        out[1] = den;
    }

    @Override
    public double marginRatio(double requirement, double balance) {
        if (higherSafer) {
            return requirement > 0 ? balance / requirement : Double.POSITIVE_INFINITY;
        }
        return balance > 0 ? requirement / balance : Double.POSITIVE_INFINITY;
    }

    @Override
    public boolean higherRatioIsSafer() {
        return higherSafer;
    }

    @Override
    public boolean takerFeeInMaintenanceRate() {
        return feeInRate;
    }

    @Override
    public boolean closingFeeInLiquidation() {
        return feeInRate || feeAtBankruptcy || extraNetOfFee;
    }

    @Override
    public LiquidationTake liquidationTake() {
        return take;
    }

    @Override
    public List<Estimate> estimates(boolean cross) {
        return cross ? crossEstimates : isolatedEstimates;
    }

    @Override
    public boolean sharesCollateral() {
        // Binance "What Is Multi-Assets Mode" (USDⓈ-M only, cross only); Bybit UTA 2.0: cross margin shared across coins (wallet-balance totalMarginBalance);
        // OKX multi-currency margin (acctLv 3): every currency's discounted equity backs every cross position
        return id == ConventionId.BINANCE_USDM || id == ConventionId.BYBIT_UTA_LINEAR || id == ConventionId.BYBIT_UTA_INVERSE
                || id == ConventionId.OKX_LINEAR || id == ConventionId.OKX_INVERSE;
    }

    @Override
    public boolean countsInContracts() {
        return contracts;
    }

    @Override
    public Flat flat(Terms t, double clearanceRate) {
        double fee = t.takerFee();
        // the same sums as rate(t, i) and isolatedBase: rate + add, added / (1 + sign × taker)
        return new Flat(type == ContractType.LINEAR, basis, valueAtEntry, feeInRate ? fee : 0,
                extraNetOfFee ? 1 + 1 * fee : 1, extraNetOfFee ? 1 + -1 * fee : 1, t.contractSize(), feeAtBankruptcy ? fee : 0,
                take.takesRemainingMargin(), take.rate(clearanceRate, fee));
    }

    @Override
    public String toString() {
        return id.name();
    }
}
