package io.perpguard.data.json;

import io.perpguard.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonInputTest {
    @Test
    void aDuplicateKeyIsRefusedAlike_byTheExactAndTheDoubleReader_atAnyDepth() {
        for (String body : new String[] {"{\"entryPrice\":1,\"qty\":2,\"entryPrice\":3}", "{\"plan\":{\"a\":1,\"b\":2,\"c\":3,\"a\":4}}"}) {
            String key = body.contains("plan") ? "a" : "entryPrice";
            assertThatThrownBy(() -> JsonInput.parse("body", body)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("malformed JSON at line 1").hasMessageEndingWith("Duplicate field '" + key + "'");
            assertThatThrownBy(() -> JsonInput.parseDoubles("body", body.getBytes(StandardCharsets.UTF_8))).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("malformed JSON at line 1").hasMessageEndingWith("Duplicate field '" + key + "'");
        }
    }

    @Test
    void aParsersMessage_isShownWhole_asOneClearSentence() {
        // the message was cut at 60 characters: "expected close marker for Object (s… (172 characters)"
        assertThatThrownBy(() -> JsonInput.parse("account", "{\"a\":1"))
                .hasMessage("account: malformed JSON at line 1, column 7: Unexpected end-of-input: expected close marker for Object "
                        + "(start marker at line 1, column 1)");
        assertThatThrownBy(() -> JsonInput.parse("account", "{\"a\":tru}"))
                .hasMessage("account: malformed JSON at line 1, column 9: Unrecognized token 'tru': was expecting (JSON String, Number, "
                        + "Array, Object or token 'null', 'true' or 'false')");
        assertThatThrownBy(() -> JsonInput.parse("account", "{\"a\":1}}")).hasMessageEndingWith("(for root starting at line 1)");
        // echoed input stays an excerpt: a 300-character token is cut, the sentence around it is not
        String token = "x".repeat(300);
        assertThatThrownBy(() -> JsonInput.parseDoubles("body", ("{\"a\":" + token + "}").getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("body: malformed JSON at line 1, column ").hasMessageContaining("Unrecognized token 'xxxx")
                .hasMessageContaining(" characters)").hasMessageEndingWith("'true' or 'false')").hasMessageNotContaining(token);
    }

    @Test
    void theDoubleReaderReadsNumbersAsDoubles_theExactOneAsDecimals() {
        byte[] b = "{\"a\":0.1,\"b\":[1,2.5]}".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonInput.parseDoubles("body", b).get("a").isDouble()).isTrue();
        assertThat(JsonInput.parseDoubles("body", b).get("b").get(1).doubleValue()).isEqualTo(2.5);
        assertThat(JsonInput.parse("body", "{\"a\":0.1}").get("a").isBigDecimal()).isTrue();
        assertThatThrownBy(() -> JsonInput.parseDoubles("body", "{\"a\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("malformed JSON");
    }

    /** A renamed field is answered with its one name; an old name still read is never the suggestion for a typo. */
    @Test
    void unknownField_suggestsTheDocumentedName() {
        var known = java.util.Set.of("entryPrice", "walletBalance", "fundingRate", "markPrice", "mark");
        assertThat(JsonInput.closest("wallet", known)).isEqualTo("walletBalance");
        assertThat(JsonInput.closest("rate", known)).isEqualTo("fundingRate");
        assertThat(JsonInput.closest("entry", known)).isEqualTo("entryPrice");
        assertThat(JsonInput.closest("markk", known)).isNull();
        assertThat(JsonInput.closest("markPrise", known)).isEqualTo("markPrice");
        assertThatThrownBy(() -> JsonInput.onlyKnown(JsonInput.parse("body", "{\"wallet\":5}"), "", known))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("wallet: unknown field (did you mean 'walletBalance'?)");
    }
}
