package io.perpguard.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.perpguard.Checks;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionReport;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.market.EntryDistance;

import java.util.List;


/** {@code calc}: margin, liquidation and PnL of one position, or of every position of an account. */
public final class CalcUseCase {
    private CalcUseCase() {
    }

    /**
     * One position. Exactly one of {@code qty} (base units), {@code contracts} (whole contracts of the venue) or
     * {@code notional} (settlement currency at entry, linear only); {@code markPrice} defaults to the entry;
     * {@code walletBalance} is required in cross margin. Named as in the API body (the CLI's flags are {@code --entry},
     * {@code --mark}, {@code --wallet}).
     */
    public record Request(String symbol, Side side, double entryPrice, Double qty, Double notional, double leverage, MarginMode marginMode,
                          Double walletBalance, Double markPrice, double marginAdded, Double contracts) {
        public Request(String symbol, Side side, double entryPrice, Double qty, Double notional, double leverage, MarginMode marginMode,
                       Double walletBalance, Double markPrice, double marginAdded) {
            this(symbol, side, entryPrice, qty, notional, leverage, marginMode, walletBalance, markPrice, marginAdded, null);
        }

        public Request {
            Required.value("symbol", symbol);
            Required.value("side", side);
            Checks.positive("entryPrice", entryPrice);
            if ((qty != null ? 1 : 0) + (notional != null ? 1 : 0) + (contracts != null ? 1 : 0) != 1) {
                throw new InvalidInputException("qty", "give exactly one of qty, contracts or notional");
            }
            marginMode = Required.or(marginMode, MarginMode.ISOLATED);
            if (markPrice != null) {
                Checks.positive("markPrice", markPrice);
            }
            if (marginMode == MarginMode.CROSS) {
                if (walletBalance == null) {
                    throw new InvalidInputException("walletBalance", "cross margin needs the account's real wallet balance; "
                            + "the stake of one trade is not what a cross position risks");
                }
            }
            if (walletBalance != null) {
                io.perpguard.InputBounds.balance("walletBalance", walletBalance);
                if (marginMode == MarginMode.ISOLATED) {
                    // an isolated position is priced on its own margin: the wallet used to be taken and ignored
                    throw new InvalidInputException("walletBalance", "an isolated position is priced on its own margin, not the wallet; "
                            + "the wallet goes with cross margin (marginMode cross), margin added to this position with marginAdded");
                }
            }
            Checks.inRange("marginAdded", marginAdded, -Checks.MAX_AMOUNT, Checks.MAX_AMOUNT);
            if (marginMode == MarginMode.CROSS && marginAdded != 0) {
                throw new InvalidInputException("marginAdded", Checks.fmt(marginAdded) + " goes with an isolated position; "
                        + "a cross position's margin is the cross wallet (walletBalance)");
            }
        }
    }

    /**
     * One position's report; serialises as {@code calc --json}: the report's fields, then {@code warnings} where there are
     * any (a mark far from the entry).
     */
    public record Result(@JsonUnwrapped PositionReport report, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * The warnings of a position priced at {@code mark}: a mark a factor of {@link EntryDistance#MAX_FACTOR} or more from
     * the entry ({@link EntryDistance#beyondFactor}, the rule {@code stops} refuses an entry by) — a mistyped digit or another
     * symbol's price. Not check's 10 % entry rule: an open position's mark may lawfully be 20 % or 50 % from its entry
     * (past its liquidation price the report says {@code liquidated}).
     */
    static List<String> warnings(double entry, double mark) {
        if (!EntryDistance.beyondFactor(entry, mark)) {
            return List.of();
        }
        return List.of(io.perpguard.app.explain.LiquidationText.markBeyondFactor(entry, mark));
    }

    /**
     * Every position of an account; serialises as {@code calc --account --json}: the venue and currency (absent without
     * positions), then the report's fields.
     */
    @JsonPropertyOrder({"exchange", "currency", "report"})
    public record AccountResult(@JsonInclude(JsonInclude.Include.NON_NULL) String exchange,
                                @JsonInclude(JsonInclude.Include.NON_NULL) String currency,
                                @JsonUnwrapped AccountReport report) {
        public static AccountResult of(AccountReport r) {
            PositionReport first = r.positions().isEmpty() ? null : r.positions().get(0);
            return new AccountResult(first == null ? null : first.exchange(), first == null ? null : first.currency(), r);
        }
    }

    public static Result run(Request r, Instruments instruments) {
        Instrument inst = instruments.get(r.symbol());
        inst.requireLeverageStep("leverage", r.leverage());   // 10.5x where the venue sets whole numbers
        inst.requirePriceWithinTiers("entryPrice", r.entryPrice());
        if (r.qty() != null) {
            inst.requireOrderQty("qty", r.qty(), r.entryPrice());
        }
        if (r.notional() != null) {
            inst.requireOrderNotional("notional", r.notional(), r.entryPrice());
        }
        double q = inst.contract().quantity(r.qty(), r.contracts(), r.notional(), r.entryPrice());
        if (r.qty() != null && inst.contract().type() == io.perpguard.venue.ContractType.INVERSE) {
            q = inst.contract().requireWholeContractsOfCoin("qty", r.qty(), r.entryPrice());   // a coin size is whole contracts
        }
        // a size or price no tier holds is the input's fault, not the notional's the engine derives from them
        inst.requireSizeWithinTiers(r.qty() != null ? "qty" : r.contracts() != null ? "contracts" : "notional",
                r.qty() != null ? r.qty() : r.contracts() != null ? r.contracts() : r.notional(), q, "entryPrice", r.entryPrice());
        double mark = r.markPrice() == null ? r.entryPrice() : inst.requirePriceWithinTiers("markPrice", r.markPrice());
        Position p = new Position(inst.symbol(), r.side(), q, r.entryPrice(), r.leverage(), r.marginMode(), PositionSide.BOTH, r.marginAdded(), mark,
                inst.contract().type());
        PositionReport report = MarginCalculator.evaluate(p, inst, r.marginMode() == MarginMode.CROSS ? r.walletBalance() : 0);
        requireMaintenanceCovered(p, report, inst);
        return new Result(report, warnings(r.entryPrice(), mark));
    }

    /**
     * A tier given by hand whose amount the position does not cover (a negative maintenance margin) at its entry, its mark
     * or the liquidation price that tier would give is refused, naming the amount ({@link Instrument#requireMaintenanceCovered}).
     */
    private static void requireMaintenanceCovered(Position p, PositionReport report, Instrument inst) {
        inst.requireMaintenanceCovered(MM_AMOUNT, p.qty(), p.entryPrice(), "entryPrice", p.entryPrice());
        inst.requireMaintenanceCovered(MM_AMOUNT, p.qty(), p.entryPrice(), "markPrice", p.markPrice());
        inst.requireMaintenanceCovered(MM_AMOUNT, p.qty(), p.entryPrice(), "the liquidation price", report.liquidationPriceExact());
    }

    /**
     * The input a maintenance amount comes from where the venue's table gives none, named once in the bodies' words as
     * every field the use cases blame; the CLI spells it {@code mm-amount} by its own table of option names.
     */
    static final String MM_AMOUNT = "mmAmount";

    public static AccountResult account(Account account, Instruments instruments) {
        for (int i = 0; i < account.positions().size(); i++) {
            requireWithinTiers("positions[" + i + "]", account.positions().get(i), instruments);
        }
        AccountReport report = MarginCalculator.evaluate(account, instruments);
        for (int i = 0; i < report.positions().size(); i++) {
            requireMaintenanceCovered(account.positions().get(i), report.positions().get(i), instruments.get(account.positions().get(i).symbol()));
        }
        return AccountResult.of(report);
    }

    /**
     * Refuses a position of an account whose size or prices no tier of its symbol holds, or whose size the venue would not
     * hold (below its minimum, off its step: as {@code calc} refuses one position), naming that input under
     * {@code path} ({@code positions[0].qty}) with its range — not the notional derived from them, nor the wallet that cannot
     * fund the margin of a 10¹² BTC position: run on each position as the account file is read (before its wallet is
     * checked against the isolated margins) and again on the account.
     */
    public static void requireWithinTiers(String path, Position p, Instruments instruments) {
        Instrument inst = instruments.get(p.symbol());
        inst.requireLeverageStep(path + ".leverage", p.leverage());   // a file's position is typed, as calc --leverage
        if (p.type() == io.perpguard.venue.ContractType.LINEAR) {
            inst.requireSizeWithinTiers(path + ".qty", p.qty(), p.qty(), path + ".entryPrice", p.entryPrice());
            inst.requireOrderQty(path + ".qty", p.qty(), p.entryPrice());
        }
        if (Double.isFinite(p.markPrice())) {
            inst.requirePriceWithinTiers(path + ".markPrice", p.markPrice());
        }
    }

    /**
     * Refuses a stated position's leverage its venue does not set (10.5x on Binance), named by its path: the check
     * {@link #requireWithinTiers} makes first, for a stated account read without the tier checks ({@code /api/portfolio},
     * {@code /api/check}). A symbol {@code instruments} does not know is left to the pricing to name.
     */
    public static void requireLeverageStep(String path, Position p, Instruments instruments) {
        if (instruments.contains(p.symbol())) {
            instruments.get(p.symbol()).requireLeverageStep(path + ".leverage", p.leverage());
        }
    }
}
