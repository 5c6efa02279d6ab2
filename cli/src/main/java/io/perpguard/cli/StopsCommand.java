package io.perpguard.cli;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.app.StopsUseCase;
import io.perpguard.data.market.CandleCsv;
import io.perpguard.data.market.Loaded;
import io.perpguard.data.orders.PlanFile;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Side;
import io.perpguard.market.CandleSeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code perpguard stops}: where a stop belongs for an entry, from the candles (ATR, structure, volume, time). */
@Command(name = "stops", header = "Suggests stops for an entry from candles: ATR, structure, volume nodes and time.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Suggests stops for an entry from candles: k × Wilder ATR, beyond the nearest support/resistance zone,",
                "beyond the nearest high-volume node, and a time stop. Uses only candles up to --at (default: the last)."})
public final class StopsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--candles", required = true, paramLabel = "FILE", description = "candle CSV (Binance archive or generic OHLCV)")
    Path candles;
    @Option(names = "--side", required = true, paramLabel = "long|short", description = "side of the planned position")
    String side;
    @Option(names = "--entry", required = true, paramLabel = "PRICE", description = "planned entry price")
    double entry;
    @Option(names = "--atr", paramLabel = "N", defaultValue = "14", description = "ATR period (default ${DEFAULT-VALUE})")
    double atrPeriod;   // checked as given against the use case's range
    @Option(names = "--mult", paramLabel = "K", defaultValue = "2", description = "volatility stop in ATRs (default ${DEFAULT-VALUE})")
    double mult;
    @Option(names = "--pivot", paramLabel = "N", defaultValue = "5", description = "bars either side of a swing pivot (default ${DEFAULT-VALUE})")
    int pivot;
    @Option(names = "--lookback", paramLabel = "BARS", defaultValue = "500", description = "bars for pivots, zones and volume profile (default ${DEFAULT-VALUE})")
    int lookback;
    @Option(names = "--buffer", paramLabel = "ATR", defaultValue = "0.25", description = "buffer beyond a level, in ATRs (default ${DEFAULT-VALUE})")
    double buffer;
    @Option(names = "--time-bars", paramLabel = "N", defaultValue = "24", description = "time stop after N bars without +1R (default ${DEFAULT-VALUE})")
    int timeBars;
    @Option(names = "--at", paramLabel = "TIME", description = "plan at the candle open at or before this time (2023-06-20T00:00:00Z, date, or epoch ms)")
    String at;
    @Option(names = "--symbol", paramLabel = "SYMBOL", description = "contract for tick rounding (default: from the file name)")
    String symbol;
    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    @Override
    public Integer call() {
        Loaded<CandleSeries> loaded = CandleCsv.read(candles);
        CandleSeries s = loaded.data();
        Long atMs = at == null ? null : PlanFile.parseTime("at", at);
        // a given symbol must be known (exit 2), not silently priced with unrounded levels; the file's name may be anything
        Instrument instrument = symbol != null ? TierTables.bundled().get(symbol) : instrument(s.symbol());
        if (symbol != null) {
            // BTCUSDT candles planned as ETHUSDT were levels of one market rounded to another's tick, exit 0 (replay and check refuse it)
            io.perpguard.app.SymbolMatch.require("candles", candles.getFileName().toString(), s.symbol(), instrument.symbol());
        }
        Contract contract = instrument == null ? null : instrument.contract();
        String name = symbol != null ? contract.symbol() : s.symbol();
        StopsUseCase.Result plan = StopsUseCase.run(new StopsUseCase.Request(s, atMs, Side.parse("side", side), entry, StopsUseCase.ATR.check(atrPeriod), mult,
                pivot, lookback, buffer, timeBars, instrument, loaded.warnings()));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, plan);
            return 0;
        }
        int pd = contract != null ? contract.priceDecimals() : 2;
        out.printf("%s %s at %s, planned at %s (close %s)%n", name.isEmpty() ? "stops:" : name, plan.side().label(),
                Output.price(entry, pd), plan.at(), Output.num(plan.lastClose(), pd));
        out.printf("  ATR(%d) %s (%s %% of entry)%n", plan.atrPeriod(), Output.num(plan.atr(), pd), Output.num(plan.atr() / entry * 100, 2));
        List<String[]> rows = new ArrayList<>();
        for (StopsUseCase.Suggestion x : plan.suggestions()) {
            rows.add(new String[]{x.method(), Output.num(x.price(), pd), Double.isNaN(x.distancePct()) ? "-" : Output.num(x.distancePct(), 2) + " %",
                    Double.isNaN(x.distanceAtr()) ? "-" : Output.num(x.distanceAtr(), 2)});
        }
        Output.table(out, new String[]{"method", "stop", "distance", "ATRs"}, rows);
        for (StopsUseCase.Suggestion x : plan.suggestions()) {
            out.println("  " + x.method() + ": " + x.reason());
        }
        for (String w : plan.warnings()) {
            out.println("  note: " + w);
        }
        out.flush();
        return 0;
    }

    static Instrument instrument(String symbol) {
        Instruments all = TierTables.bundled();
        return symbol != null && all.contains(symbol) ? all.get(symbol) : null;
    }
}
