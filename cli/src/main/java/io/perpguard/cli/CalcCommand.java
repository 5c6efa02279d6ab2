package io.perpguard.cli;

import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.data.account.AccountFile;
import io.perpguard.app.json.ReportJson;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.app.CalcUseCase;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
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
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code perpguard calc}: the futures calculator for one position or a whole cross account. */
@Command(name = "calc", header = "Prices a position or a whole account: margin, liquidation and bankruptcy price, PnL, fees.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Margin, liquidation and bankruptcy price, margin ratio, PnL and fees of a position (Binance USDⓈ-M rules),",
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
    @Option(names = "--notional", paramLabel = "USDT", description = "size as notional at entry (instead of --qty)")
    Double notional;
    @Option(names = "--leverage", paramLabel = "L", description = "leverage, e.g. 10 for 10x (at most the tier maximum)")
    Double leverage;
    @Option(names = "--margin-mode", paramLabel = "isolated|cross", defaultValue = "isolated", description = "margin mode (default ${DEFAULT-VALUE})")
    String marginMode;
    @Option(names = "--wallet", paramLabel = "USDT", description = "cross wallet balance (required for cross)")
    Double wallet;
    @Option(names = "--mark", paramLabel = "PRICE", description = "mark price (default: entry)")
    Double mark;
    @Option(names = "--margin-added", paramLabel = "USDT", description = "margin added to an isolated position, USDT (default ${DEFAULT-VALUE})", defaultValue = "0")
    double marginAdded;
    @Option(names = "--account", paramLabel = "FILE", description = "account JSON (DESIGN.md format): price every position")
    Path account;
    @Mixin
    TiersOption common;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Instruments instruments = common.instruments();
        if (account != null) {
            CalcUseCase.AccountResult r = CalcUseCase.account(AccountFile.read(account), instruments);
            if (common.json()) {
                Output.json(out, r);
            } else {
                printAccount(out, r.report(), instruments);
            }
            return 0;
        }
        CalcUseCase.Result r = CalcUseCase.run(new CalcUseCase.Request(require("--symbol", symbol), Side.parse("side", require("--side", side)),
                require("--entry", entry), qty, notional, require("--leverage", leverage), MarginMode.parse("marginMode", marginMode), wallet,
                mark, marginAdded), instruments);
        if (common.json()) {
            Output.json(out, r);
        } else {
            printPosition(out, r.report(), instruments.get(r.report().symbol()));
        }
        return 0;
    }

    static <T> T require(String option, T value) {
        if (value == null) {
            throw new InvalidInputException(option.replaceFirst("^--", ""), "is missing (" + option + ")");
        }
        return value;
    }

    private static void printPosition(PrintWriter out, PositionReport r, Instrument inst) {
        int pd = inst.contract().priceDecimals();
        out.printf("%s %s %s, %s x%s%n", r.symbol(), r.side().label(), r.marginMode().label(),
                Output.num(r.qty(), Math.max(3, inst.contract().qtyDecimals())), Checks.fmt(r.leverage()));
        Output.rows(out, new String[][]{
                {"entry / mark", Output.num(r.entryPrice(), pd) + " / " + Output.num(r.markPrice(), pd)},
                {"notional (mark)", Output.num(r.notional(), 2) + " USDT"},
                {"initial margin", Output.num(r.initialMargin(), 2) + " USDT"},
                {"position margin", Output.num(r.positionMargin(), 2) + " USDT"},
                {"tier / max leverage", r.tier() + " / " + Checks.fmt(r.maxLeverage()) + "x"},
                {"maintenance margin", Output.num(r.maintenanceMargin(), 2) + " USDT (MMR " + Output.pct(r.maintenanceMarginRate(), 2)
                        + ", amount " + Output.num(r.maintenanceAmount(), 2) + ")"},
                {"liquidation price", Output.num(r.liquidationPrice(), pd) + "  (" + Output.num(r.distanceToLiquidationPct(), 2)
                        + " % from mark; rounded toward entry)"},
                {"bankruptcy price", Output.num(r.bankruptcyPrice(), pd)},
                {"unrealized PnL / ROE", Output.num(r.unrealizedPnl(), 2) + " USDT / " + Output.pct(r.roe(), 2)},
                {"margin balance", Output.num(r.marginBalance(), 2) + " USDT"},
                {"margin ratio", Output.pct(r.marginRatio(), 2) + " (liquidation at 100 %)"},
                {"opening fee (taker)", Output.num(r.openingFee(), 2) + " USDT"},
                {"loss if liquidated", Output.num(r.lossIfLiquidated(), 2) + " USDT incl. clearance fee "
                        + Output.num(r.liquidationClearanceFee(), 2)},
        });
        out.println("  " + r.feeConvention());
        out.flush();
    }

    private static void printAccount(PrintWriter out, AccountReport r, Instruments instruments) {
        List<String[]> rows = new ArrayList<>();
        for (PositionReport p : r.positions()) {
            int pd = instruments.get(p.symbol()).contract().priceDecimals();
            rows.add(new String[]{p.symbol(), p.side().label() + (p.positionSide() == PositionSide.BOTH ? "" : " (hedge)"),
                    p.marginMode().label(), Checks.fmt(p.qty()), Output.num(p.entryPrice(), pd), Output.num(p.markPrice(), pd),
                    Output.num(p.unrealizedPnl(), 2), Output.num(p.liquidationPrice(), pd), Output.num(p.distanceToLiquidationPct(), 2) + " %"});
        }
        Output.table(out, new String[]{"symbol", "side", "mode", "qty", "entry", "mark", "uPnL", "liq. price", "to liq."}, rows);
        Output.rows(out, new String[][]{
                {"wallet / cross wallet", Output.num(r.walletBalance(), 2) + " / " + Output.num(r.crossWalletBalance(), 2) + " USDT"},
                {"cross margin balance", Output.num(r.marginBalance(), 2) + " USDT"},
                {"cross maintenance margin", Output.num(r.maintenanceMargin(), 2) + " USDT"},
                {"cross margin ratio", Output.pct(r.marginRatio(), 2) + " (liquidation at 100 %)"},
        });
    }
}
