package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A count the body gives beyond an int is refused with the use case's own range, as given, not with the int's. */
final class DeskCountRangeTest {

    @Test
    void test_survivalAndRecovery_aHugeCount_namesTheUseCasesRange_notTheIntsMaximum() {
        try (TestDesk d = TestDesk.inMemory()) {
            // "paths: 1e12 is too large (at most 2,147,483,647)" before: the int's maximum, 100,000 times the range allowed
            DeskInputBlameTest.assertBlames(d.post("/api/survival", "{\"paths\":1e12}"), "paths",
                    "1,000,000,000,000 is outside the allowed range 1 to 20,000");
            DeskInputBlameTest.assertBlames(d.post("/api/survival", "{\"paths\":100,\"horizonDays\":1e12}"), "horizonDays",
                    "outside the allowed range 1 to 730");
            DeskInputBlameTest.assertBlames(d.post("/api/survival", "{\"paths\":30000}"), "paths", "outside the allowed range 1 to 20,000");
            DeskInputBlameTest.assertBlames(d.post("/api/survival", "{\"paths\":1.5}"), "paths", "not a whole number");
            DeskInputBlameTest.assertBlames(d.post("/api/recovery", "{\"winRate\":0.45,\"payoff\":1.5,\"riskPct\":10,\"trades\":1e12}"),
                    "trades", "outside the allowed range 1 to 100,000");
            DeskInputBlameTest.assertBlames(d.post("/api/recovery", "{\"winRate\":0.45,\"payoff\":1.5,\"riskPct\":10,\"paths\":-1e12}"),
                    "paths", "outside the allowed range 1 to 200,000");
            TestDesk.Response ok = d.post("/api/recovery", "{\"drawdowns\":[50]}");
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        }
    }

    @Test
    void test_theOtherCounts_sayTheirUseCasesRange() {
        try (TestDesk d = TestDesk.inMemory()) {
            DeskInputBlameTest.assertBlames(d.post("/api/kelly", "{\"winRate\":0.55,\"payoff\":1.5,\"resamples\":1e12}"), "resamples",
                    "outside the allowed range 100 to 100,000");
            DeskInputBlameTest.assertBlames(d.post("/api/funding", "{\"notional\":500000,\"leverage\":50,\"fundingRate\":0.0005,\"driftRows\":1e12}"),
                    "driftRows", "outside the allowed range 0 to 100,000");
            DeskInputBlameTest.assertBlames(d.post("/api/stops", "{\"side\":\"long\",\"entryPrice\":60000,\"atr\":1e12}"), "atr",
                    "outside the allowed range 1 to 10,000");
        }
    }
}
