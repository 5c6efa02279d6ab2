package io.perpguard.server;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body over the limit is a 413 whose line names the limit: it said "request body too large: 70000 bytes, over the
 * limit", and a trader whose trade-history export was refused could not tell how far to split it. Every route but the
 * journal import (8 MiB) keeps the desk's 64 KiB.
 */
final class DeskBodyLimitTest {

    record Case(String path, String type, boolean chunked, String error) {
    }

    @Test
    void test_aBodyOverTheLimit_isA413NamingTheLimit_onEveryKindOfRoute() {
        byte[] big = ("time,symbol,side,qty,price,realizedPnl,fee\n" + "x".repeat(70_000)).getBytes(StandardCharsets.UTF_8);
        String declared = "request body too large: " + String.format(java.util.Locale.ROOT, "%,d", big.length)
                + " bytes, over the desk's limit of 65,536 bytes (64 KiB)";
        Case[] cases = {
                new Case("/api/size", "application/json", false, declared),                         // a Javalin route
                new Case("/api/check", "application/json", false, declared),                        // a hot route
                new Case("/api/positions/1/close", "application/json", false, declared),
                // no Content-Length: counted while read
                new Case("/api/size", "application/json", true, "request body too large: "),
                new Case("/api/check", "application/json", true, "request body too large: "),
        };
        try (TestDesk d = TestDesk.inMemory()) {
            for (Case c : cases) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(d.base + c.path())).header("Content-Type", c.type())
                        .POST(c.chunked() ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))
                                : HttpRequest.BodyPublishers.ofByteArray(big));
                TestDesk.Response r = d.send(b);
                assertThat(r.status()).as(c + " → " + r.body()).isEqualTo(413);
                assertThat(r.json().get("field").asText()).isEqualTo("body");
                assertThat(r.json().get("error").asText()).as(c.toString()).startsWith(c.error())
                        .endsWith("the desk's limit of 65,536 bytes (64 KiB)");
            }
            // the trade-history import has a limit of its own (8 MiB, DeskJournalImportLimitTest): this body is read and judged
            TestDesk.Response csv = d.send(HttpRequest.newBuilder(URI.create(d.base + "/api/journal/import?source=big.csv"))
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(big)));
            assertThat(csv.status()).as(csv.body()).isEqualTo(400);
            assertThat(csv.json().get("error").asText()).contains("line 2");
            assertThat(d.get("/api/journal").json().get("trades").size()).isZero();
        }
    }
}
