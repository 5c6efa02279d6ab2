package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desk reads a typed number as the CLI does (one reader, {@code Checks.parse}): a query parameter of {@code 0x1p4}
 * was read as 16 ({@code Double.parseDouble}), an id of {@code +1} or {@code ١} ({@code Long.parseLong}) as 1. Now a 400
 * naming the parameter, nothing changed.
 */
final class DeskTypedNumbersTest {

    @Test
    void test_aQueryNumberInJavaOnlyForms_isA400NamingTheParameter() {
        try (TestDesk d = TestDesk.inMemory()) {
            for (String typed : new String[]{"0x1p4", "16d", "1_6"}) {
                TestDesk.Response r = d.get("/api/alerts?limit=" + typed);
                assertThat(r.status()).as(typed + ": " + r.body()).isEqualTo(400);
                assertThat(r.json().get("field").asText()).isEqualTo("limit");
                assertThat(r.json().get("error").asText()).isEqualTo("limit: '" + typed + "' is not a number (write it as digits with an "
                        + "optional sign, decimal point and exponent, e.g. 60000, -0.5, 1e-4)");
            }
            assertThat(d.get("/api/alerts?limit=16").status()).isEqualTo(200);
            assertThat(d.get("/api/alerts?limit=1.6e1").status()).isEqualTo(200);
        }
    }

    @Test
    void test_anIdWithASignOrOtherDigits_isNoId() {
        try (TestDesk d = TestDesk.inMemory()) {
            JsonNode first = d.get("/api/subaccounts").json().get(0);
            long id = first.get("id").asLong();
            assertThat(d.get("/api/subaccounts/" + id).status()).isEqualTo(200);
            TestDesk.Response plus = d.get("/api/subaccounts/%2B" + id);
            assertThat(plus.status()).as(plus.body()).isEqualTo(400);
            assertThat(plus.json().get("error").asText()).isEqualTo("id: '+" + id + "' is not an id");
        }
    }

    /** A name with a right-to-left override (U+202E, then "evil": shown as "live") was stored: refused, nothing stored. */
    @Test
    void test_aNameWithABidirectionalOverride_isRefused_andNothingIsStored() {
        try (TestDesk d = TestDesk.inMemory()) {
            int before = d.get("/api/subaccounts").json().size();
            TestDesk.Response r = d.post("/api/subaccounts", "{\"accountId\":1,\"name\":\"\u202Eevil\",\"walletBalance\":5}");
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.json().get("error").asText()).isEqualTo("name: contains U+202E, a character that reorders how text is shown; use letters, "
                    + "digits, spaces and punctuation");
            assertThat(d.get("/api/subaccounts").json().size()).isEqualTo(before);
            assertThat(d.post("/api/subaccounts", "{\"accountId\":1,\"name\":\"évite ✓\",\"walletBalance\":5}").status()).isEqualTo(201);
        }
    }
}
