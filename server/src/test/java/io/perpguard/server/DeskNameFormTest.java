package io.perpguard.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A name that is given but empty, only spaces or too long is one 400 saying which and the form a name takes: {@code
 * POST /api/accounts {"name": ""}} answered "name: is missing", sending the client looking for a field it had sent.
 */
final class DeskNameFormTest {
    private static final String FORM = "a name is 1 to 100 printable characters (spaces at either end are trimmed)";

    @Test
    void emptyBlankAndLongNames_sayWhatIsWrongAndTheAllowedForm_andNothingIsCreated() {
        try (TestDesk d = TestDesk.inMemory()) {
            String accounts = d.get("/api/accounts").body(), subs = d.get("/api/subaccounts").body();
            String[][] cases = {
                    {"/api/accounts", "{\"name\":\"\"}", "name: is empty: " + FORM},
                    {"/api/accounts", "{\"name\":\"   \"}", "name: is only spaces: " + FORM},
                    {"/api/accounts", "{\"name\":\"" + "x".repeat(101) + "\"}", "name: is 101 characters long: " + FORM},
                    {"/api/accounts", "{}", "name: is missing"},
                    {"/api/subaccounts", "{\"accountId\":1,\"name\":\"\",\"walletBalance\":5}", "name: is empty: " + FORM},
            };
            for (String[] c : cases) {
                TestDesk.Response r = d.post(c[0], c[1]);
                assertThat(r.status()).as(c[1] + " → " + r.body()).isEqualTo(400);
                assertThat(r.json().get("field").asText()).isEqualTo("name");
                assertThat(r.json().get("error").asText()).isEqualTo(c[2]);
            }
            // a PUT renaming a sub-account to "" is refused alike
            TestDesk.Response rename = d.put("/api/subaccounts/1", "{\"name\":\"\"}");
            assertThat(rename.status()).as(rename.body()).isEqualTo(400);
            assertThat(rename.json().get("error").asText()).isEqualTo("name: is empty: " + FORM);
            assertThat(d.get("/api/accounts").body()).isEqualTo(accounts);
            assertThat(d.get("/api/subaccounts").body()).isEqualTo(subs);
            // 100 characters, trimmed, is a name
            assertThat(d.post("/api/accounts", "{\"name\":\"  " + "y".repeat(100) + "  \"}").status()).isEqualTo(201);
        }
    }
}
