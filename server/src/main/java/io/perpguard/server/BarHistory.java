package io.perpguard.server;

import io.perpguard.checklist.MarketContext;
import io.perpguard.market.CandleSeries;

import java.util.List;

/** The hourly bars behind the marks: the trend and ATR of the checklist, the stops, the survival simulation. */
public interface BarHistory {
    /** The symbols with bars. */
    List<String> symbols();

    /** Every hourly bar known for the symbol. */
    CandleSeries candles(String symbol);

    /** The last {@code max} bars up to the current mark, as the checklist's market context. */
    MarketContext recent(String symbol, int max);

    /** Where the symbol's bars come from, as a label ({@code desk replay}, {@code live binance}). */
    default String source(String symbol) {
        return "desk replay";
    }
}
