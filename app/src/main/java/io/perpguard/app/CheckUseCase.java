package io.perpguard.app;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.app.explain.ChecklistText;
import io.perpguard.checklist.ChecklistResult;
import io.perpguard.checklist.MarketContext;
import io.perpguard.checklist.Policy;
import io.perpguard.checklist.PreTradeCheck;
import io.perpguard.checklist.Reason;
import io.perpguard.checklist.Rule;
import io.perpguard.checklist.TradePlan;
import io.perpguard.checklist.Verdict;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.portfolio.Betas;
import io.perpguard.venue.ContractType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code check}: the pre-trade checklist of a plan. */
public final class CheckUseCase {
    /** Recent bars the trend and ATR rules look at. */
    public static final int BARS_USED = 200;
    /** Daily returns behind the betas of the exposure rule. */
    public static final int BETA_WINDOW_DAYS = 365;

    private CheckUseCase() {
    }

    /**
     * @param policy  null for the default policy
     * @param account the account the trade joins, or null
     * @param market  recent bars when the plan carries none ({@link MarketContext#NONE} otherwise)
     * @param returns daily candle CSVs for the betas of the exposure rule, or null
     * @param benchmark the contract those betas are measured against, null for {@value Betas#DEFAULT_BENCHMARK}
     */
    public record Request(TradePlan plan, Policy policy, Account account, MarketContext market, Path returns, String benchmark) {
        public Request {
            Required.value("plan", plan);
            policy = Required.or(policy, Policy.DEFAULT);
            market = Required.or(market, MarketContext.NONE);
        }
    }

    /** Serialises as {@code check --json}: {verdict, rules[{id, verdict, reason, message, values}], sized}. */
    public record Result(Verdict verdict, List<RuleResult> rules, ChecklistResult.SizedPlan sized) {
        public Result {
            rules = List.copyOf(rules);
        }

        static Result of(ChecklistResult c) {
            return new Result(c.verdict(), c.rules().stream().map(RuleResult::of).toList(), c.sized());
        }

        /** The rule with this id, or null. */
        public RuleResult rule(String id) {
            return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
        }
    }

    /**
     * One rule: core's verdict, reason code and figures, with the sentence {@link ChecklistText} writes from them.
     *
     * @param message one sentence a trader can act on
     */
    public record RuleResult(String id, Verdict verdict, Reason reason, String message, Map<String, Object> values) {
        static RuleResult of(Rule r) {
            return new RuleResult(r.id(), r.verdict(), r.reason(), ChecklistText.message(r), r.values());
        }
    }

    public static Result run(Request r, Instruments instruments) {
        String benchmark = Betas.benchmark(r.benchmark(), instruments);
        Betas betas = null;
        if (r.returns() != null) {
            Set<String> symbols = new TreeSet<>();
            symbols.add(r.plan().symbol());
            if (r.account() != null) {
                r.account().positions().forEach(p -> symbols.add(p.symbol()));
            }
            betas = PortfolioRun.betas(r.returns(), symbols, BETA_WINDOW_DAYS, benchmark);
        }
        Instrument inst = instruments.get(r.plan().symbol());
        if (r.account() != null) {
            // exposure sums notionals and equity in one currency: a coin-margined plan against a USDT account (or back) is not
            for (int i = 0; i < r.account().positions().size(); i++) {
                var p = r.account().positions().get(i);
                if (p.type() != inst.contract().type()) {
                    throw new InvalidInputException("account", "the account holds " + p.symbol() + " (" + p.type().label() + ") but "
                            + inst.symbol() + " is " + inst.contract().type().label() + " (amounts in " + inst.contract().settlementCurrency()
                            + "): exposure is summed in one currency; check the plan alone or against an account of its own kind");
                }
                if (!instruments.contains(p.symbol())) {
                    // as calc --account and portfolio refuse it: DOGEXUSDT was summed into the exposure at its entry
                    try {
                        instruments.get(p.symbol());
                    } catch (InvalidInputException e) {
                        throw new InvalidInputException("account.positions[" + i + "].symbol", e.problem());
                    }
                }
            }
        }
        inst.requirePriceWithinTiers("entryPrice", r.plan().entry());
        if (Double.isFinite(r.plan().stop())) {
            inst.requirePriceWithinTiers("stop", r.plan().stop());
        }
        for (int i = 0; i < r.plan().targets().size(); i++) {
            inst.requirePriceWithinTiers("targets[" + i + "]", r.plan().targets().get(i));
        }
        io.perpguard.InputBounds.equity("equity", r.plan().equity());
        inst.requireLeverageStep("leverage", r.plan().leverage());   // 10.5x where the venue sets whole numbers
        TradePlan plan = inEngineUnits(r.plan(), inst.contract());
        if (!Double.isNaN(plan.qty())) {
            boolean byContracts = !Double.isNaN(r.plan().contracts());
            inst.requireSizeWithinTiers(byContracts ? "contracts" : "qty", byContracts ? r.plan().contracts() : r.plan().qty(), plan.qty(),
                    "entryPrice", plan.entry());
        }
        ChecklistResult checked = PreTradeCheck.run(plan, r.policy(), inst, r.account(), r.market(), betas);
        ChecklistResult.SizedPlan sized = checked.sized();
        if (sized != null && sized.qty() > 0) {
            // a tier given by hand whose amount this size does not cover would check against a negative maintenance margin
            inst.requireMaintenanceCovered(CalcUseCase.MM_AMOUNT, sized.qty(), plan.entry(), "entryPrice", plan.entry());
            inst.requireMaintenanceCovered(CalcUseCase.MM_AMOUNT, sized.qty(), plan.entry(), "the liquidation price", sized.liquidationPrice());
        }
        return Result.of(checked);
    }

    /**
     * The account a plan is checked against as a file or body states it: refused when stated past its liquidation at its
     * own marks, as {@code portfolio} refuses it ({@link PortfolioUseCase#requireNotPastLiquidation}: fields {@code walletBalance},
     * {@code positions[i].markPrice}) — the exposure after the trade was judged on a book the venue would have closed;
     * stated collateral (Multi-Assets, UTA 2.0) counts in its equity at its venue's value ({@link PooledAccount#forCheck}).
     *
     * @param fallback the exchange of an account that names none (the plan's)
     */
    public static Account statedAccount(io.perpguard.data.account.AccountFile.Pooled file, io.perpguard.venue.Exchange fallback,
                                        Instruments instruments) {
        Account a = file.account();
        if (file.collateral().isEmpty()) {
            PortfolioUseCase.requireNotPastLiquidation(a, instruments, "walletBalance", "positions");
            return a;
        }
        return PooledAccount.forCheck(new io.perpguard.data.account.AccountFile.Pooled(new Account(a.walletBalance(), a.positions(),
                a.exchange() != null ? a.exchange() : fallback), file.collateral()), instruments);
    }

    /**
     * The plan with its size in the engine's units: a coin-margined plan's {@code qty} is in coin, as {@code calc --qty}
     * reads it, and becomes USD of face at the entry ({@link Contract#quantity}); equity and every amount are then in coin.
     * A plan's {@code contracts} become contracts × contract size ({@link Contract#qtyOfPlanContracts}; refused where the
     * venue counts in base units).
     */
    static TradePlan inEngineUnits(TradePlan p, Contract c) {
        double qty;
        if (!Double.isNaN(p.contracts())) {
            // whole contracts × the venue's contract size: USD of face (inverse) or base units (OKX, XT linear)
            qty = c.qtyOfPlanContracts("contracts", p.contracts());
        } else if (c.type() == ContractType.LINEAR || Double.isNaN(p.qty())) {
            return p;
        } else {
            qty = c.quantity(p.qty(), null, null, p.entry());
        }
        return new TradePlan(p.symbol(), p.side(), p.thesis(), p.entry(), p.stop(), p.stopMethod(), p.targets(), p.leverage(), p.equity(),
                qty, p.riskPct(), p.fundingRate(), p.openInterestChangePct());
    }
}
