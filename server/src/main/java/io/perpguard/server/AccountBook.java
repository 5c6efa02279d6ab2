package io.perpguard.server;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.TickRule;
import io.perpguard.margin.Account;
import io.perpguard.margin.LiquidationSettlement;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The desk's account state: what is open, what was closed and at what loss, and the wallet that results. Every mark
 * (replayed or live) is settled here: a position the venue would have liquidated ({@link LiquidationSettlement}) is
 * closed with its loss booked into the wallet, so it never comes back and never accrues PnL past its margin. A
 * trader's close books the PnL at the given price less the taker fee.
 */
final class AccountBook {
    private final DeskStore store;
    private final DeskPricing pricing;

    /** Sub-accounts whose positions the venue closes (mirrored live accounts): the desk's settlement of them is provisional. */
    private volatile java.util.function.LongPredicate venueSettles = id -> false;

    AccountBook(DeskStore store, DeskPricing pricing) {
        this.store = store;
        this.pricing = pricing;
    }

    /**
     * The sub-accounts a venue settles ({@code serve --live}'s mirrored accounts): a liquidation the desk settles there at its
     * own mark is booked provisional (V13, {@link DeskStore#PROVISIONAL_DESK}) and re-booked with the venue's figures when the
     * venue's close of it arrives ({@link LiveMirror}).
     */
    void venueSettles(java.util.function.LongPredicate subAccountIds) {
        this.venueSettles = subAccountIds;
    }

    /** A sub-account's liquidation at one mark. */
    record Settled(DeskStore.SubAccountRow sub, List<DeskStore.Closing> closings, boolean cross, BigDecimal walletAfter) {
    }

    /** Settles every liquidation among the priced sub-accounts; returns what was closed (empty: nothing changed). */
    List<Settled> settle(List<DeskView.Priced> priced, Map<String, Double> marks, long timeMs) {
        List<Settled> out = new ArrayList<>();
        for (DeskView.Priced p : priced) {
            if (p.report() == null || p.collateral() != null) {
                continue;   // a shared-collateral mirror: the venue liquidates it, the mirror closes what it closed
            }
            Account account = DeskView.account(p.sub(), p.rows(), p.pricing().marks());
            LiquidationSettlement.Outcome o = LiquidationSettlement.settle(account, p.report(), p.pricing().instruments());
            if (!o.any()) {
                continue;
            }
            List<DeskStore.Closing> closings = new ArrayList<>();
            BigDecimal wallet = p.sub().walletBalance();
            boolean provisional = venueSettles.test(p.sub().id());
            for (LiquidationSettlement.Closed c : o.closed()) {
                DeskStore.Closing k = new DeskStore.Closing(p.rows().get(c.index()), "liquidation", c.closePrice(), c.position().markPrice(), c.realizedPnl());
                closings.add(provisional ? k.provisional(DeskStore.PROVISIONAL_DESK) : k);
                wallet = wallet.add(DeskStore.money(c.realizedPnl()));
            }
            wallet = wallet.max(BigDecimal.ZERO);
            if (store.close(p.sub().id(), closings, wallet, timeMs)) {
                out.add(new Settled(p.sub(), closings, o.crossLiquidated(), wallet));
            }
        }
        return out;
    }

    /**
     * The trader closes a position at {@code price} (null: the current mark): realized PnL = side × qty × (price −
     * entry) − taker fee on the closing notional, booked into the wallet (never below 0).
     */
    DeskStore.ClosedRow close(long positionId, Double price, Map<String, Double> marks, long timeMs) {
        DeskStore.PositionRow row = store.openPosition(positionId, "closed again");
        DeskStore.SubAccountRow sub = store.subAccount(row.subAccountId());
        // by the sub-account's venue: a COIN-M position at its stand-in mark, its PnL and fee in coin
        DeskPricing.Context ctx = pricing.of(sub, marks);
        Instrument inst = ctx.instruments().get(row.symbol());
        Double mark = ctx.marks().containsKey(row.symbol()) ? ctx.marks().get(row.symbol())
                : sub.onDeskVenue() ? marks.get(row.symbol()) : null;
        if (price != null && !(price > 0)) {
            // the value and what a close price is ("must be a positive price" named neither)
            throw new InvalidInputException("price", Checks.fmt(price) + " must be greater than 0 (the close price; leave it out to close at "
                    + "the current mark)");
        }
        double at = price != null ? price : mark != null ? mark : row.markPrice().doubleValue();
        if (!(at > 0) || !Double.isFinite(at)) {
            throw new InvalidInputException("price", "is missing: no current mark of " + row.symbol() + " to close at; give the close price");
        }
        if (price != null) {
            io.perpguard.InputBounds.price("price", price);   // a position's bound (a close at 10^12 paid its PnL into the wallet)
            inst.requirePriceWithinTiers("price", price);   // below one tick it rounded to 0 and was blamed on markPrice
        }
        // TickRule.EXIT: against the trader (a long sells at the tick below, a short buys at the tick above)
        double closePrice = TickRule.EXIT.apply(inst.contract(), at, row.side() == io.perpguard.margin.Side.LONG);
        if (price != null && store.collateral(sub.id()).isEmpty()) {
            refuseBeyondLiquidation(sub, row, closePrice, ctx, mark);
        }
        double pnl = row.toPosition(closePrice).unrealizedPnl()
                - inst.contract().type().notional(row.qty().doubleValue(), closePrice) * inst.contract().takerFee();
        BigDecimal wallet = sub.walletBalance().add(DeskStore.money(pnl)).max(BigDecimal.ZERO);
        double m = mark != null ? mark : closePrice;
        if (!store.close(sub.id(), List.of(new DeskStore.Closing(row, "closed", closePrice, m, pnl)), wallet, timeMs)) {
            throw store.closedConflict(positionId, "closed again");   // closed (or liquidated) meanwhile
        }
        return store.closedPositions(sub.id(), 1).get(0);
    }

    /**
     * A close price at which the venue would already have liquidated the position is refused: a close at 1 for a SOL long
     * marked at 228.26 (a typo) booked −6,630 against a 2,000 wallet, emptied it, and recorded a loss no venue lets an
     * isolated position of margin 666 take.
     */
    private void refuseBeyondLiquidation(DeskStore.SubAccountRow sub, DeskStore.PositionRow row, double closePrice, DeskPricing.Context ctx,
                                         Double mark) {
        List<DeskStore.PositionRow> rows = store.positions(sub.id());
        Map<String, Double> at = new java.util.HashMap<>(ctx.marks());
        at.put(row.symbol(), closePrice);
        io.perpguard.margin.AccountReport report = io.perpguard.margin.MarginCalculator.evaluate(DeskView.account(sub, rows, at), ctx.instruments());
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id() != row.id()) {
                continue;
            }
            io.perpguard.margin.PositionReport pr = report.positions().get(i);
            boolean isolated = pr.marginMode() == io.perpguard.margin.MarginMode.ISOLATED;
            double ratio = isolated ? pr.marginRatio() : report.marginRatio();
            if (ratio >= 1) {
                throw new InvalidInputException("price", io.perpguard.Checks.fmt(closePrice) + " is past this " + row.symbol() + " " + row.side().label()
                        + "'s liquidation" + (Double.isFinite(pr.liquidationPrice()) ? " price " + io.perpguard.Checks.fmt(pr.liquidationPrice()) : "")
                        + ": the venue would have liquidated it first" + (mark != null ? " (the mark is " + io.perpguard.Checks.fmt(mark) + ")" : "")
                        + "; give the price it was closed at, or none to close at the mark");
            }
        }
    }
}
