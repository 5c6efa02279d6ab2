package io.perpguard.cli;

import io.perpguard.Checks;
import io.perpguard.app.SizeUseCase;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.margin.Side;
import io.perpguard.sizing.SizingResult;
import io.perpguard.venue.ContractType;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code perpguard size}: the position size a risk budget allows to a stop, checked against liquidation. */
@Command(name = "size", header = "Sizes a position from a risk budget and a stop, and checks it against liquidation.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Position size from a risk budget and a stop: loss at the stop includes taker fees both ways and slippage;",
                "checks that liquidation (isolated) lies well beyond the stop, the tier allows the leverage, minimums and margin.",
                "Exit code 0 when a size was computed that the venue accepts (read \"ok\" / warnings for the verdict);",
                "1 when it cannot be placed: less than one step, below the venue's minimum quantity or notional (\"belowMinimum\"),",
                "or above what the symbol's tiers allow at this leverage (\"aboveTierLimit\")."})
public final class SizeCommand implements Callable<Integer> {
    /** Exit code of a size the venue would refuse (below its minimum order, above its tiers): there is nothing to place. */
    public static final int EXIT_BELOW_MINIMUM = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--equity", paramLabel = "AMOUNT", required = true,
            description = "account equity in the contract's settlement currency (USDT; the coin for an inverse contract, e.g. BTC)")
    double equity;

    static final class Risk {
        @Option(names = "--risk-pct", paramLabel = "P", required = true, description = "risk per trade, percent of equity (2 = 2 %%)")
        Double pct;
        @Option(names = "--risk-amount", paramLabel = "AMOUNT", required = true, description = "risk per trade as an amount, settlement currency")
        Double amount;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Risk risk;

    @Option(names = "--entry", paramLabel = "PRICE", required = true, description = "entry price (USD for an inverse contract)")
    double entry;
    @Option(names = "--stop", paramLabel = "PRICE", required = true, description = "stop price: below entry = long, above = short")
    double stop;
    @Option(names = "--leverage", paramLabel = "L", required = true, description = "isolated leverage")
    double leverage;
    @Option(names = "--symbol", paramLabel = "SYMBOL", required = true, description = "contract, e.g. BTCUSDT (BTCUSD_PERP with --exchange binance-coinm)")
    String symbol;
    @Option(names = "--side", paramLabel = "long|short", description = "optional: refuse if the stop is on the wrong side")
    String side;
    @Option(names = "--slippage-pct", paramLabel = "X", defaultValue = "0.1",
            description = "slippage of the stop-market exit, percent of the stop price (default ${DEFAULT-VALUE})")
    double slippagePct;
    @Option(names = "--buffer", paramLabel = "K", defaultValue = "0.5",
            description = "liquidation must lie ≥ K × the entry→stop distance beyond the stop (default ${DEFAULT-VALUE})")
    double buffer;
    @Mixin
    TakerFeeOption fee;
    @Option(names = "--available", paramLabel = "AMOUNT", description = "balance available for margin, settlement currency (default: the equity)")
    Double available;
    @Mixin
    TiersOption common;

    @Override
    public Integer call() {
        SizeUseCase.Result r = SizeUseCase.run(new SizeUseCase.Request(symbol, side == null ? null : Side.parse("side", side), equity,
                risk.pct, risk.amount, entry, stop, leverage, slippagePct, buffer, fee.pct(), available), common.instruments());
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Output.json(out, r);
        } else {
            print(out, r.sizing(), r.checks(), common.instruments().get(symbol));
            if (SizeUseCase.refusedByVenue(r)) {
                out.println("  cannot be placed: " + (r.belowMinimum() ? r.qty() > 0 ? "below " + r.symbol() + "'s minimum order"
                        : "the budget buys less than one step" : "above what " + r.symbol() + "'s tiers allow at " + Checks.fmt(r.leverage()) + "x"
                        + (r.cappedToTierLimit() ? " (the budget's size; the size shown is capped to the largest they allow)" : ""))
                        + " (exit code " + EXIT_BELOW_MINIMUM + ")");
                out.flush();
            }
        }
        return SizeUseCase.refusedByVenue(r) ? EXIT_BELOW_MINIMUM : 0;
    }

    private static void print(PrintWriter out, SizingResult r, List<SizeUseCase.Check> checks, Instrument inst) {
        Contract c = inst.contract();
        int pd = c.priceDecimals();
        int qd = c.qtyDecimals();
        String cur = " " + c.settlementCurrency();
        int ad = CalcCommand.amountDecimals(c.settlementCurrency());
        boolean inverse = c.type() == ContractType.INVERSE;
        String base = io.perpguard.app.explain.Numbers.baseUnitBesideContracts(c);   // " BTC" beside contracts (OKX, XT)
        out.printf("%s %s: risk %s%s (%s %% of %s) from %s to stop %s at %sx isolated%n", r.symbol(), r.side().label(),
                Output.num(r.riskAmount(), ad), cur, Output.num(r.riskAmount() / r.equity() * 100, 2), Output.num(r.equity(), ad),
                Output.price(r.entry(), pd), Output.price(r.stop(), pd), Checks.fmt(r.leverage()));
        // capped to the largest size the tiers allow at the leverage: the budget's own size (and its size before costs) is no
        // order anyone can place at that leverage
        String aside = r.budgetQty() > r.qty()
                ? "capped to the largest the tiers allow at " + Checks.fmt(r.leverage()) + "x; the budget's " + (inverse
                ? Output.num(c.contractsOf(r.budgetQty()), 0) + " contracts" : Output.qty(r.budgetQty(), qd) + base) + " is above them and cannot be used"
                : (inverse ? Output.num(c.contractsOf(r.qtyBeforeCosts()), 0) : Output.qty(r.qtyBeforeCosts(), qd) + base) + " before fees and slippage";
        Output.rows(out, new String[][]{
                // a venue that counts in contracts (OKX, XT) gets the order's size in them, as calc prints it and --json has it
                {"size", (inverse ? Output.num(c.contractsOf(r.qty()), 0) + " contracts = " + Output.num(r.qty(), 0) + " USD"
                        : c.contractSize() > 0 ? Checks.fmt(c.contractsOf(r.qty())) + " contracts = " + Output.qty(r.qty(), qd) + base
                        : Output.qty(r.qty(), qd)) + "  (" + aside + ")"},
                {"notional / margin", Output.num(r.notional(), ad) + " / " + Output.num(r.margin(), ad) + cur},
                {"loss at stop", Output.num(r.lossAtStop(), ad) + cur + "  (fees " + Output.num(r.feesAtStop(), ad) + ", slippage "
                        + Output.num(r.slippageAtStop(), ad) + "; exit fills at " + Output.num(r.exitPriceAtStop(), pd) + ")"},
                // no liquidation price: nothing to place, or a size no price liquidates (said as calc says it, not "-  (- % ...)")
                {"liquidation price", !(r.qty() > 0) ? "none: nothing to place"
                        : Double.isNaN(r.liquidationPrice()) ? (r.side() == io.perpguard.margin.Side.SHORT ? CalcCommand.NO_LIQUIDATION_SHORT : CalcCommand.NO_LIQUIDATION)
                        : Output.num(r.liquidationPrice(), pd) + "  (" + Output.num(Math.abs(r.distanceToLiquidationPct()), 2) + " % from entry)"},
                {"stop → liquidation", Double.isFinite(r.stopToLiquidationBuffer())
                        ? Output.num(r.stopToLiquidation(), pd) + " = " + Output.num(r.stopToLiquidationBuffer(), 2)
                        + " × stop distance (need ≥ " + Output.num(r.requiredBuffer(), 2) + ")" : "no liquidation price"},
                {"max safe leverage", !(r.qty() > 0) ? "- (nothing to place)" : Double.isFinite(r.maxSafeLeverage()) ? Checks.fmt(r.maxSafeLeverage()) + "x" : "none"},
        });
        out.println(r.ok() ? "  OK: every check passed" : "  NOT OK:");
        for (SizeUseCase.Check ch : checks) {
            out.println("  [" + (ch.passed() ? "pass" : "FAIL") + "] " + ch.id() + ": " + ch.message());
        }
        out.flush();
    }
}
