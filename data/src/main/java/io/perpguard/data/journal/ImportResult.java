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
 * @param tradesAdded       round-trip trades in the journal after the import that were not in it before (new, or
 *                          regrouped by a new fill inside them); never negative
 * @param tradesReplaced    trades in the journal before the import that new fills regrouped into others (a fill inside a
 *                          closed round trip joins it to the next one)
 * @param tradesAfter       round-trip trades in the journal after the import
 * @param warnings          fills that could not be placed in a trade, open positions, fees not in the quote currency
 */
public record ImportResult(String source, String format, int rowsRead, int fillsAdded, int fillsAlreadyStored,
                           int tradesAdded, int tradesReplaced, int tradesAfter, List<String> warnings) {
    public ImportResult {
        warnings = List.copyOf(warnings);
    }
}
