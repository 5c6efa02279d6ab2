package io.perpguard.data.instrument;

import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TierTablesTest {
    static final Path TIERS = Path.of("src/test/resources/tiers");

    @TempDir
    Path dir;

    @Test
    void test_bundled_holdsBinanceBracketsOf20241024() {
        Instruments ins = TierTables.bundled();
        RiskTiers btc = ins.get("BTCUSDT").tiers();
        assertThat(btc.brackets()).hasSize(12);
        // PROVENANCE: 3M–12M 50× 1 % cum 11,450 · 1.2B–1.8B 1× 50 %
        LeverageBracket b4 = btc.brackets().get(3);
        assertThat(b4.notionalFloor()).isEqualTo(3e6);
        assertThat(b4.maxLeverage()).isEqualTo(50);
        assertThat(b4.maintenanceMarginRate()).isEqualTo(0.01);
        assertThat(b4.maintenanceAmount()).isEqualTo(11_450);
        assertThat(btc.maxNotional()).isEqualTo(1.8e9);
        assertThat(ins.get("solusdt").tiers().brackets().get(0).maxLeverage()).isEqualTo(100);
        assertThat(ins.get("ETHUSDT").contract().tickSize()).isEqualTo(0.01);
        assertThatThrownBy(() -> ins.get("NOPEUSDT")).hasMessageStartingWith("symbol: unknown symbol NOPEUSDT; known: BTCUSDT, ETHUSDT, SOLUSDT");
    }

    @Test
    void test_bundled_equalsTheExchangeSnapshot() {
        Path snap = TIERS.resolve("binance-usdm-BTC-ETH-SOL-2024-10-24.json");
        assertThat(snap).as("test resource").exists();
        Map<String, RiskTiers> fromFile = TierTables.readLeverageBrackets(snap);
        for (String s : new String[]{"BTCUSDT", "ETHUSDT", "SOLUSDT"}) {
            assertThat(TierTables.bundled().get(s).tiers()).isEqualTo(fromFile.get(s));
        }
    }

    @Test
    void test_readLeverageBrackets_allBinanceSymbols() {
        Path all = TIERS.resolve("binance-usdm-leverageBracket-2024-10-24.json");
        assertThat(all).as("test resource").exists();
        Map<String, RiskTiers> m = TierTables.readLeverageBrackets(all);
        assertThat(m).hasSize(318).containsKey("DOGEUSDT");
        // every table's given cum equals the cumulative formula of docs/DESIGN.md
        for (RiskTiers t : m.values()) {
            double[] floors = t.brackets().stream().mapToDouble(LeverageBracket::notionalFloor).toArray();
            double[] rates = t.brackets().stream().mapToDouble(LeverageBracket::maintenanceMarginRate).toArray();
            double[] cum = RiskTiers.cumulativeAmounts(floors, rates);
            for (int i = 0; i < cum.length; i++) {
                assertThat(t.brackets().get(i).maintenanceAmount()).as(t.symbol() + " bracket " + (i + 1)).isCloseTo(cum[i],
                        org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, cum[i])));
            }
        }
    }

    @Test
    void test_readLeverageBrackets_refusesGapsMalformedAndMissing() throws IOException {
        Path gap = dir.resolve("gap.json");
        Files.writeString(gap, "[{\"symbol\":\"BTCUSDT\",\"brackets\":[{\"bracket\":1,\"initialLeverage\":125,\"notionalCap\":50000,\"notionalFloor\":0,"
                + "\"maintMarginRatio\":0.004,\"cum\":0},{\"bracket\":2,\"initialLeverage\":100,\"notionalCap\":250000,\"notionalFloor\":60000,"
                + "\"maintMarginRatio\":0.005,\"cum\":50}]}]");
        assertThatThrownBy(() -> TierTables.load(gap)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("brackets 1 and 2 leave a gap");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[{\"symbol\":\"BTCUSDT\",\"brackets\":[{\"bracket\":1,");
        assertThatThrownBy(() -> TierTables.load(bad)).hasMessageContaining("malformed JSON at line 1");
        assertThatThrownBy(() -> TierTables.load(dir.resolve("none.json"))).hasMessageContaining("does not exist");
        Path str = dir.resolve("str.json");
        Files.writeString(str, "[{\"symbol\":\"XUSDT\",\"brackets\":[{\"bracket\":1,\"initialLeverage\":\"lots\",\"notionalCap\":50000,\"notionalFloor\":0,\"maintMarginRatio\":0.01}]}]");
        assertThatThrownBy(() -> TierTables.load(str)).hasMessageContaining("tiers[0].brackets[0].initialLeverage: 'lots' is not a number");
    }

    @Test
    void test_load_newSymbolFromFile_getsDefaultRulesAndComputedCum() throws IOException {
        Path f = dir.resolve("doge.json");
        Files.writeString(f, "{\"symbol\":\"DOGEUSDT\",\"brackets\":[{\"initialLeverage\":75,\"notionalCap\":\"10000\",\"notionalFloor\":\"0\",\"maintMarginRatio\":\"0.005\"},"
                + "{\"initialLeverage\":50,\"notionalCap\":\"50000\",\"notionalFloor\":\"10000\",\"maintMarginRatio\":\"0.01\"}]}");
        Instruments ins = TierTables.load(f);
        assertThat(ins.get("DOGEUSDT").tiers().brackets().get(1).maintenanceAmount()).isEqualTo(50.0);
        assertThat(ins.get("BTCUSDT").tiers().brackets()).hasSize(12);
    }
}
