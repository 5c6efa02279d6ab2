package io.perpguard.live.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.venue.AccountUpdate;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.LivePosition;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.ContractType;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OKX connector reads OKX's documented {@code positions} push (the v5 docs' example, copied unchanged as a test
 * resource): its {@code ETH-USD-SWAP} row — a coin-margined swap, 1 contract of 10 USD, isolated with 0.00038966 ETH —
 * is watched as 10 USD of face with its margin in ETH; its {@code ETH-USD-210430} row (a delivery future) is not.
 */
class OkxInverseParserTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void positionsPushDocsExampleCoinMarginedSwapIsUsdFaceWithItsMarginInTheCoin() throws Exception {
        JsonNode push;
        try (InputStream in = OkxInverseParserTest.class.getResourceAsStream("ws-private-positions-push.docs-example.json")) {
            push = JSON.readTree(in);
        }
        // no instruments read: ETH-USD-SWAP's contract value is the bundled one, 10 USD (OKX's instruments list: ctVal 10, ctValCcy USD)
        try (OkxSwapConnector c = new OkxSwapConnector(new Credentials("k", "s", "p"), ConnectorConfig.defaults())) {
            AccountUpdate u = c.positionsPush(push, 1L);
            assertThat(u.positions()).as("the FUTURES row is not a swap").hasSize(1);
            LivePosition p = u.positions().get(0);
            assertThat(p).as("its creation time, cTime, the holding's opening mark").isEqualTo(new LivePosition("ETH-USD-SWAP", Side.LONG, 10,
                    2566.31, 10, MarginMode.ISOLATED, PositionSide.LONG, 0.0003896645377994, "1619507758793"));
            assertThat(u.eventTimeMs()).isEqualTo(1619507761462L);
            // isolated in ETH: the margin beyond face / entry / leverage, as the engine prices an inverse position
            assertThat(p.marginAdded(ContractType.INVERSE)).isEqualTo(0.0003896645377994 - 10 / 2566.31 / 10);
        }
        assertThat(OkxSwapConnector.settleCoin("ETH-USD-SWAP")).isEqualTo("ETH");
        assertThat(OkxSwapConnector.settleCoin("ETH-USDT-SWAP")).isEqualTo("USDT");
    }
}
