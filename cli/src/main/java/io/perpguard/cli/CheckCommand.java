package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.app.CheckUseCase;
import io.perpguard.portfolio.Betas;
import io.perpguard.checklist.MarketContext;
import io.perpguard.checklist.Policy;
import io.perpguard.checklist.TradePlan;
import io.perpguard.checklist.Verdict;
import io.perpguard.data.account.AccountFile;
import io.perpguard.data.checklist.PlanJson;
import io.perpguard.data.json.JsonInput;
import io.perpguard.data.market.CandleCsv;
import io.perpguard.data.market.Loaded;
import io.perpguard.market.CandleSeries;
import io.perpguard.margin.Account;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code perpguard check}: the pre-trade checklist for a plan; exit 0 on pass or warn, 1 on fail. */
@Command(name = "check", header = "Runs the pre-trade checklist on a plan; exit code 1 when a rule fails.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pre-trade checklist: thesis, trend, stop, size, leverage, liquidation, R:R, funding, open interest, exposure.",
                "Exit code 0 when the plan passes or only warns, 1 when a rule fails."})
public final class CheckCommand implements Callable<Integer> {
    /** Exit code of a plan that fails the checklist. */
    public static final int EXIT_FAIL = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--plan", paramLabel = "PLAN.json", required = true,
            description = "{symbol, side, thesis, entryPrice, stop|null, stopMethod, targets[], leverage, equity, qty|contracts|riskPct (coin-margined "
                    + "with --exchange: equity and qty in the coin; contracts: contracts where the venue counts in contracts, in its lots as --contracts of calc), "
                    + "optional fundingRate, openInterestChangePct, closes[], highs[], lows[], mark}")
    Path plan;
    @Option(names = "--policy", paramLabel = "POLICY.json", description = "overrides of the default policy's fields")
    Path policy;
    @Option(names = "--account", paramLabel = "FILE", description = "account JSON (DESIGN.md format): exposure after the trade")
    Path account;
    @Option(names = "--candles", paramLabel = "FILE", description = "recent candles of the symbol (Binance kline CSV or OHLCV CSV): trend and ATR from the last 200")
    Path candles;
    @Option(names = "--mark", paramLabel = "PRICE", description = "the symbol's current mark price the entry is compared with "
            + "(default: the plan's mark, else the last close)")
    Double mark;
    @Option(names = "--max-entry-distance-pct", paramLabel = "PCT", description = "warn when the entry is more than PCT %% from the "
            + "current mark (default: the policy's maxEntryDistancePct, 10)")
    Double maxEntryDistancePct;
    @Option(names = "--returns", paramLabel = "DIR",
            description = "daily candle CSVs (SYMBOL-*.csv, as portfolio --returns): net delta beta-weighted to --benchmark over the last 365 days")
    Path returns;
    @Option(names = "--benchmark", paramLabel = "SYMBOL",
            description = "contract the betas of --returns are measured against (default " + Betas.DEFAULT_BENCHMARK + ")")
    String benchmark;
    @Mixin
    TiersOption common;
    @Mixin
    TakerFeeOption fee;

    /** A field of the plan file, as {@code CheckUseCase} and the checklist name it. */
    static boolean planField(String field) {
        return java.util.Set.of("symbol", "side", "entryPrice", "stop", "equity", "leverage", "qty", "contracts", "riskPct").contains(field)
                || field.startsWith("targets[");
    }

    @Override
    public Integer call() {
        JsonNode planNode = JsonInput.readFile("plan", plan);
        TradePlan p = JsonInput.inFile(plan, () -> PlanJson.plan(planNode, ""));   // numbers unquoted, as account files
        // a policy file must hold an object (in an API body "policy": null means the default)
        Policy pol = policy == null ? Policy.DEFAULT
                : JsonInput.inFile(policy, () -> PlanJson.policy(JsonInput.object(JsonInput.readFile("policy", policy), "policy"), ""));
        if (maxEntryDistancePct != null) {
            pol = pol.withMaxEntryDistancePct(maxEntryDistancePct);
        }
        // each position's size and prices against its tiers as read, before the wallet is checked against the isolated margins; a
        // symbol the plan's venue does not list is the checklist's to refuse (an account in another currency)
        io.perpguard.instrument.Instruments venue = fee.on(common.instruments());
        AccountFile.Pooled file = account == null ? null : AccountFile.readPooled(account, null, (path, ap, ex) -> {
            if (venue.contains(ap.symbol())) {
                io.perpguard.app.CalcUseCase.requireWithinTiers(path, ap, venue);
            }
        });
        // stated collateral (a Multi-Assets or UTA 2.0 account) counts in the account's equity at its venue's value
        // an account stated past its liquidation is refused, as portfolio refuses it
        Account a = file == null ? null : JsonInput.inFile(account, () -> CheckUseCase.statedAccount(file, common.exchange(), venue));
        // the plan's bars and mark (closes, highs, lows, markPrice) are its fields too: 'closes[79]: -5 is not a positive price' named no file
        MarketContext market = JsonInput.inFile(plan, () -> PlanJson.market(planNode, ""));
        PrintWriter err = spec.commandLine().getErr();
        if (candles != null) {
            Loaded<CandleSeries> c = CandleCsv.read(candles);
            io.perpguard.app.SymbolMatch.require("candles", candles.getFileName().toString(), c.data().symbol(), p.symbol());
            c.warnings().stream().limit(3).forEach(w -> err.println("warning: " + w));
            market = MarketContext.lastBars(c.data(), CheckUseCase.BARS_USED).withMark(market.mark());
        }
        if (mark != null) {
            io.perpguard.Checks.positive("mark", mark);
            market = market.withMark(mark);
        }
        CheckUseCase.Result result;
        try {
            result = CheckUseCase.run(new CheckUseCase.Request(p, pol, a, market, returns, benchmark), fee.on(common.instruments()));
        } catch (io.perpguard.InvalidInputException e) {
            // the checklist's checks of the plan's fields (a price outside the tiers, the equity's range, a leverage above the
            // bracket) and of the account's name their file, as the files' readers do
            throw planField(e.field()) ? JsonInput.inFile(plan, e)
                    : account != null && (e.field().equals("account") || e.field().startsWith("account.")) ? JsonInput.inFile(account, e) : e;
        }
        CheckUseCase.Result r = result;
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Output.json(out, result);
        } else {
            io.perpguard.instrument.Instrument inst = fee.on(common.instruments()).get(p.symbol());   // the contract's own name, not the plan's spelling
            int pd = inst.contract().priceDecimals();
            out.printf("%s %s %s: %s%n", inst.symbol(), p.side().label(), Output.price(p.entry(), pd), r.verdict().label().toUpperCase(Locale.ROOT));
            for (CheckUseCase.RuleResult rule : r.rules()) {
                out.printf("  %-4s  %-12s  %s%n", rule.verdict().label().toUpperCase(Locale.ROOT), rule.id(), rule.message());
            }
            out.flush();
        }
        return r.verdict() == Verdict.FAIL ? EXIT_FAIL : 0;
    }
}
