package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check --account} of an account stated already past its liquidation (a wallet of 0.001 beside a 300,000 USDT cross
 * long, an isolated long marked below its liquidation price) judged the trade's exposure on a book the venue would have
 * closed; it is refused in one line as {@code portfolio --account} refuses it (the same check, PortfolioUseCase).
 */
class CheckPastLiquidationTest {
    private static final String BTC_LONG = "{\"symbol\": \"BTCUSDT\", \"side\": \"long\", \"qty\": 5, \"entryPrice\": 60000, \"leverage\": 20,"
            + " \"marginMode\": \"cross\", \"markPrice\": 60000}";

    @TempDir
    Path dir;

    private CliRun check(String account) throws Exception {
        Path f = dir.resolve("a.json");
        Files.writeString(f, account);
        return CliRun.of("check", "--plan", Repo.path("docs/examples/trader-b.json"), "--account", f.toString());
    }

    @Test
    void aCrossAccountPastItsLiquidation_isRefused_namingItsWallet() throws Exception {
        CliRun r = check("{\"walletBalance\": 0.001, \"positions\": [" + BTC_LONG + "]}");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: walletBalance: 0.001 leaves the cross positions past their liquidation at their marks "
                + "(cross margin ratio 145,000,000 %, liquidation at 100 %): the venue would have closed them; the wallet must be over 1,450 USDT")
                .doesNotContain("\tat ");
        assertThat(r.err().lines()).hasSize(1);
        // just over the least is a live account: checked
        CliRun ok = check("{\"walletBalance\": 1451, \"positions\": [" + BTC_LONG + "]}");
        assertThat(ok.exit()).as(ok.err()).isEqualTo(1);   // the exposure rule fails 300,000 on 1,451 equity
        assertThat(ok.out()).contains("FAIL  exposure");
    }

    @Test
    void anIsolatedPositionPastItsLiquidation_isRefused_namingItsMark() throws Exception {
        CliRun r = check("{\"walletBalance\": 10000, \"positions\": [{\"symbol\": \"BTCUSDT\", \"side\": \"long\", \"qty\": 1, \"entryPrice\": 60000,"
                + " \"leverage\": 50, \"marginMode\": \"isolated\", \"markPrice\": 55000}]}");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: positions[0].markPrice: 55,000 is past this isolated long's liquidation price 59,045.3");
        assertThat(r.err().lines()).hasSize(1);
    }
}
