package io.perpguard.cli;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.data.account.AccountFile;
import io.perpguard.data.json.JsonInput;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.AccountReport;
import io.perpguard.app.CalcUseCase;
import io.perpguard.app.explain.LiquidationText;
import io.perpguard.app.explain.VenueText;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionReport;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code perpguard calc}: the futures calculator for one position or a whole cross account. */
@Command(name = "calc", header = "Prices a position or a whole account: margin, liquidation and bankruptcy price, PnL, fees.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Margin, liquidation and bankruptcy price, margin ratio, PnL and fees of a position by its venue's rules (--exchange),",
                "or of every position in an account file (--account)."})
public final class CalcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--symbol", paramLabel = "SYMBOL", description = "contract, e.g. BTCUSDT")
    String symbol;
    @Option(names = "--side", paramLabel = "long|short", description = "position side")
    String side;
    @Option(names = "--entry", paramLabel = "PRICE", description = "entry price, USDT")
    Double entry;
    @Option(names = "--qty", paramLabel = "QTY", description = "size in base units (BTC)")
    Double qty;
    @Option(names = "--contracts", paramLabel = "N", description = "size in whole contracts of the venue (XT, OKX, coin-margined)")
    Double contracts;
    @Option(names = "--notional", paramLabel = "USDT", description = "size as notional at entry (linear contracts)")
    Double notional;
    @Option(names = "--leverage", paramLabel = "L", description = "leverage, e.g. 10 for 10x (at most the tier maximum)")
    Double leverage;
    @Option(names = "--margin-mode", paramLabel = "isolated|cross", defaultValue = "isolated", description = "margin mode (default ${DEFAULT-VALUE})")
    String marginMode;
    @Option(names = "--wallet", paramLabel = "USDT", description = "cross wallet balance (required for cross, refused for isolated)")
    Double wallet;
    @Option(names = "--mark", paramLabel = "PRICE", description = "mark price (default: entry)")
    Double mark;
    @Option(names = "--margin-added", paramLabel = "USDT", description = "margin added to an isolated position, USDT (isolated only); negative removes margin, at most down to the initial margin (default ${DEFAULT-VALUE})", defaultValue = "0")
    double marginAdded;
    @Mixin
    TakerFeeOption fee;
    @Option(names = "--account", paramLabel = "FILE", description = "account JSON (DESIGN.md format): price every position")
    Path account;
    @Mixin
    TiersOption common;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (account != null) {
            // the one-position options would be silently ignored beside an account file: refuse them
            for (String o : new String[]{"--symbol", "--side", "--entry", "--qty", "--contracts", "--notional", "--leverage", "--margin-mode",
                    "--wallet", "--mark", "--margin-added"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    String field = o.equals("--margin-mode") ? "marginMode" : o.equals("--margin-added") ? "marginAdded" : o.substring(2);
                    throw new io.perpguard.InvalidInputException(field, o + " prices one position; --account prices every position of the "
                            + "file as written there: give one or the other");
                }
            }
            // each position's size and prices against its tiers as read, before the wallet is checked against the isolated margins
            java.util.Map<io.perpguard.venue.Exchange, Instruments> byVenue = new java.util.HashMap<>();
            AccountFile.Pooled file = AccountFile.readPooled(account, common.explicitExchange(), (path, p, ex) -> CalcUseCase.requireWithinTiers(path, p,
                    byVenue.computeIfAbsent(common.exchangeOf(ex), x -> fee.on(common.instruments(x)))));
            Account a = file.account();
            Instruments instruments = fee.on(common.instruments(common.exchangeOf(a)));
            if (!file.collateral().isEmpty()) {
                // a shared-collateral account: every cross position on the pool of the wallet and the stated assets
                io.perpguard.app.PooledAccount.Result pooled = JsonInput.inFile(account, () -> io.perpguard.app.PooledAccount.price(
                        new AccountFile.Pooled(new Account(a.walletBalance(), a.positions(), common.exchangeOf(a)), file.collateral()), instruments));
                if (common.json()) {
                    Output.json(out, pooled);
                } else {
                    printPooled(out, pooled, instruments);
                }
                return 0;
            }
            CalcUseCase.AccountResult r = CalcUseCase.account(a, instruments);
            if (common.json()) {
                Output.json(out, r);
            } else {
                printAccount(out, r.report(), instruments);
            }
            return 0;
        }
        Instruments instruments = fee.on(common.instruments());
        CalcUseCase.Result r = CalcUseCase.run(new CalcUseCase.Request(require("--symbol", symbol), Side.parse("side", require("--side", side)),
                require("--entry", entry), qty, notional, require("--leverage", leverage), MarginMode.parse("marginMode", marginMode), wallet,
                mark, marginAdded, contracts), instruments);
        if (common.json()) {
            Output.json(out, r);
        } else {
            printPosition(out, r.report(), instruments.get(r.report().symbol()));
            for (String w : r.warnings()) {
                out.println("  warning: " + w);
            }
            out.flush();
        }
        return 0;
    }

    static <T> T require(String option, T value) {
        if (value == null) {
            throw new InvalidInputException(option.replaceFirst("^--", ""), "is missing (" + option + ")");
        }
        return value;
    }

    /** A position no price above 0 liquidates (a long at 1x): said, not "-  (- % from mark; rounded toward entry)". */
    static final String NO_LIQUIDATION = "none: no price above 0 liquidates it (the margin covers a fall to zero)";
    /** A short no rise liquidates (a coin-margined short at 1x: its loss in coin never exceeds its margin). */
    static final String NO_LIQUIDATION_SHORT = "none: no rise liquidates it (the margin covers any rise)";

    /** Distance from the mark, or that the mark is already past the liquidation price (no huge percentage then). */
    static String liquidationDistance(PositionReport r) {
        if (r.liquidated()) {
            return "the mark is already past it: liquidated at this mark";
        }
        return Output.num(r.distanceToLiquidationPct(), 2) + " % from mark";
    }

    /** "liquidated if the price RISES to X (the notional enters tier N, whose maintenance rate …)" ({@link LiquidationText}). */
    static String gainSide(PositionReport r, Instrument inst) {
        double rate = inst.tiers().brackets().stream().filter(b -> b.bracket() == r.gainSideLiquidationTier()).findFirst().orElseThrow()
                .maintenanceMarginRate();
        double gp = r.gainSideLiquidationPrice();
        return LiquidationText.onGainSide(r.side() == Side.LONG, Output.num(gp, inst.contract().priceDecimals()), r.gainSideLiquidationTier(), rate)
                + ", " + Output.num((gp - r.markPrice()) / r.markPrice() * 100, 2) + " % from mark"
                + (gp == r.liquidationPrice() ? "" : "; the liquidation price above is nearer");
    }

    /** Decimals for amounts in a currency: cents for USD(T), satoshis for coin. */
    static int amountDecimals(String currency) {
        return currency.startsWith("USD") ? 2 : 8;
    }

    private static void printPosition(PrintWriter out, PositionReport r, Instrument inst) {
        int pd = inst.contract().priceDecimals();
        String cur = " " + r.currency();
        int ad = amountDecimals(r.currency());
        String size = Double.isFinite(r.contracts())
                ? Checks.fmt(r.contracts()) + " contracts (" + (r.contractType() == io.perpguard.venue.ContractType.INVERSE
                        ? Output.num(r.qty(), 0) + " USD" : Output.qty(r.qty(), inst.contract().qtyDecimals())
                        + io.perpguard.app.explain.Numbers.baseUnitBesideContracts(inst.contract())) + ")"
                : Output.qty(r.qty(), inst.contract().qtyDecimals());
        out.printf("%s %s %s, %s x%s on %s%n", r.symbol(), r.side().label(), r.marginMode().label(), size, Checks.fmt(r.leverage()),
                VenueText.name(inst.convention()));
        Output.rows(out, new String[][]{
                {"entry / mark", Output.price(r.entryPrice(), pd) + " / " + Output.price(r.markPrice(), pd)},
                {"notional (mark)", Output.num(r.notional(), ad) + cur},
                {"initial margin", Output.num(r.initialMargin(), ad) + cur},
                {"position margin", Output.num(r.positionMargin(), ad) + cur},
                {"tier / max leverage", r.tier() + " / " + Checks.fmt(r.maxLeverage()) + "x"},
                {"maintenance margin", Output.num(r.maintenanceMargin(), ad) + cur + " (MMR " + Output.pct(r.maintenanceMarginRate(), 2)
                        + (inst.convention().takerFeeInMaintenanceRate() ? " + taker fee " + Output.pct(inst.contract().takerFee(), 2) : "")
                        + ", amount " + Output.num(r.maintenanceAmount(), ad) + ")"},
                {"liquidation price", Double.isNaN(r.liquidationPrice()) ? (r.side() == Side.SHORT ? NO_LIQUIDATION_SHORT : NO_LIQUIDATION)
                        : Output.num(r.liquidationPrice(), pd) + "  (" + liquidationDistance(r) + "; rounded toward entry)"},
                // a level the position's gain carries it to (a long rising into a tier whose rate exceeds its margin), said plainly
                Double.isFinite(r.gainSideLiquidationPrice()) ? new String[]{"on the gain side", gainSide(r, inst)} : null,
                // said on a line of its own where it is so (liquidated: true in --json), not only inside the distance
                r.liquidated() ? new String[]{"liquidated", "yes: the mark " + Output.num(r.markPrice(), pd)
                        + " is already past the liquidation price; the venue would have closed this position"} : null,
                {"bankruptcy price", Double.isNaN(r.bankruptcyPrice()) ? (r.side() == Side.SHORT ? "none: no rise bankrupts it" : "none above 0") : Output.num(r.bankruptcyPrice(), pd)},
                {"unrealized PnL / ROE", Output.num(r.unrealizedPnl(), ad) + cur + " / " + Output.pct(r.roe(), 2)},
                {"margin balance", Output.num(r.marginBalance(), ad) + cur},
                {"margin ratio", Output.pct(r.venueMarginRatio(), 2) + " (" + VenueText.marginRatioDefinition(r.convention()) + ")"},
                {"opening fee (taker)", Output.num(r.openingFee(), ad) + cur},
                {"loss if liquidated", Double.isNaN(r.lossIfLiquidated()) ? "none: not liquidated at any price"
                        : Output.num(r.lossIfLiquidated(), ad) + cur + " incl. " + switch (inst.convention().liquidationTake()) {
                            // named as the venue takes it (simulate's words): Bybit and XT charge no fee, they keep what margin is left
                            case CLEARANCE_FEE -> "clearance fee " + Output.num(r.liquidationClearanceFee(), ad);
                            case TAKER_FEE -> "liquidation fee " + Output.num(r.liquidationClearanceFee(), ad) + " (taker rate)";
                            case REMAINING_MARGIN -> Output.num(r.liquidationClearanceFee(), ad) + " of margin left, which the venue keeps";
                        }},
        });
        out.println("  " + VenueText.feeConvention(r.convention()));
        for (String e : VenueText.estimates(r.estimates())) {
            out.println("  estimate: " + e);
        }
        out.flush();
    }

    /** A shared-collateral account: the positions on the pool, the pool's USD totals and each asset as the venue counts it. */
    private static void printPooled(PrintWriter out, io.perpguard.app.PooledAccount.Result pooled, Instruments instruments) {
        AccountReport r = pooled.report();
        List<String[]> rows = positionRows(r, instruments, true);
        if (!r.positions().isEmpty()) {
            out.println(VenueText.name(instruments.get(r.positions().get(0).symbol()).convention()) + " account, shared collateral");
        }
        Output.table(out, new String[]{"symbol", "side", "mode", "qty", "entry", "mark", "uPnL", "liq. price", "to liq."}, rows);
        List<String[]> assets = new ArrayList<>();
        for (io.perpguard.app.PooledAccount.CollateralLine c : pooled.collateral()) {
            assets.add(new String[]{c.asset(), Checks.fmt(c.amount()), Checks.fmt(c.indexPrice()), Output.pct(c.collateralRatio(), 2),
                    Output.num(c.valueUsd(), 2)});
        }
        Output.table(out, new String[]{"collateral", "amount", "index USD", "ratio", "value USD"}, assets);
        Output.rows(out, new String[][]{
                {"margin balance", Output.num(r.marginBalance(), 2) + " USD (each asset's equity at its index and collateral ratio)"},
                {"maintenance margin", Output.num(r.maintenanceMargin(), 2) + " USD"},
                {"account margin ratio", Output.pct(r.marginRatio(), 2) + " (maintenance requirement / margin balance; every cross position liquidated at 100 %)"
                        + (r.marginRatio() >= 1 ? ": the cross positions are liquidated at these marks" : "")},
        });
        out.println("  liquidation prices hold every other mark and each other asset's index where they are (a contract's own coin moves with it: BTC beside BTCUSDT, or settling BTCUSD); the collateral ratios and index prices are the ones stated");
        out.flush();
    }

    /** One table row per position (uPnL with its currency where an account mixes currencies: a shared pool). */
    private static List<String[]> positionRows(AccountReport r, Instruments instruments, boolean pnlCurrency) {
        List<String[]> rows = new ArrayList<>();
        for (PositionReport p : r.positions()) {
            int pd = instruments.get(p.symbol()).contract().priceDecimals();
            rows.add(new String[]{p.symbol(), p.side().label() + (p.positionSide() == PositionSide.BOTH ? "" : " (hedge)"),
                    p.marginMode().label(), Double.isFinite(p.contracts()) ? Checks.fmt(p.contracts()) + " ct" : Checks.fmt(p.qty()),
                    Output.price(p.entryPrice(), pd), Output.price(p.markPrice(), pd),
                    Output.num(p.unrealizedPnl(), amountDecimals(p.currency())) + (pnlCurrency ? " " + p.currency() : ""),
                    Output.num(p.liquidationPrice(), pd), p.liquidated() ? "liquidated" : Output.num(p.distanceToLiquidationPct(), 2) + " %"});
        }
        return rows;
    }

    /**
     * Hedge legs of one symbol in the cross wallet are liquidated together at their one level: what that costs, once,
     * with each leg's share (its move to the level, a gain for the winning leg, plus its notional's part of what the venue
     * takes) — each leg's figure alone used to be the loss as if it alone took the wallet, and the two overlapped.
     */
    private static void printHedgeLevels(PrintWriter out, AccountReport r, Instruments instruments, String cur, int ad) {
        java.util.Map<String, List<PositionReport>> bySymbol = new java.util.LinkedHashMap<>();
        for (PositionReport p : r.positions()) {
            if (p.marginMode() == MarginMode.CROSS && p.positionSide() != PositionSide.BOTH) {
                bySymbol.computeIfAbsent(p.symbol(), k -> new ArrayList<>()).add(p);
            }
        }
        for (var e : bySymbol.entrySet()) {
            List<PositionReport> legs = e.getValue();
            if (legs.size() < 2 || !Double.isFinite(legs.get(0).lossIfLiquidated())) {
                continue;
            }
            Instrument inst = instruments.get(e.getKey());
            double loss = 0, take = 0;
            List<String> shares = new ArrayList<>();
            for (PositionReport p : legs) {
                loss += p.lossIfLiquidated();
                take += p.liquidationClearanceFee();
                shares.add(p.positionSide().label() + " leg " + Output.num(p.lossIfLiquidated(), ad));
            }
            String taken = switch (inst.convention().liquidationTake()) {
                case CLEARANCE_FEE -> "clearance fee " + Output.num(take, ad);
                case TAKER_FEE -> "liquidation fee " + Output.num(take, ad) + " (taker rate)";
                case REMAINING_MARGIN -> Output.num(take, ad) + " of margin left, which the venue keeps";
            };
            out.printf("  %s hedge legs share one level, %s: reached, it costs the wallet %s %s once, incl. %s (%s: each leg's move to"
                            + " that level and its notional's share of what the venue takes)%n", e.getKey(),
                    Output.num(legs.get(0).liquidationPrice(), inst.contract().priceDecimals()), Output.num(loss, ad), cur, taken,
                    String.join(", ", shares));
        }
    }

    private static void printAccount(PrintWriter out, AccountReport r, Instruments instruments) {
        List<String[]> rows = positionRows(r, instruments, false);
        String cur = r.positions().isEmpty() ? "USDT" : r.positions().get(0).currency();
        int ad = amountDecimals(cur);
        if (!r.positions().isEmpty()) {
            out.println(VenueText.name(instruments.get(r.positions().get(0).symbol()).convention()) + " account");
        }
        Output.table(out, new String[]{"symbol", "side", "mode", "qty", "entry", "mark", "uPnL", "liq. price", "to liq."}, rows);
        Output.rows(out, new String[][]{
                {"wallet / cross wallet", Output.num(r.walletBalance(), ad) + " / " + Output.num(r.crossWalletBalance(), ad) + " " + cur},
                {"cross margin balance", Output.num(r.marginBalance(), ad) + " " + cur},
                {"cross maintenance margin", Output.num(r.maintenanceMargin(), ad) + " " + cur},
                {"cross margin ratio", Output.pct(r.marginRatio(), 2) + " (maintenance requirement / margin balance; liquidation at 100 %)"
                        + (r.marginRatio() >= 1 ? ": the cross positions are liquidated at these marks" : "")},
        });
        printHedgeLevels(out, r, instruments, cur, ad);
        for (PositionReport p : r.positions()) {
            if (p.marginMode() == io.perpguard.margin.MarginMode.CROSS) {
                for (String e : VenueText.estimates(p.estimates())) {
                    out.println("  estimate: " + e);
                }
                break;
            }
        }
    }
}
