package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A journal import of a header alone is a 400 saying there are no trades in it — it answered 200 with 0 rows read. */
final class DeskEmptyJournalTest {
    @Test
    void test_headerOnlyImport_isA400_andEmptyBodiesToo() {
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response header = DeskApiTest.postCsv(d, "/api/journal/import?source=june.csv",
                    "Date(UTC),Symbol,Side,Price,Quantity,Amount,Fee,Fee Coin,Realized Profit\n\n");
            DeskInputBlameTest.assertBlames(header, "journal", "june.csv has a header and no fills: no trades in it");
            DeskInputBlameTest.assertBlames(DeskApiTest.postCsv(d, "/api/journal/import", "\n  \n"), "body", "is empty");
            DeskInputBlameTest.assertBlames(DeskApiTest.postCsv(d, "/api/journal/import", ""), "body", "is empty");
            assertThat(d.get("/api/journal").json().get("total").asInt()).isZero();
        }
    }
}
