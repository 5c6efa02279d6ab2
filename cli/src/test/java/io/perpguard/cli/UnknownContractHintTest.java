package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A symbol whose contract perpguard does not know, on a venue that counts in contracts (OKX, XT, Binance COIN-M): neither a
 * tier table nor --mmr gives its contract size, tick and step, yet {@code calc --exchange okx --symbol SOL-USDT-SWAP --mmr 0.01}
 * answered "get OKX tables with `perpguard tiers download`, ..., or price with one tier: --mmr RATE" — the option given, and
 * a download that leaves the symbol unknown.
 */
class UnknownContractHintTest {
    static final String[] SOL = {"calc", "--exchange", "okx", "--symbol", "SOL-USDT-SWAP", "--side", "long", "--entry", "150", "--contracts", "10",
            "--leverage", "10"};

    static CliRun calc(String... more) {
        String[] args = java.util.Arrays.copyOf(SOL, SOL.length + more.length);
        System.arraycopy(more, 0, args, SOL.length, more.length);
        return CliRun.of(args);
    }

    @Test
    void test_anUnknownOkxContract_withMmr_isNotSentBackToMmrOrADownload() {
        CliRun r = calc("--mmr", "0.01");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).hasLineCount(1).startsWith("error: symbol: unknown symbol SOL-USDT-SWAP; known: BTC-USD-SWAP, BTC-USDT-SWAP, ")
                .contains("perpguard knows the size, tick and order step of the OKX contracts BTC-USD-SWAP, BTC-USDT-SWAP, ETH-USD-SWAP, ETH-USDT-SWAP only")
                .doesNotContain("or price with one tier: --mmr RATE");
    }

    @Test
    void test_anUnknownOkxContract_inATierFile_isStillUnknown_andSaysWhy(@TempDir Path dir) throws Exception {
        // OKX's position-tiers shape (GET /api/v5/public/position-tiers), one SOL-USDT tier: a table, but no contract size
        Path f = Files.writeString(dir.resolve("okx-sol.json"), """
                {"code": "0", "msg": "", "data": [
                 {"uly": "SOL-USDT", "instId": "", "tier": "1", "minSz": "0", "maxSz": "5000", "mmr": "0.01", "imr": "0.02", "maxLever": "50"}]}
                """);
        CliRun r = calc("--tiers", f.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).startsWith("error: symbol: unknown symbol SOL-USDT-SWAP")
                .contains("no tier table or --mmr gives another's");
    }

    @Test
    void test_aBybitLinearSymbol_isPricedWithMmr_anUnknownInverseOneIsTold() {
        assertThat(CliRun.of("calc", "--exchange", "bybit", "--symbol", "SOLUSDT", "--side", "long", "--entry", "150", "--qty", "10",
                "--leverage", "10", "--mmr", "0.01").exit()).isZero();
        CliRun inverse = CliRun.of("calc", "--exchange", "bybit", "--symbol", "SOLUSD", "--side", "long", "--entry", "150", "--contracts", "10",
                "--leverage", "10", "--mmr", "0.01");
        assertThat(inverse.exit()).isEqualTo(2);
        assertThat(inverse.err()).hasLineCount(1).contains("a linear symbol only: of the inverse contracts, whose size no tier table gives, perpguard knows BTCUSD, ETHUSD");
    }

    @Test
    void test_withNoTableAndNoMmr_thereIsNoEmptyKnownList() {
        CliRun r = calc();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).startsWith("error: symbol: unknown symbol SOL-USDT-SWAP; perpguard knows the size")
                .doesNotContain("known: ;").doesNotContain("known:  ");
    }
}
