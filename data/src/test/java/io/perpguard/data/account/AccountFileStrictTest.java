package io.perpguard.data.account;

import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A misspelled field is refused, named, with the field it was probably meant to be — never silently defaulted. */
class AccountFileStrictTest {
    private static final String POSITION = "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":1,\"entryPrice\":60000,\"leverage\":20,%s}";

    @Test
    void test_misspelledMarginMode_isRefused_notReadAsCross() {
        String json = "{\"walletBalance\":10000,\"positions\":[" + String.format(POSITION, "\"marginmode\":\"isolated\"") + "]}";
        assertThatThrownBy(() -> AccountFile.parse(JsonInput.parse("account", json)))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("positions[0].marginmode"))
                .hasMessageContaining("did you mean 'marginMode'");
    }

    @Test
    void test_snakeCaseMarkPrice_isRefused_notReplacedByEntry() {
        String json = "{\"walletBalance\":10000,\"positions\":[" + String.format(POSITION, "\"mark_price\":59000") + "]}";
        assertThatThrownBy(() -> AccountFile.parse(JsonInput.parse("account", json)))
                .hasMessageContaining("positions[0].mark_price").hasMessageContaining("did you mean 'markPrice'");
    }

    @Test
    void test_unknownTopLevelField_isRefused_inPortfolioFilesToo() {
        assertThatThrownBy(() -> AccountFile.parse(JsonInput.parse("account", "{\"walletbalance\":1,\"positions\":[]}")))
                .hasMessageContaining("walletbalance").hasMessageContaining("walletBalance");
        assertThatThrownBy(() -> PortfolioFile.parse(JsonInput.parse("account",
                "{\"subAccounts\":[{\"name\":\"a\",\"walletBalance\":1,\"postions\":[]}]}"), s -> Double.NaN))
                .hasMessageContaining("subAccounts[0].postions").hasMessageContaining("did you mean 'positions'");
    }

    @Test
    void test_correctFields_stillParse() {
        String json = "{\"walletBalance\":10000,\"positions\":[" + String.format(POSITION, "\"marginMode\":\"isolated\",\"markPrice\":59000") + "]}";
        assertThat(AccountFile.parse(JsonInput.parse("account", json)).positions()).hasSize(1);
    }
}
