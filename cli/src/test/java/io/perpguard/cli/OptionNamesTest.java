package io.perpguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bad option is named as the user typed it, not by the engine's (API's) field: liqmap said
 * {@code leverageMix.leverage: 200 is outside …} for {@code --leverage-mix 200:0.3}, funding {@code fundingRate} for {@code --rate}.
 */
class OptionNamesTest {
    private static Path liqmap(String name) throws Exception {
        return Path.of(OptionNamesTest.class.getResource("/liqmap/" + name).toURI());
    }

    private static void refused(CliRun r, String line) {
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: " + line + "\n");
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "200:0.3|leverage 200 in '200:0.3' is outside the allowed range 1 to 125",
            "10:0.5,0.5:0.5|leverage 0.5 in '0.5:0.5' is outside the allowed range 1 to 125",
            "10:-1|weight -1 in '10:-1' must be a finite number, 0 or more (shares, normalised to sum to 1)",
            "10:NaN|weight NaN in '10:NaN' must be a finite number, 0 or more (shares, normalised to sum to 1)",
            "10:0,25:0|weights sum to 0; they must sum to a finite number above 0"})
    void liqmap_aBadLeverageMix_isNamedAsTheOption_withItsRange(String mix, String problem) throws Exception {
        refused(CliRun.of("liqmap", "--candles", liqmap("TESTUSDT-1h.csv").toString(), "--oi", liqmap("TESTUSDT-oi.csv").toString(),
                "--symbol", "BTCUSDT", "--leverage-mix", mix), "leverage-mix: " + problem);
    }

    @Test
    void anOptionTheEngineSpellsInCamelCase_orOtherwise_isNamedAsTyped() throws Exception {
        refused(CliRun.of("liqmap", "--candles", liqmap("TESTUSDT-1h.csv").toString(), "--oi", liqmap("TESTUSDT-oi.csv").toString(),
                "--symbol", "BTCUSDT", "--long-share", "2"), "long-share: 2 is outside the allowed range 0 to 1");
        refused(CliRun.of("funding", "--notional", "1000", "--leverage", "5", "--rate", "0.0001", "--drift-rows", "-1"),
                "drift-rows: -1 is outside the allowed range 0 to 100,000");
        refused(CliRun.of("funding", "--notional", "1000", "--leverage", "5", "--rate", "0.5"), "rate: 0.5 is outside the allowed range -0.05 to 0.05");
        refused(CliRun.of("funding", "--notional", "1000", "--leverage", "5", "--rate", "0.0001", "--mark", "-5"), "mark: -5 must be greater than 0");
    }

    @Test
    void aFieldOfAFileTheCommandRead_keepsTheFilesName(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // check --plan's fundingRate is the file's field, not --rate (check has no such option; the name stays as written)
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"range low\",\"entryPrice\":60000,\"stop\":58400,"
                + "\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":10,\"equity\":10000,\"riskPct\":2,\"fundingRate\":0.5}");
        CliRun r = CliRun.of("check", "--plan", plan.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: fundingRate: 0.5 is outside the allowed range -0.05 to 0.05");
        // an option typed beside the file is still named as typed
        Files.writeString(plan, Files.readString(plan).replace("0.5}", "0.0001}"));
        CliRun typed = CliRun.of("check", "--plan", plan.toString(), "--max-entry-distance-pct", "-1");
        assertThat(typed.err()).startsWith("error: max-entry-distance-pct: -1 is outside");
    }
}
