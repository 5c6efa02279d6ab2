package io.perpguard.app;

import com.fasterxml.jackson.annotation.JsonValue;
import io.perpguard.Checks;
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
