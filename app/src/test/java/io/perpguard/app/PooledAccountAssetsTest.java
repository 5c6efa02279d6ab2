package io.perpguard.app;

import io.perpguard.InvalidInputException;
import io.perpguard.data.account.AccountFile;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PooledAccount#assets}: the assets it takes beside the known majors and stablecoins are the base assets of the
 * venue's contracts — a set built once per instruments snapshot, not per call (two regular expressions per symbol, every
 * time a stream prices a pooled account's pool).
 */
class PooledAccountAssetsTest {
    static final Instruments BUNDLED = TierTables.bundled();
    static final List<AccountFile.Collateral> STATED = List.of(new AccountFile.Collateral("BTC", 0.05, 0.95, 60_000),
            new AccountFile.Collateral("SOL", 10, 0.9, 150));

    @Test
    void knownAssets_areBuiltOncePerInstrumentsSnapshot() {
        assertThat(PooledAccount.knownAssets(BUNDLED)).isSameAs(PooledAccount.knownAssets(BUNDLED))
                .contains("BTC", "ETH", "USDC", "SOL").doesNotContain("USDT");
        // another snapshot (another venue's instruments, or new tiers) has its own, and the first is still there
        Instruments one = Instruments.of(BUNDLED.get("BTCUSDT"));
        assertThat(PooledAccount.knownAssets(one)).isSameAs(PooledAccount.knownAssets(one)).isNotSameAs(PooledAccount.knownAssets(BUNDLED));
        assertThat(PooledAccount.knownAssets(BUNDLED)).isSameAs(PooledAccount.knownAssets(BUNDLED));
    }

    /**
     * What a call costs no longer grows with the instruments' symbols: the pool of two stated assets, priced with the
     * bundled instruments, allocates its few objects only — it allocated the known set's every
     * symbol's regex work before. Counted with the thread's allocated bytes (the fewest of five rounds; not a time).
     */
    @Test
    void assets_allocateOnlyThePool_notTheKnownSet() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int n = 0;
        for (int i = 0; i < 200; i++) {
            n += PooledAccount.assets(Exchange.BINANCE, 1_000, STATED, BUNDLED).size();
        }
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) {
                n += PooledAccount.assets(Exchange.BINANCE, 1_000, STATED, BUNDLED).size();
            }
            fewest = Math.min(fewest, (mx.getCurrentThreadAllocatedBytes() - before) / 100);
        }
        assertThat(n).isEqualTo(3 * 700);
        assertThat(fewest).as("bytes allocated per call").isLessThan(2_000);
    }

    @Test
    void anUnknownAsset_isStillRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> PooledAccount.assets(Exchange.BINANCE, 1_000, List.of(new AccountFile.Collateral("BTCC", 1, 0.9, 1)), BUNDLED))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("collateral[0].asset")
                .hasMessageContaining("'BTCC' is not a collateral asset perpguard knows on Binance")
                .hasMessageContaining("known: ")
                .hasMessageContaining("BTC, ");
        List<CollateralAsset> pool = PooledAccount.assets(Exchange.BINANCE, 1_000, STATED, BUNDLED);
        assertThat(pool).extracting(CollateralAsset::asset).containsExactly("USDT", "BTC", "SOL");
    }
}
