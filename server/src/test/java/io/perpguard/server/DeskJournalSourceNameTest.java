package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/journal/import?source=NAME}: a name with a leading newline ({@code %0Aweek1.csv}) was stripped to
 * {@code week1.csv} before the control characters were looked for, and stored; a control character anywhere in the name
 * is now refused in one line, and nothing is written. Sub-account names and the journal's source share the one rule.
 */
final class DeskJournalSourceNameTest {
    @Test
    void aControlCharacterInTheSource_is400_andNothingIsStored() {
        try (TestDesk d = TestDesk.inMemory()) {
            for (String[] bad : new String[][]{{"%0Aweek1.csv", "U+000A at position 1"}, {"week1.csv%09", "U+0009 at position 10"},
                    {"we%00ek.csv", "U+0000 at position 3"}, {"week%E2%80%A8.csv", "U+2028 at position 5"}, {"%C2%85w.csv", "U+0085 at position 1"}}) {
                TestDesk.Response r = DeskApiTest.postCsv(d, "/api/journal/import?source=" + bad[0], DeskApiTest.JOURNAL_CSV);
                assertThat(r.status()).as(bad[0] + " → " + r.body()).isEqualTo(400);
                assertThat(r.json().get("field").asText()).isEqualTo("source");
                assertThat(r.json().get("error").asText()).isEqualTo("source: contains a control character (" + bad[1]
                        + "); use letters, digits, spaces and punctuation");
            }
            TestDesk.Response bidi = DeskApiTest.postCsv(d, "/api/journal/import?source=%E2%80%AEvsc.exe", DeskApiTest.JOURNAL_CSV);
            assertThat(bidi.status()).isEqualTo(400);
            assertThat(bidi.json().get("error").asText()).startsWith("source: contains U+202E, a character that reorders how text is shown");
            assertThat(d.get("/api/journal").json().get("trades")).as("nothing imported").isEmpty();

            TestDesk.Response ok = DeskApiTest.postCsv(d, "/api/journal/import?source=%20week1.csv%20", DeskApiTest.JOURNAL_CSV);
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            assertThat(ok.json().get("source").asText()).isEqualTo("week1.csv");
        }
    }

    @Test
    void aSubAccountName_sharesTheRule() {
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response r = d.post("/api/subaccounts", "{\"accountId\":1,\"name\":\"\\nbtc\",\"walletBalance\":100}");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("error").asText()).isEqualTo("name: contains a control character (U+000A at position 1); use letters, digits, "
                    + "spaces and punctuation");
        }
    }
}
