package io.perpguard.portfolio;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sub-account operations: what a sub-account can transfer, transfers between sub-accounts, and what a price
 * move does to each sub-account on its own. Every sub-account is valued from its own wallet and positions only,
 * so a liquidation in one can never draw on another's wallet (Binance sub-accounts are separate ledgers).
 */
public final class SubAccounts {
    private SubAccounts() {
    }

    /**
     * Calculates how much a sub-account can transfer out:
     * <pre>transferable = max(0, cross wallet + min(0, cross uPnL) − Σ cross notional at mark / leverage)</pre>
     * Binance USDⓈ-M "available balance" (unrealized profit and the margin of open positions stay in the account;
     * isolated margin is not part of the cross wallet).
     */
    public static double transferable(SubAccount sub) {
        Account a = sub.account();
        double upnl = 0, im = 0;
        for (Position p : a.crossPositions()) {
            upnl += p.unrealizedPnl();
            im += p.notional() / p.leverage();
        }
        return Math.max(0, a.crossWalletBalance() + Math.min(0, upnl) - im);
    }

    /**
     * Moves {@code amount} USDT from one sub-account's wallet to another's; refused when the amount is not
     * positive, the two are the same, either is unknown, or the amount exceeds {@link #transferable}.
     */
    public static Portfolio transfer(Portfolio portfolio, String from, String to, double amount) {
        Checks.positive("amount", amount);
        if (from.equals(to)) {
            throw new InvalidInputException("to", "transfer from '" + from + "' to itself");
        }
        SubAccount src = portfolio.subAccount(from);
        SubAccount dst = portfolio.subAccount(to);
        double max = transferable(src);
        if (amount > max) {
            throw new InvalidInputException("amount", Checks.fmt(amount) + " is more than sub-account '" + from + "' can transfer ("
                    + Checks.fmt(max) + ": cross wallet less unrealized loss and the initial margin of its cross positions)");
        }
        return portfolio.with(src.withWallet(src.account().walletBalance() - amount))
                .with(dst.withWallet(dst.account().walletBalance() + amount));
    }

    /**
     * What a price move does to one sub-account, valued from its own wallet and positions only.
     *
     * @param name                 sub-account
     * @param marginRatioBefore    cross margin ratio at mark (NaN without cross positions)
     * @param marginRatioAfter     cross margin ratio at the moved prices (+∞ when the balance is gone)
     * @param liquidated           true when the cross book or any isolated position reaches 100 %
     * @param liquidatedPositions  the positions closed by liquidation, as "SYMBOL side"
     * @param walletBefore         wallet balance before
     * @param walletAfter          wallet after liquidations settle (unchanged when nothing is liquidated: losses
     *                             stay unrealized); a liquidated cross book leaves what is left of the cross
     *                             margin balance after what its venue takes ({@link io.perpguard.venue.MarginConvention#liquidationFee}:
     *                             Binance a clearance fee, OKX the taker fee, Bybit and XT all of it), a liquidated
     *                             isolated position loses its PnL and that venue's take, at most its margin
     * @param pnl                  change in equity (wallet + unrealized PnL of what stays open) in USD: a coin-margined
     *                             account's equity valued at its coin's price before and after the move
     * @param currency             the wallet's currency (USDT, or the coin of a coin-margined account): of the wallets
     */
    public record Outcome(String name, double marginRatioBefore, double marginRatioAfter, boolean liquidated,
                          List<String> liquidatedPositions, double walletBefore, double walletAfter, double pnl, String currency) {
        public Outcome {
            liquidatedPositions = List.copyOf(liquidatedPositions);
        }
    }

    /** Applies per-symbol moves (fractions; a symbol not listed does not move) to one sub-account. */
    public static Outcome apply(SubAccount sub, Instruments instruments, Map<String, Double> moves) {
        if (sub.pooled()) {
            return applyPooled(sub, instruments, moves);
        }
        ShockBook book = ShockBook.of(sub, instruments, Map.of());
        ShockBook.Valuation before = book.value(new double[book.positions().size()]);
        ShockBook.Valuation after = book.value(book.movesFor(moves));
        Account a = sub.account();
        List<Position> ps = a.positions();
        List<String> closed = new ArrayList<>();
        boolean crossLiquidated = after.crossMarginRatio() >= 1;
        double wallet = a.walletBalance();
        double equityBefore = a.walletBalance(), equityAfter = 0;
        double crossFee = 0, crossPnl = 0;
        for (int i = 0; i < ps.size(); i++) {
            Position p = ps.get(i);
            equityBefore += p.unrealizedPnl();
            double price = after.prices()[i];
            double pnl = p.unrealizedPnlAt(price);
            if (p.marginMode() == MarginMode.ISOLATED) {
                if (after.isolatedRatio()[i] >= 1) {
                    closed.add(p.symbol() + " " + p.side().label() + " (isolated)");
                    // closed at the moved price less what its venue takes there; loses at most its own margin
                    Instrument inst = instruments.get(p.symbol());
                    double margin = p.isolatedMargin();
                    double fee = inst.convention().liquidationFee(inst.terms(), inst.contract().type().notional(p.qty(), price),
                            inst.contract().liquidationFeeRate(), margin + pnl);
                    wallet += Math.max(-margin, pnl - fee);
                } else {
                    equityAfter += pnl;
                }
            } else if (crossLiquidated) {
                closed.add(p.symbol() + " " + p.side().label());
                crossPnl += pnl;
                Instrument inst = instruments.get(p.symbol());
                crossFee += inst.convention().liquidationFee(inst.terms(), inst.contract().type().notional(p.qty(), price),
                        inst.contract().liquidationFeeRate(), Double.POSITIVE_INFINITY);
            } else {
                equityAfter += pnl;
            }
        }
        if (crossLiquidated) {
            // the cross book is closed at the moved prices; what each venue takes comes out of what is left, never below 0
            double left = Math.max(0, a.crossWalletBalance() + crossPnl);
            double crossLeft = left - Math.min(crossFee, left);
            wallet += crossLeft - a.crossWalletBalance();
        }
        equityAfter += wallet;
        // in USD: a coin wallet is worth more or less as its coin moves (ContractType.usd)
        double pnlUsd = sub.usd(equityAfter, after.prices()) - sub.usd(equityBefore, before.prices());
        return new Outcome(sub.name(), before.crossMarginRatio(), after.crossMarginRatio(), !closed.isEmpty(), closed,
                a.walletBalance(), Math.max(0, wallet), pnlUsd, currency(sub, instruments));
    }

    /**
     * {@link #apply} for a sub-account that shares collateral: its pool re-valued at the moved prices, each asset's index
     * moved with the position whose own coin it is, else by its USDT contract's move in {@code moves}, else held; every
     * amount in USD (a coin PnL at the moved price, {@link io.perpguard.venue.ContractType#usd}). Liquidated, the cross book
     * closes at the moved prices and what each venue takes comes out of what is left of the pool's wallets.
     */
    private static Outcome applyPooled(SubAccount sub, Instruments instruments, Map<String, Double> moves) {
        ShockBook book = ShockBook.of(sub, instruments, Map.of());
        List<Position> ps = sub.account().positions();
        ShockBook.Valuation before = book.value(new double[ps.size()]);
        ShockBook.Valuation after = book.value(book.movesFor(moves), book.coinMovesFor(moves));
        boolean crossLiquidated = after.crossMarginRatio() >= 1;
        List<String> closed = new ArrayList<>();
        double equityBefore = before.walletUsd(), wallet = after.walletUsd(), open = 0, crossPnl = 0, crossFee = 0;
        for (int i = 0; i < ps.size(); i++) {
            Position p = ps.get(i);
            double price = after.prices()[i];
            equityBefore += p.type().usd(p.unrealizedPnl(), p.markPrice());
            double pnl = p.unrealizedPnlAt(price);
            Instrument inst = instruments.get(p.symbol());
            double notional = inst.contract().type().notional(p.qty(), price);
            if (p.marginMode() == MarginMode.ISOLATED && after.isolatedRatio()[i] >= 1) {
                closed.add(p.symbol() + " " + p.side().label() + " (isolated)");
                double margin = p.isolatedMargin();
                double fee = inst.convention().liquidationFee(inst.terms(), notional, inst.contract().liquidationFeeRate(), margin + pnl);
                wallet += p.type().usd(Math.max(-margin, pnl - fee), price);
            } else if (p.marginMode() == MarginMode.CROSS && crossLiquidated) {
                closed.add(p.symbol() + " " + p.side().label());
                crossPnl += p.type().usd(pnl, price);
                crossFee += p.type().usd(inst.convention().liquidationFee(inst.terms(), notional, inst.contract().liquidationFeeRate(),
                        Double.POSITIVE_INFINITY), price);
            } else {
                open += p.type().usd(pnl, price);
            }
        }
        if (crossLiquidated) {
            double left = Math.max(0, wallet + crossPnl);
            wallet = left - Math.min(crossFee, left);
        }
        return new Outcome(sub.name(), before.crossMarginRatio(), after.crossMarginRatio(), !closed.isEmpty(), closed,
                before.walletUsd(), Math.max(0, wallet), wallet + open - equityBefore, currency(sub, instruments));
    }

    /** The currency of a sub-account's wallet: its positions' settlement currency (USDT when it holds none; USD for a pool). */
    public static String currency(SubAccount sub, Instruments instruments) {
        if (sub.pooled()) {
            return "USD";
        }
        return sub.account().positions().isEmpty() ? "USDT"
                : instruments.get(sub.account().positions().get(0).symbol()).contract().settlementCurrency();
    }
}
