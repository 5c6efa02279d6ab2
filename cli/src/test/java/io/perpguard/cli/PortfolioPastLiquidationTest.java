package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A portfolio stated already past its liquidation — a sub-account wallet of 0.001 beside a 300,000 USDT cross long, a
 * cross margin ratio of 145,000,000 % — was analysed as a live account: "liquidating market move +0.00 %" and a hedge
 * placed in a book the venue would have closed. It is refused in one line naming the wallet and the least that keeps the
 * positions open, as the desk refuses such a wallet for its own sub-accounts.
 */
class PortfolioPastLiquidationTest {
    private static final String BTC_LONG = "{\"symbol\": \"BTCUSDT\", \"side\": \"long\", \"qty\": 5, \"entryPrice\": 60000, \"leverage\": 20,"
            + " \"marginMode\": \"cross\", \"markPrice\": 60000}";

    @TempDir
    Path dir;

    private CliRun portfolio(String json) throws Exception {
        Path f = dir.resolve("a.json");
        Files.writeString(f, json);
        return CliRun.of("portfolio", "--account", f.toString());
    }

    @Test
    void aSubAccountPastItsLiquidation_isRefused_namingItsWalletAndTheLeastThatKeepsItOpen() throws Exception {
        CliRun r = portfolio("{\"walletBalance\": 10000, \"subAccounts\": [{\"name\": \"core\", \"walletBalance\": 20000, \"positions\": []},"
                + " {\"name\": \"tiny\", \"walletBalance\": 0.001, \"positions\": [" + BTC_LONG + "]}]}");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: subAccounts[1].walletBalance: 0.001 leaves the cross positions past their liquidation at their marks "
                + "(cross margin ratio 145,000,000 %, liquidation at 100 %): the venue would have closed them; the wallet must be over 1,450 USDT")
                .doesNotContain("\tat ");
        assertThat(r.err().lines()).hasSize(1);
        // just over the least is a live account
        CliRun ok = portfolio("{\"walletBalance\": 1451, \"positions\": [" + BTC_LONG + "]}");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(portfolio("{\"walletBalance\": 1450, \"positions\": [" + BTC_LONG + "]}").err())
                .startsWith("error: walletBalance: 1,450 leaves the cross positions past their liquidation");
    }

    @Test
    void anIsolatedPositionPastItsLiquidation_isRefused_namingItsMark() throws Exception {
        CliRun r = portfolio("{\"walletBalance\": 10000, \"positions\": [{\"symbol\": \"BTCUSDT\", \"side\": \"long\", \"qty\": 1, \"entryPrice\": 60000,"
                + " \"leverage\": 50, \"marginMode\": \"isolated\", \"markPrice\": 55000}]}");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: positions[0].markPrice: 55,000 is past this isolated long's liquidation price 59,045.3");
        assertThat(r.err().lines()).hasSize(1);
    }
}
