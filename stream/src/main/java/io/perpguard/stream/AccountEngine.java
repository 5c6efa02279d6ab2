package io.perpguard.stream;

import io.perpguard.app.PooledAccount;
import io.perpguard.app.explain.AlertText;
import io.perpguard.data.account.AccountFile;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.alerts.AlertState;
import io.perpguard.alerts.MarginAlertRules;
import io.perpguard.funding.FundingCarry;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.venue.ContractType;
import io.perpguard.margin.PositionReport;
import io.perpguard.margin.PositionSide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The account side's logic, free of Kafka: apply a position event or a tick to an account's state, re-price it
 * with the core margin engine and run the alert rule. Processors only read and write stores around these calls.
 */
public final class AccountEngine {
    private AccountEngine() {
    }

    /**
     * What one input did to an account.
     *
     * @param state    the new state to store
     * @param risk     the re-priced account
     * @param alerts   alerts raised (usually none)
     * @param holdings changes of the symbols held (for the holders index)
     */
    public record Outcome(AccountState state, AccountRisk risk, List<MarginAlert> alerts, List<Holding> holdings) {
    }

    //-------------------------------------------------------------------------
    /**
     * Applies a position event. The new state is priced before it is accepted: an event the margin engine refuses
     * (leverage above the tier maximum, isolated margins above the wallet, ...) is refused as a whole.
     *
     * @param previous state before (null: a new account)
     * @throws InvalidInputException naming the field at fault; the caller keeps {@code previous}
     */
    public static Outcome applyPosition(String account, AccountState previous, PositionEvent e, Instruments instruments,
                                        AlertPolicy alertConfig) {
        AccountState s = previous == null ? AccountState.empty(e.exchange()) : previous;
        requireVenue(account, s.exchange(), e);
        Instrument inst = null;
        if (e.symbol() != null) {
            inst = instruments.bySymbol().get(e.symbol());
            if (inst == null) {
                // the message names the known symbols
                instruments.get(e.symbol());
            }
        }
        double wallet = s.walletBalance();
        // fee and realized PnL, in the settlement asset of the event's contract (the wallet's, or a pooled account's coin)
        double settled = -e.fee();
        List<AccountFile.Collateral> collateral = new ArrayList<>(s.collateral());
        List<Long> indexTimes = new ArrayList<>(s.indexTimesMs());
        int asset = settlementAsset(account, s, inst);
        List<HeldPosition> positions = new ArrayList<>(s.positions());
        Map<String, MarkTick> marks = new HashMap<>(s.marks());
        int at = e.symbol() == null ? -1 : indexOf(positions, e.symbol(), e.positionSide());
        switch (e.type()) {
            case WALLET_TRANSFER -> wallet += e.amount();
            case COLLATERAL -> {
                AccountFile.Collateral c = e.collateral();
                int i = indexOf(collateral, c.asset());
                // a statement replaces the asset, its index observed at the event's time (PartitionBook lays a later tick's over it)
                if (c.amount() == 0) {
                    if (i >= 0) {
                        collateral.remove(i);
                        indexTimes.remove(i);
                    }
                } else if (i >= 0) {
                    collateral.set(i, c);
                    indexTimes.set(i, e.eventTimeMs());
                } else {
                    collateral.add(c);
                    indexTimes.add(e.eventTimeMs());
                }
                // the venue's rules for the asset (a venue that shares no collateral, an unknown asset, the wallet's USDT), as calc
                pool(s.exchange(), 0, List.of(c), instruments, "");
            }
            case OPENED -> {
                if (at >= 0) {
                    throw new InvalidInputException("type", account + " already has " + io.perpguard.Checks.a(e.symbol()) + " " + e.positionSide().label()
                            + " position; send increased or reduced");
                }
                double q = qty(inst, e);
                requireOpenWithinTiers(inst, e, q);
                positions.add(new HeldPosition(e.symbol(), e.side(), q, e.price(), e.leverage(), e.marginMode(),
                        e.positionSide(), 0));
                // until the first tick arrives the fill price stands in for the mark
                marks.putIfAbsent(e.symbol(), new MarkTick(e.symbol(), e.price(), Double.NaN, 0, AccountState.FILL_MARK));
            }
            case INCREASED -> {
                HeldPosition p = require(positions, at, account, e);
                Position grown = p.at(e.price(), type(instruments, p.symbol())).addFill(qty(inst, e), e.price());
                requireGrowthWithinTiers(inst, e, grown);
                positions.set(at, HeldPosition.of(grown));
            }
            case REDUCED -> {
                HeldPosition p = require(positions, at, account, e);
                double q = qty(inst, e);
                if (q >= p.qty()) {
                    String unit = type(instruments, p.symbol()) == ContractType.INVERSE ? " USD of face" : "";
                    throw new InvalidInputException(Double.isNaN(e.contracts()) ? "qty" : "contracts", Checks.fmt(q) + unit
                            + " is not less than the open " + Checks.fmt(p.qty()) + unit + " " + StreamVenue.symbolOf(e.symbol())
                            + "; send closed to close the position");
                }
                // realized PnL = sign × qty × (exit − entry), inverse sign × qty × (1/entry − 1/exit) (DESIGN.md PnL);
                // isolated margin shrinks in proportion, the margin added by the venue's rule (MarginConvention.marginAddedLeft)
                settled += type(instruments, p.symbol()).pnl(p.side().sign(), q, p.entryPrice(), e.price());
                // the size left as the venue holds it: decimal, not the double difference (1.2 − 0.3 is 0.9)
                double left = io.perpguard.instrument.Contract.addSizes(p.qty(), -q);
                positions.set(at, new HeldPosition(p.symbol(), p.side(), left, p.entryPrice(), p.leverage(), p.marginMode(),
                        p.positionSide(), inst.convention().marginAddedLeft(p.marginAdded(), p.qty(), left)));
            }
            case CLOSED -> {
                HeldPosition p = require(positions, at, account, e);
                settled += type(instruments, p.symbol()).pnl(p.side().sign(), p.qty(), p.entryPrice(), e.price());
                positions.remove(at);
            }
            case MARGIN_ADDED -> {
                HeldPosition p = require(positions, at, account, e);
                if (p.marginMode() != MarginMode.ISOLATED) {
                    throw new InvalidInputException("type", "margin can be added only to an isolated position; " + e.symbol() + " is cross");
                }
                positions.set(at, new HeldPosition(p.symbol(), p.side(), p.qty(), p.entryPrice(), p.leverage(), p.marginMode(),
                        p.positionSide(), p.marginAdded() + e.amount()));
            }
        }
        // settled to 8 decimals, as the venue's ledger is: a running double sum drifted off the decimal sum (a 12M
        // USDT wallet was published 1e-8 off after about fifty 8-decimal transfers); output rounding is then a no-op
        if (asset < 0) {
            wallet += settled;
        } else {
            AccountFile.Collateral c = collateral.get(asset);
            double left = io.perpguard.Money.round(c.amount() + settled);
            if (left < 0) {
                throw new InvalidInputException("amount", "the account's " + c.asset() + " would become " + Checks.fmt(left) + "; it cannot go below 0");
            }
            collateral.set(asset, new AccountFile.Collateral(c.asset(), left, c.collateralRatio(), c.indexPrice()));
        }
        wallet = io.perpguard.Money.round(wallet);
        if (wallet < 0) {
            throw new InvalidInputException("amount", "the wallet balance would become " + Checks.fmt(wallet) + "; it cannot go below 0");
        }
        List<Holding> holdings = new ArrayList<>(1);
        if (e.symbol() != null) {
            boolean before = s.holds(e.symbol());
            boolean after = positions.stream().anyMatch(p -> p.symbol().equals(e.symbol()));
            if (after != before) {
                holdings.add(new Holding(e.symbol(), account, after));
            }
            if (!after) {
                marks.remove(e.symbol());
            }
        }
        AccountState next = s.with(wallet, positions, marks, s.alert()).withCollateral(collateral, indexTimes);
        Outcome out = price(account, next, e.type().label(), e.symbol(), e.eventTimeMs(), instruments, alertConfig, holdings);
        List<MarginAlert> beyond = beyondTiers(account, next, e, instruments);
        if (beyond.isEmpty()) {
            return out;
        }
        List<MarginAlert> alerts = new ArrayList<>(out.alerts());
        alerts.addAll(beyond);
        return new Outcome(out.state(), out.risk(), alerts, out.holdings());
    }

    /** The alert kind of a held position past its symbol's largest tier cap ({@link #beyondTiers}). */
    static final String TIER_CAP = "tier_cap";

    /**
     * One {@code tier_cap} alert per held position of {@code s} past its symbol's largest tier cap at its entry, on an
     * event that leaves it there (a reduce that does not yet take it under the cap): taken and priced on the last tier
     * ({@link #lastTierHolding}), not refused, and said so.
     */
    private static List<MarginAlert> beyondTiers(String account, AccountState s, PositionEvent e, Instruments instruments) {
        List<MarginAlert> out = new ArrayList<>(0);
        for (HeldPosition h : s.positions()) {
            Instrument inst = instruments.bySymbol().get(h.symbol());
            double m = inst == null ? 0 : inst.convention().tierMeasure(inst.terms(), h.qty(), h.entryPrice());
            if (inst != null && m > inst.tiers().maxNotional()) {
                String unit = inst.tierUnit();
                out.add(new MarginAlert(account, TIER_CAP, inst.tiers().maxNotional(), Double.NaN, Double.NaN, StreamVenue.symbolOf(e.symbol()),
                        e.eventTimeMs(), account + " " + StreamVenue.symbolOf(h.symbol()) + " " + h.positionSide().label() + " position of "
                        + Checks.fmt(io.perpguard.Money.round(m)) + " " + unit + " at its entry " + Checks.fmt(inst.contract().nearestTick(h.entryPrice()))
                        + " exceeds the largest tier's cap " + Checks.fmt(inst.tiers().maxNotional()) + " " + unit
                        + " (the tiers changed): priced on the last tier; only a reduction is taken"));
            }
        }
        return out;
    }

    /**
     * The instruments a state is priced with: a held position past its symbol's largest tier cap at its entry (a tiers
     * change put it there: no opening or increase past the cap is taken) is priced on the last tier, its cap lifted to
     * hold the position, as a position the market takes past the cap is priced — not refused, so the account goes on being
     * priced at its ticks and its reduce is taken (a venue always takes a reduce-only order). {@code instruments} itself
     * when no position is past its cap.
     */
    static Instruments lastTierHolding(Instruments instruments, List<HeldPosition> positions) {
        Map<String, Instrument> lifted = null;
        for (HeldPosition h : positions) {
            Instrument inst = lifted != null && lifted.containsKey(h.symbol()) ? lifted.get(h.symbol()) : instruments.bySymbol().get(h.symbol());
            if (inst == null) {
                continue;
            }
            double m = inst.convention().tierMeasure(inst.terms(), h.qty(), h.entryPrice());
            List<io.perpguard.instrument.LeverageBracket> bs = inst.tiers().brackets();
            io.perpguard.instrument.LeverageBracket last = bs.get(bs.size() - 1);
            if (m > last.notionalCap()) {
                List<io.perpguard.instrument.LeverageBracket> up = new ArrayList<>(bs);
                up.set(bs.size() - 1, new io.perpguard.instrument.LeverageBracket(last.bracket(), last.notionalFloor(), m, last.maxLeverage(),
                        last.maintenanceMarginRate(), last.maintenanceAmount()));
                if (lifted == null) {
                    lifted = new java.util.LinkedHashMap<>(instruments.bySymbol());
                }
                lifted.put(h.symbol(), new Instrument(inst.contract(), new io.perpguard.instrument.RiskTiers(inst.tiers().symbol(), up)));
            }
        }
        return lifted == null ? instruments : new Instruments(lifted, instruments.unknownHint(), instruments.withoutTables());
    }

    /**
     * Re-prices an account on a tick of one of its symbols, the others at their latest marks.
     *
     * @return the outcome, or null when the tick changes nothing: the account no longer holds the symbol (a tick
     *         that crossed a close in flight) or it is older than the mark the account already has (out of order)
     * @throws InvalidInputException when the engine cannot price the account at this mark
     */
    public static Outcome applyMark(String account, AccountState previous, MarkTick tick, Instruments instruments,
                                    AlertPolicy alertConfig) {
        if (previous == null || !previous.holds(tick.symbol())) {
            return null;
        }
        MarkTick known = previous.marks().get(tick.symbol());
        if (known != null && tick.eventTimeMs() < known.eventTimeMs()) {
            return null;
        }
        Map<String, MarkTick> marks = new HashMap<>(previous.marks());
        marks.put(tick.symbol(), tick);
        AccountState next = previous.with(previous.walletBalance(), previous.positions(), marks, previous.alert());
        return price(account, next, "mark", tick.symbol(), tick.eventTimeMs(), instruments, alertConfig, List.of());
    }

    //-------------------------------------------------------------------------
    /** The core account of a state: every position at its symbol's latest mark. */
    public static Account toAccount(AccountState s, Instruments instruments) {
        return new Account(s.walletBalance(), positions(s, instruments));
    }

    /** The core positions of a state, each at its symbol's latest mark ({@link #toAccount}'s, without the wallet's checks). */
    static List<Position> positions(AccountState s, Instruments instruments) {
        List<Position> ps = new ArrayList<>(s.positions().size());
        for (HeldPosition h : s.positions()) {
            MarkTick m = s.marks().get(h.symbol());
            ps.add(h.at(m.markPrice(), type(instruments, h.symbol())));
        }
        return ps;
    }

    /**
     * Refuses an event of another venue than the account's ({@code venue}; null: a new account, which takes the
     * event's): one venue per account, as {@code calc --account} — its wallet is in its contracts' currency, its cross
     * margin shared under one venue's rules.
     */
    static void requireVenue(String account, io.perpguard.venue.Exchange venue, PositionEvent e) {
        if (venue != null && venue != e.exchange()) {
            throw new InvalidInputException("exchange", account + " is an account on " + venue.displayName() + " (" + venue.id()
                    + "), this event says " + e.exchange().id() + (e.exchange() == StreamVenue.DEFAULT ? " (no exchange field)" : "")
                    + ": one venue per account, as calc --account; send every event of the account with \"exchange\": \""
                    + venue.id() + "\", or key another venue's account apart");
        }
    }

    /**
     * The size of an opening, increasing or reducing event as core's {@code Position} holds it, as an account file's
     * ({@code AccountFile}): {@code contracts} × the venue's contract size (whole contracts, or OKX's lots), or
     * {@code qty} — base units, or for an inverse contract coin at the fill price turned into whole contracts of USD
     * face.
     */
    static double qty(Instrument inst, PositionEvent e) {
        io.perpguard.instrument.Contract c = inst.contract();
        if (!Double.isNaN(e.contracts())) {
            double size = c.contractSize();
            if (size <= 0) {
                throw new InvalidInputException("contracts", StreamVenue.symbolOf(e.symbol()) + " on " + c.exchange().displayName()
                        + " counts in base units, not contracts; give qty");
            }
            double n = io.perpguard.InputBounds.contracts("contracts", e.contracts(), size);
            if (c.lotContracts() == 1) {
                if (Math.abs(n - Math.rint(n)) > 1e-9 * Math.max(1, n)) {
                    throw new InvalidInputException("contracts", Checks.fmt(n) + " is not a whole number of contracts");
                }
                n = Math.rint(n);
            } else {
                n = c.requireWholeLots("contracts", n);   // OKX: tenths of a contract
            }
            return c.qtyOfContracts(n);   // decimal: 7 contracts of 0.1 ETH are 0.7 ETH, not 0.7000000000000001
        }
        if (c.type() == ContractType.INVERSE) {
            return c.requireWholeContractsOfCoin("qty", e.qty(), e.price());
        }
        if (c.contractSize() > 0) {
            requireWholeLotsOfBase(c, e.qty());
        } else {
            requireWholeSteps(c, "qty", e.qty());
            if (!Double.isNaN(e.orderQty())) {
                requireWholeSteps(c, PositionEvent.ORDER_QTY, e.orderQty());   // the venue takes no order off its step either
            }
            requireVenueMinimums(c, e);
        }
        return e.qty();
    }

    /**
     * Refuses a base-unit qty of a venue that counts in base units (Binance USDⓈ-M, Bybit linear) that the venue's order
     * filters refuse, from the same instruments as the step: below the minimum quantity ({@code LOT_SIZE minQty} /
     * {@code minOrderQty}, which binds every order, a reduce too), or an opening or increase worth less than the minimum
     * notional at its fill price ({@code MIN_NOTIONAL} / {@code minNotionalValue}; {@link io.perpguard.instrument.Contract#meetsMinNotional}). A
     * reduce is not held to the notional: Binance exempts a reduce-only order from it, and the event does not say which
     * order it was. Each message names the smallest size the venue takes ({@link io.perpguard.instrument.Contract#minQtyFor}).
     * <p>The filters bind the order, not each of its fills (Binance reports every partial fill of one order apart,
     * {@code ORDER_TRADE_UPDATE} {@code l} of its {@code q}): a fill that gives its order's total ({@code orderQty}) is
     * judged by that total at the fill's price, and refused naming {@code orderQty}; a fill without it is its own order.
     */
    private static void requireVenueMinimums(io.perpguard.instrument.Contract c, PositionEvent e) {
        String symbol = StreamVenue.symbolOf(c.symbol()), venue = c.exchange().displayName();
        boolean part = !Double.isNaN(e.orderQty());
        double order = part ? e.orderQty() : e.qty();
        String field = part ? PositionEvent.ORDER_QTY : "qty";
        String whose = part ? " (the order's total; this fill " + Checks.fmt(e.qty()) + ")" : "";
        if (order < c.minQty()) {
            throw new InvalidInputException(field, Checks.fmt(order) + whose + " is below the minimum quantity of " + symbol + ": " + venue
                    + " takes no order under " + Checks.fmt(c.minQty()) + "; give at least " + Checks.fmt(c.minQty()));
        }
        if (e.type() != PositionEvent.Type.REDUCED && !c.meetsMinNotional(order, e.price())) {
            throw new InvalidInputException(field, Checks.fmt(order) + " " + symbol + whose + " at " + Checks.fmt(e.price()) + " is worth "
                    + Checks.fmt(order * e.price()) + " " + c.settlementCurrency() + ", below the minimum notional " + Checks.fmt(c.minNotional())
                    + ": " + venue + " opens or adds no order worth less; give at least " + Checks.fmt(c.minQtyFor(e.price())) + " at this price");
        }
    }

    /**
     * Refuses a base-unit qty of a venue that counts in base units (Binance USDⓈ-M, Bybit linear) that is no whole number of
     * the symbol's step ({@link io.perpguard.instrument.Contract#onStep}, the venue's {@code stepSize} / {@code qtyStep} from
     * its instruments), naming the step and the nearest sizes: the venue holds no such position, and {@code calc --account}
     * refuses it in a file.
     */
    private static void requireWholeSteps(io.perpguard.instrument.Contract c, String field, double qty) {
        if (!c.onStep(qty)) {
            double below = c.floorToStep(qty);
            double above = io.perpguard.instrument.Contract.addSizes(below, c.stepSize());
            throw new InvalidInputException(field, Checks.fmt(qty) + " is not a whole number of " + StreamVenue.symbolOf(c.symbol())
                    + " steps: " + c.exchange().displayName() + " trades it in steps of " + Checks.fmt(c.stepSize()) + "; give a multiple of "
                    + Checks.fmt(c.stepSize()) + " (nearest: " + (below > 0 ? Checks.fmt(below) + " or " : "") + Checks.fmt(above) + ")");
        }
    }

    /**
     * Refuses a base-unit qty of a linear contract the venue counts in contracts (OKX, XT) that is no whole number of its
     * lots ({@link io.perpguard.instrument.Contract#lotContracts} contracts of its size each), naming the lot and the
     * nearest sizes: the venue holds no such position. The qty is kept as given (an account file's is).
     */
    private static void requireWholeLotsOfBase(io.perpguard.instrument.Contract c, double qty) {
        java.math.BigDecimal lot = java.math.BigDecimal.valueOf(c.lotContracts()).multiply(java.math.BigDecimal.valueOf(c.contractSize()));
        double lots = qty / lot.doubleValue();
        if (Math.abs(lots - Math.rint(lots)) > 1e-9 * Math.max(1, lots)) {
            double below = lot.multiply(java.math.BigDecimal.valueOf(Math.floor(lots))).doubleValue();
            double above = lot.multiply(java.math.BigDecimal.valueOf(Math.ceil(lots))).doubleValue();
            String symbol = StreamVenue.symbolOf(c.symbol());
            throw new InvalidInputException("qty", Checks.fmt(qty) + " is not a whole number of " + symbol + " lots: " + c.exchange().displayName()
                    + " trades it in lots of " + Checks.fmt(lot.doubleValue()) + " (" + Checks.fmt(c.lotContracts()) + " contract of "
                    + Checks.fmt(c.contractSize()) + "); give a multiple of " + Checks.fmt(lot.doubleValue()) + " (nearest: "
                    + (below > 0 ? Checks.fmt(below) + " or " : "") + Checks.fmt(above) + ") or contracts");
        }
    }

    /**
     * Refuses an opening no tier of the symbol holds at its fill price, naming the event's own size field ({@code qty} or
     * {@code contracts}, as given) and the most the largest tier allows: core's rule for a position at its entry
     * ({@code Instrument.sizeBeyondTiers}, as {@code calc} refuses it). Checked on the event, before the account is priced,
     * so a pooled account and one on its wallet refuse it alike — the engine's own refusal named an account file's
     * {@code positions[0].qty} in base units.
     */
    private static void requireOpenWithinTiers(Instrument inst, PositionEvent e, double q) {
        boolean contracts = !Double.isNaN(e.contracts());
        String beyond = inst.sizeBeyondTiers(contracts ? e.contracts() : e.qty(), q, "price", e.price());
        if (beyond != null) {
            throw new InvalidInputException(contracts ? "contracts" : "qty", beyond);
        }
    }

    /**
     * Refuses an increase that takes the position past the symbol's largest tier at its new entry (core's rule: a held
     * position is priced on the last tier once the market takes it past, but no venue lets one be opened or grown there),
     * naming the event's size field and the cap.
     */
    private static void requireGrowthWithinTiers(Instrument inst, PositionEvent e, Position grown) {
        double m = inst.convention().tierMeasure(inst.terms(), grown.qty(), grown.entryPrice());
        double cap = inst.tiers().maxNotional();
        if (m > cap) {
            boolean contracts = !Double.isNaN(e.contracts());
            String unit = inst.tierUnit();
            throw new InvalidInputException(contracts ? "contracts" : "qty", Checks.fmt(contracts ? e.contracts() : e.qty())
                    + " would take the " + StreamVenue.symbolOf(e.symbol()) + " " + e.positionSide().label() + " position to "
                    + Checks.fmt(io.perpguard.Money.round(m)) + " " + unit + " at its entry " + Checks.fmt(inst.contract().nearestTick(grown.entryPrice()))
                    + ", above its largest tier cap " + Checks.fmt(cap) + " " + unit + "; a position cannot grow past it");
        }
    }

    /** Whether {@code symbol} is linear or inverse (coin-margined: qty is USD face, amounts in coin); unknown: linear. */
    static ContractType type(Instruments instruments, String symbol) {
        Instrument i = instruments.bySymbol().get(symbol);
        return i == null ? ContractType.LINEAR : i.contract().type();
    }

    /** Re-prices {@code s} with the reference engine and runs the alert rule ({@code trigger}: mark or the event type). */
    static Outcome price(String account, AccountState s, String trigger, String symbol, long time,
                                 Instruments instruments, AlertPolicy alertConfig, List<Holding> holdings) {
        instruments = lastTierHolding(instruments, s.positions());
        AccountReport r;
        List<PooledAccount.CollateralLine> lines = null;
        if (s.pooled()) {
            // on its pool, as calc --account with a collateral list: the venue's instruments under its own symbols, as calc's
            Instruments own = TierCatalog.plain(instruments, s.exchange());
            List<Position> ps = new ArrayList<>(s.positions().size());
            for (HeldPosition h : s.positions()) {
                ps.add(new Position(StreamVenue.symbolOf(h.symbol()), h.side(), h.qty(), h.entryPrice(), h.leverage(), h.marginMode(),
                        h.positionSide(), h.marginAdded(), s.marks().get(h.symbol()).markPrice(), type(instruments, h.symbol())));
            }
            // the account file's own checks, as calc --account reads a pooled file (its wallet covers its isolated margins, ...):
            // without them a pooled account took what the same account on its wallet is refused
            new Account(s.walletBalance(), ps, s.exchange());
            PooledAccount.Result pooled = PooledAccount.price(ps, pool(s.exchange(), s.walletBalance(), s.collateral(), own, "collateral"),
                    s.exchange(), own);
            r = pooled.report();
            lines = pooled.collateral();
        } else {
            r = MarginCalculator.evaluate(toAccount(s, instruments), instruments);
        }
        List<AccountRisk.PositionRisk> out = new ArrayList<>(r.positions().size());
        double worst = Double.NaN;
        for (PositionReport p : r.positions()) {
            MarkTick m = s.marks().get(StreamVenue.key(s.exchange(), StreamVenue.symbolOf(p.symbol())));
            double funding = m.fundingRate();
            out.add(new AccountRisk.PositionRisk(StreamVenue.symbolOf(p.symbol()), p.side().label(), p.positionSide().label(),
                    p.marginMode().label(), p.qty(), p.entryPrice(), p.markPrice(), p.leverage(), p.notional(), p.maintenanceMargin(),
                    p.marginBalance(), p.marginRatio(), p.liquidationPrice(), p.liquidationPriceExact(),
                    p.distanceToLiquidationPct(), p.bankruptcyPrice(), p.unrealizedPnl(), funding,
                    FundingCarry.payment(p.side(), p.notional(), funding), m.eventTimeMs(), p.contracts()));
            if (Double.isNaN(worst) || p.marginRatio() > worst) {
                worst = p.marginRatio();
            }
        }
        AccountRisk risk = new AccountRisk(account, trigger, StreamVenue.symbolOf(symbol), time, r.walletBalance(), r.marginBalance(),
                r.maintenanceMargin(), r.marginRatio(), worst, r.unrealizedPnl(), out, s.exchange().id(),
                lines != null ? "USD" : currency(s.positions(), instruments), lines);
        // the rule ignores updates older than its last one; position events and ticks come from different clocks,
        // so the account's own time never goes backwards
        long ruleTime = Math.max(time, s.alert().lastTimeMs());
        MarginAlertRules.Step rule = MarginAlertRules.evaluate(alertConfig, s.alert(), worst, ruleTime);
        List<MarginAlert> alerts = new ArrayList<>(rule.alerts().size());
        for (io.perpguard.alerts.MarginAlert a : rule.alerts()) {
            alerts.add(alert(account, symbol, a));
        }
        // a liquidation alert is terminal for the rule; once the account is flat its next positions start afresh
        AccountState next = s.with(s.walletBalance(), s.positions(), s.marks(),
                s.positions().isEmpty() ? AlertState.INITIAL : rule.state());
        return new Outcome(next, risk, alerts, holdings);
    }

    /**
     * The pool of an account: its wallet (USDT at par) and the stated assets, each valued by the venue's rule
     * ({@link PooledAccount#assets}: the same refusals and words as {@code calc --account}); a field named under
     * {@code prefix} ("" names an event's own field, {@code asset}).
     */
    static List<io.perpguard.margin.CollateralAsset> pool(io.perpguard.venue.Exchange ex, double wallet, List<AccountFile.Collateral> stated,
                                                          Instruments instruments, String prefix) {
        try {
            return PooledAccount.assets(ex, wallet, stated, instruments, prefix.isEmpty() ? "collateral" : prefix);
        } catch (InvalidInputException e) {
            if (!prefix.isEmpty()) {
                throw e;
            }
            String field = e.field().equals("collateral") ? "exchange" : e.field().replace("collateral[0].", "");
            throw new InvalidInputException(field, e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
    }

    /**
     * Where an event's fee and realized PnL settle: -1, the wallet (an account on one wallet, or a contract settled in
     * USDT), or the pool asset the contract settles in (a pooled account's BTC for BTCUSD).
     *
     * @throws InvalidInputException when a pooled account lists no such asset
     */
    private static int settlementAsset(String account, AccountState s, Instrument inst) {
        if (!s.pooled() || inst == null) {
            return -1;
        }
        String code = inst.contract().settlementCurrency();
        if (code.equals(PooledAccount.WALLET_ASSET)) {
            return -1;
        }
        int i = indexOf(s.collateral(), code);
        if (i < 0) {
            throw new InvalidInputException("symbol", StreamVenue.symbolOf(inst.symbol()) + " settles in " + code + " but " + account
                    + " states no " + code + " collateral; send a collateral event for " + code + " first");
        }
        return i;
    }

    private static int indexOf(List<AccountFile.Collateral> c, String asset) {
        for (int i = 0; i < c.size(); i++) {
            if (c.get(i).asset().equals(asset)) {
                return i;
            }
        }
        return -1;
    }

    /** The settlement currency of an account's positions (one wallet, one currency: core refuses a mix); null when flat. */
    static String currency(List<HeldPosition> positions, Instruments instruments) {
        if (positions.isEmpty()) {
            return null;
        }
        Instrument i = instruments.bySymbol().get(positions.get(0).symbol());
        return i == null ? null : i.contract().settlementCurrency();
    }

    static MarginAlert alert(String account, String symbol, io.perpguard.alerts.MarginAlert a) {
        return new MarginAlert(account, a.kind().label(), a.threshold(), a.marginRatio(), a.previousRatio(), StreamVenue.symbolOf(symbol), a.timeMs(),
                account + " " + AlertText.message(a));
    }

    private static int indexOf(List<HeldPosition> ps, String symbol, PositionSide leg) {
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).isLeg(symbol, leg)) {
                return i;
            }
        }
        return -1;
    }

    private static HeldPosition require(List<HeldPosition> ps, int at, String account, PositionEvent e) {
        if (at < 0) {
            throw new InvalidInputException("symbol", account + " has no open " + e.symbol() + " " + e.positionSide().label()
                    + " position to apply '" + e.type().label() + "' to");
        }
        return ps.get(at);
    }
}
