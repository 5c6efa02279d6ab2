package io.perpguard.cli;

import io.perpguard.Checks;
import io.perpguard.app.DefaultMarks;
import io.perpguard.app.TiersUseCase;
import io.perpguard.app.explain.VenueText;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.margin.LeverageLadder;
import io.perpguard.margin.Side;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code perpguard tiers}: a symbol's leverage brackets and the leverage-compression ladder over a list of sizes. */
@Command(name = "tiers", header = "Shows a symbol's leverage brackets and how liquidation nears as size grows.", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = TiersDownloadCommand.class,
        description = {"Leverage brackets of a symbol and, for each size, its tier, max leverage, MMR and liquidation price:",
                "how the distance to liquidation shrinks as size grows.",
                "Exit code 0 when every size is priced; " + TiersCommand.EXIT_ABOVE_LARGEST_TIER + " when some size is above the largest tier at the entry (its row says so,",
                "the other sizes are priced as usual); 2 for bad input."})
public final class TiersCommand implements Callable<Integer> {
    /** Exit code when some size is above the largest tier (as {@code size}'s for a size the venue would refuse). */
    static final int EXIT_ABOVE_LARGEST_TIER = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--symbol", paramLabel = "SYMBOL", description = "contract in the venue's spelling, e.g. BTCUSDT, btc_usdt, BTC-USDT-SWAP (required)")
    String symbol;
    @Option(names = "--sizes", paramLabel = "QTY", split = ",", description = "sizes in base units (BTC for BTCUSDT and BTCUSD_PERP; a coin-margined size is USD face at the entry), comma-separated: --sizes 1,10,100 (the default)")
    double[] sizes = {1, 10, 100};
    @Option(names = "--leverage", paramLabel = "L", description = "price every size at this leverage (default: each size's maximum)")
    Double leverage;
    @Option(names = "--entry", paramLabel = "PRICE", description = "entry price for the ladder (default 60000 for BTCUSDT; required for other symbols)")
    Double entry;
    @Option(names = "--side", paramLabel = "long|short", defaultValue = "long", description = "side of the ladder (default ${DEFAULT-VALUE})")
    String side;
    @Mixin
    TiersOption common;
    @Mixin
    TakerFeeOption fee;

    @Override
    public Integer call() {
        CalcCommand.require("--symbol", symbol);
        TiersUseCase.Result t = TiersUseCase.run(new TiersUseCase.Request(symbol, sizes, leverage, entry, Side.parse("side", side)),
                fee.on(common.instruments()), DefaultMarks.of(fee.on(common.instruments()).get(symbol).symbol()));
        Instrument inst = t.instrument();
        double e = t.entryPrice();
        Side s = t.side();
        List<LeverageLadder.Rung> rungs = t.rungs();
        PrintWriter out = spec.commandLine().getOut();
        int exit = t.anyAboveLargestTier() ? EXIT_ABOVE_LARGEST_TIER : 0;
        if (common.json()) {
            Output.json(out, t);
            return exit;
        }
        List<String[]> rows = new ArrayList<>();
        // coin-margined amounts are fractions of a coin (cum 0.005 BTC): print them to the satoshi, not to the unit
        boolean coin = inst.contract().type() == io.perpguard.venue.ContractType.INVERSE;
        int ad = coin ? 8 : 0;
        for (LeverageBracket b : inst.tiers().brackets()) {
            // Binance's last bracket cap is Long.MAX_VALUE (9.2e18): no cap, as for a hand-given tier
            rows.add(new String[]{String.valueOf(b.bracket()), Output.num(b.notionalFloor(), 0), (b.notionalCap() >= 9.2e18 ? "no cap" : Output.num(b.notionalCap(), 0)),
                    Checks.fmt(b.maxLeverage()) + "x", Output.pct(b.maintenanceMarginRate(), 2), Output.num(b.maintenanceAmount(), ad)});
        }
        out.println(inst.symbol() + " leverage brackets on " + VenueText.name(inst.convention()) + " (" + switch (inst.convention().tierBasis()) {
            case AT_PRICE -> "tier by notional at the price in question, " + inst.contract().settlementCurrency();
            case AT_ENTRY -> "tier by position value at entry, " + inst.contract().settlementCurrency();
            case BY_CONTRACTS -> "tier by position size in contracts";
        } + ")");
        // OKX's tiers bound the size in contracts, not a notional (its 2,000 is contracts, 300,000 USDT at 3,000 for ETH-USDT-SWAP)
        String bound = inst.convention().tierBasis() == io.perpguard.venue.MarginConvention.TierBasis.BY_CONTRACTS ? "contracts from" : "notional from";
        Output.table(out, new String[]{"tier", bound, "to", "max lev.", "MMR", "maint. amount"}, rows);
        out.println();
        out.printf("Ladder: %s at %s%s%n", s.label(), Output.num(e, inst.contract().priceDecimals()),
                leverage == null ? ", each size at its maximum leverage" : ", at " + Checks.fmt(leverage) + "x (capped at each tier's maximum)");
        rows = new ArrayList<>();
        int pd = inst.contract().priceDecimals();
        for (int i = 0; i < rungs.size(); i++) {
            LeverageLadder.Rung r = rungs.get(i);
            if (r.aboveLargestTier()) {
                rows.add(new String[]{Checks.fmt(sizes[i]), Output.num(r.notional(), ad), "-", "above the largest tier", "", "", "", ""});
                continue;
            }
            rows.add(new String[]{Checks.fmt(sizes[i]), Output.num(r.notional(), ad), String.valueOf(r.tier()), Checks.fmt(r.maxLeverage()) + "x",
                    Output.pct(r.maintenanceMarginRate(), 2), Checks.fmt(r.leverageUsed()) + "x" + (r.leverageCapped() ? "*" : ""),
                    Output.num(r.liquidationPrice(), pd) + (otherLiquidationTier(r) ? "†" : ""),
                    Output.num(Math.abs(r.distanceToLiquidationPct()), 2) + " %"});
        }
        Output.table(out, new String[]{"size", "notional", "tier", "max lev.", "MMR", "used", "liq. price", "distance"}, rows);
        if (rungs.stream().anyMatch(LeverageLadder.Rung::leverageCapped)) {
            out.println("  * requested leverage is above this size's maximum; priced at the maximum");
        }
        for (int i = 0; i < rungs.size(); i++) {
            LeverageLadder.Rung r = rungs.get(i);
            if (otherLiquidationTier(r)) {
                LeverageBracket lb = inst.tiers().brackets().stream().filter(b -> b.bracket() == r.liquidationTier()).findFirst().orElseThrow();
                out.println("  † size " + Checks.fmt(sizes[i]) + " is liquidated in tier " + r.liquidationTier() + " (MMR "
                        + Output.pct(lb.maintenanceMarginRate(), 2) + "): its notional at the liquidation price is in that tier, which prices it");
            }
        }
        for (String w : t.warnings()) {
            out.println("  " + w);
        }
        out.flush();
        return exit;
    }

    /** The liquidation is priced in another tier than the entry's (the row's tier and MMR). */
    private static boolean otherLiquidationTier(LeverageLadder.Rung r) {
        return r.liquidationTier() != null && r.liquidationTier() != r.tier();
    }
}
