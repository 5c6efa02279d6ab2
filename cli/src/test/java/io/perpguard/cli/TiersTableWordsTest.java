package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tiers} with a tier file: without {@code --entry} it said "entryPrice: is missing" (the use case's field, an option
 * the command does not have), and OKX's table, whose bounds are contracts, was headed "notional from".
 */
class TiersTableWordsTest {
    /** Two tiers in OKX's GET /api/v5/public/position-tiers shape (sizes in contracts; the first tiers of freqtrade's mock). */
    static Path okxTiers(Path dir) throws Exception {
        return Files.writeString(dir.resolve("okx-eth.json"), """
                {"code": "0", "msg": "", "data": [
                 {"uly": "ETH-USDT", "instId": "", "tier": "1", "minSz": "0", "maxSz": "2000", "mmr": "0.01", "imr": "0.013", "maxLever": "75"},
                 {"uly": "ETH-USDT", "instId": "", "tier": "2", "minSz": "2001", "maxSz": "4000", "mmr": "0.015", "imr": "0.02", "maxLever": "50"}]}
                """);
    }

    @Test
    void test_aMissingEntry_beside_aTierFile_isNamedByTheOption(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("tiers", "--exchange", "okx", "--symbol", "ETH-USDT-SWAP", "--tiers", okxTiers(dir).toString(), "--sizes", "1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("error: entry: is missing: needed to turn sizes into notional for ETH-USDT-SWAP");
    }

    @Test
    void test_okxTiers_areHeadedByContracts_otherVenuesByNotional(@TempDir Path dir) throws Exception {
        CliRun okx = CliRun.of("tiers", "--exchange", "okx", "--symbol", "ETH-USDT-SWAP", "--tiers", okxTiers(dir).toString(), "--entry", "3000",
                "--sizes", "1");
        assertThat(okx.exit()).as(okx.err()).isZero();
        assertThat(okx.out()).contains("tier  contracts from     to").doesNotContain("notional from");
        CliRun binance = CliRun.of("tiers", "--symbol", "BTCUSDT", "--sizes", "1");
        assertThat(binance.out()).contains("tier  notional from");
    }
}
