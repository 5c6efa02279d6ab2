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
