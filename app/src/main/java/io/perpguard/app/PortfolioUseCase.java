package io.perpguard.app;

import com.fasterxml.jackson.annotation.JsonValue;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.Money;
import io.perpguard.margin.Account;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionReport;
import io.perpguard.app.json.PortfolioJson;
import io.perpguard.instrument.Instruments;
import io.perpguard.portfolio.Portfolio;
import io.perpguard.portfolio.Venues;
import io.perpguard.stats.PortfolioAnalysis;

import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * {@code portfolio}: exposure and beta to a benchmark (BTCUSDT by default), the market move that liquidates, VaR/ES, scenarios and hedges across a
 * master account, its sub-accounts and spot holdings.
 */
public final class PortfolioUseCase {
    /** Most recent daily returns used ({@code --window}, the body's {@code window}). */
    public static final Count WINDOW = new Count("window", 2, 100_000);
    public static final int DEFAULT_WINDOW_DAYS = 365;

    private PortfolioUseCase() {
    }

    /** Reads the account given a fallback mark per symbol (NaN when unknown): a file or a request body. */
    @FunctionalInterface
    public interface AccountSource {
        Portfolio read(ToDoubleFunction<String> fallbackMark);
    }

    /**
     * @param returns directory of daily candle CSVs named SYMBOL-*.csv, or null
     * @param window  most recent daily returns used, null for {@value #DEFAULT_WINDOW_DAYS}
     * @param shocks  extra scenarios: {@code -30} (market-wide percent) or {@code BTCUSDT=-20,ETHUSDT=-35}
     * @param benchmark the contract betas are measured against and the hedge is sized in, null for
     *                  {@value io.perpguard.portfolio.Betas#DEFAULT_BENCHMARK}; an unknown contract is refused
     */
    public record Request(AccountSource account, Path returns, Integer window, List<String> shocks, String benchmark) {
        public Request {
            Required.value("account", account);
            window = WINDOW.check(Required.or(window, DEFAULT_WINDOW_DAYS));
            shocks = shocks == null ? List.of() : List.copyOf(shocks);
        }
    }

    /** Serialises as {@code portfolio --json}. */
    public record Result(PortfolioAnalysis analysis, List<String> warnings) {
        @JsonValue
        public PortfolioJson json() {
            PortfolioAnalysis a = analysis;
            return PortfolioJson.of(a.report(), a.parametric() == null ? null
                            : new PortfolioJson.Parametric(a.parametric().var95(), a.parametric().var99(), a.parametric().es95(), a.parametric().es99()),
                    a.correlation() == null ? null : new PortfolioJson.Correlation(a.correlation().symbols(), a.correlation().matrix()), warnings);
        }
    }

    /**
     * Refuses an account a file or body states already past its liquidation at its own marks: the venue would have closed
     * it, and the report's figures — the move that liquidates (+0.00 %), the hedge placed in it — would be of a book that no
     * longer exists (a wallet of 0.001 beside a 300,000 USDT cross long was analysed as a live account). A cross margin
     * ratio at or over 100 % names the wallet and the least that keeps the cross positions open (maintenance margin less
     * the margin balance, added to the wallet), as the desk refuses such a wallet for its own sub-accounts; an isolated
     * position at or past its liquidation names its mark. A pooled account is judged by its pool elsewhere.
     */
    public static io.perpguard.data.account.PortfolioFile.AccountCheck notPastLiquidation(Venues venues) {
        return (sub, walletField, positionsField) -> {
            if (!sub.pooled()) {
                requireNotPastLiquidation(sub.account(), venues.of(sub), walletField, positionsField);
            }
        };
    }

    /**
     * The one check of an account stated past its liquidation at its own marks ({@link #notPastLiquidation}; {@code check}'s
     * account, {@link CheckUseCase#statedAccount}): a cross margin ratio at or over 100 % names {@code walletField}, an
     * isolated position at or past its liquidation {@code positionsField[i].markPrice}. An account the engine cannot price
     * (a symbol the venue does not list) is left to the caller's own refusal, in its own words.
     */
    public static void requireNotPastLiquidation(Account account, Instruments instruments, String walletField, String positionsField) {
        if (account.positions().isEmpty()) {
            return;
        }
        AccountReport r;
        try {
            r = MarginCalculator.evaluate(account, instruments);
        } catch (InvalidInputException e) {
            return;   // an account the engine cannot price is refused by the analysis, in its own words
        }
        String ccy = r.positions().get(0).currency();
        if (r.marginRatio() >= 1) {
            double least = r.walletBalance() + r.maintenanceMargin() - r.marginBalance();
            throw new InvalidInputException(walletField, Checks.fmt(r.walletBalance()) + " leaves the cross positions past their liquidation at "
                    + "their marks (cross margin ratio " + ratio(r.marginRatio()) + ", liquidation at 100 %): the venue would have closed them; "
                    + "the wallet must be over " + Checks.fmt(Money.round(least)) + " " + ccy + " (check its unit and digits)");
        }
        for (int i = 0; i < r.positions().size(); i++) {
            PositionReport pr = r.positions().get(i);
            if (pr.marginMode() == MarginMode.ISOLATED && pr.marginRatio() >= 1) {
                throw new InvalidInputException(positionsField + "[" + i + "].markPrice", Checks.fmt(pr.markPrice()) + " is past this isolated "
                        + pr.side().label() + "'s liquidation price " + Checks.fmt(pr.liquidationPrice()) + " (margin ratio " + ratio(pr.marginRatio())
                        + ", liquidation at 100 %): the venue would have closed it; check the mark, the entry, the leverage or marginAdded");
            }
        }
    }

    private static String ratio(double r) {
        return Double.isFinite(r) ? Checks.fmt(Math.round(r * 1000) / 10.0) + " %" : "∞, margin balance gone";
    }

    public static Result run(Request r, Instruments instruments) {
        return run(r, instruments, Venues.uniform(instruments));
    }

    /** The same with each sub-account priced by its own venue's instruments ({@code instruments}: benchmark and hedges). */
    public static Result run(Request r, Instruments instruments, Venues venues) {
        PortfolioRun.Result run = PortfolioRun.analyse(fallback -> r.account().read(fallback), r.returns(), r.window(), r.shocks(), r.benchmark(),
                instruments, venues);
        return new Result(PortfolioAnalysis.of(run.report()), run.warnings());
    }
}
