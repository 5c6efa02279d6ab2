package io.perpguard.data.journal;

import java.util.List;

/**
 * What one import did.
 *
 * @param source            the file
 * @param format            {@code binance} or {@code generic}
 * @param rowsRead          data rows in the file
 * @param fillsAdded        fills new to the journal
 * @param fillsAlreadyStored fills the journal already held (a re-import adds nothing)
 * @param tradesBefore      round-trip trades in the journal before the import
 * @param tradesAfter       and after it
 * @param warnings          fills that could not be placed in a trade, open positions, fees not in the quote currency
 */
public record ImportResult(String source, String format, int rowsRead, int fillsAdded, int fillsAlreadyStored,
                           int tradesBefore, int tradesAfter, List<String> warnings) {
    public ImportResult {
        warnings = List.copyOf(warnings);
    }

    /** Trades the import added. */
    public int tradesAdded() {
        return tradesAfter - tradesBefore;
    }
}
