package io.perpguard.data.account;

import io.perpguard.InvalidInputException;
import io.perpguard.data.json.JsonInput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A spot holding's asset is an asset code, as a pool's collateral asset is: "BTC USDT" was priced as the symbol
 * "BTC USDTUSDT" and counted as 5 units of market exposure; "" asked for "a USDT position".
 */
class PortfolioSpotAssetTest {
    static io.perpguard.portfolio.Portfolio read(String spot) {
        return PortfolioFile.parse(JsonInput.parse("account", "{\"walletBalance\": 1000, \"spot\": [" + spot + "]}"), s -> Double.NaN);
    }

    @Test
    void aSpotAssetThatIsNoAssetCode_isRefusedNamingIt() {
        for (String[] c : new String[][]{{"BTC USDT", "'BTC USDT' is not an asset code"}, {"", "'' is not an asset code"},
                {"BTC/USDT", "'BTC/USDT' is not an asset code"}}) {
            assertThatThrownBy(() -> read("{\"asset\": \"" + c[0] + "\", \"qty\": 5, \"price\": 1}")).as(c[0])
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("spot[0].asset: " + c[1] + " (2 to 12 letters or digits, e.g. BTC)");
        }
        assertThat(read("{\"asset\": \" 1000pepe \", \"qty\": 5, \"price\": 0.01}").spot().get(0).asset()).isEqualTo("1000PEPE");
        assertThat(read("{\"asset\": \"usde\", \"qty\": 5}").cashUsd()).isEqualTo(5);
    }
}
