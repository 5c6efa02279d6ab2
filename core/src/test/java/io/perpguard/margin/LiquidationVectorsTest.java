package io.perpguard.margin;

import io.perpguard.instrument.LeverageBracket;
import io.perpguard.instrument.RiskTiers;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reproduces every row of the published vectors, test resource {@code vectors/liquidation.csv} (its README.md gives
 * the provenance: Binance's worked cross/isolated example and
 * freqtrade's isolated cases) within the row's tolerance, before tick rounding. The rows give MMR and cum,
 * so each is solved against a one-tier table holding exactly those figures.
 */
class LiquidationVectorsTest {
    static final String VECTORS = "/vectors/liquidation.csv";

    @TestFactory
    Stream<DynamicTest> test_solve_reproducesPublishedCases() throws IOException {
        List<String> lines;
        try (InputStream in = LiquidationVectorsTest.class.getResourceAsStream(VECTORS)) {
            assertThat(in).as("test resource " + VECTORS + " (shipped with the repository)").isNotNull();
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
        List<String> header = List.of(lines.get(0).split(","));
        List<String> rows = lines.subList(1, lines.size());
        assertThat(rows).as("published liquidation vectors").hasSizeGreaterThanOrEqualTo(12);
        // the build output names the count, so a run that checked nothing cannot pass unnoticed
        System.out.println("LiquidationVectorsTest: " + rows.size() + " published liquidation cases from " + VECTORS);
        return rows.stream().map(l -> {
            String[] c = l.split(",");
            return DynamicTest.dynamicTest(c[0], () -> {
                double wallet = num(c, header, "wallet_balance");
                double qty = num(c, header, "qty");
                double entry = num(c, header, "entry_price");
                double mmr = num(c, header, "maint_margin_ratio");
                double cum = num(c, header, "maint_amount");
                double tmm = num(c, header, "other_maint_margin");
                double upnl = num(c, header, "other_unrealized_pnl");
                double expected = num(c, header, "expected_liquidation_price");
                double tol = num(c, header, "tolerance");
                int side = c[header.indexOf("side")].equals("long") ? 1 : -1;
                RiskTiers one = new RiskTiers("X", List.of(new LeverageBracket(1, 0, 1e15, 125, mmr, cum)));
                LiquidationResult r = LiquidationPrice.solve(wallet, tmm, upnl,
                        new io.perpguard.venue.Legs(qty, side, entry, 0, 0, 0, 0),
                        new io.perpguard.instrument.Instrument(new io.perpguard.instrument.Contract("X", 0.1, 0.001, 0, 0, 0.0005, 0.0002, 8, 0.0125), one), entry);
                assertThat(r.price()).as(c[0]).isCloseTo(expected, within(tol));
            });
        });
    }

    private static double num(String[] c, List<String> header, String col) {
        return Double.parseDouble(c[header.indexOf(col)]);
    }
}
