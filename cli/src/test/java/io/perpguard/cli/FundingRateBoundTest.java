package io.perpguard.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One funding-rate range for every command: {@code check} took a plan's {@code fundingRate} of -0.5 (−50 % per interval)
 * and reported "receives 10,440 USDT a day" where {@code funding --rate}, {@code simulate} and the desk refuse anything
 * outside ±0.05.
 */
class FundingRateBoundTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(doubles = {-0.5, 0.06, 1, -1})
    void test_checkRefusesTheRateFundingRefuses(double rate) throws Exception {
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"reclaim of the range low\",\"entryPrice\":60000,"
                + "\"stop\":58400,\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":10,\"equity\":10000,\"riskPct\":2,"
                + "\"fundingRate\":" + rate + "}");
        CliRun check = CliRun.of("check", "--plan", plan.toString());
        CliRun funding = CliRun.of("funding", "--notional", "6960", "--leverage", "10", "--rate", String.valueOf(rate));
        assertThat(funding.exit()).isEqualTo(2);
        assertThat(check.exit()).as(check.out()).isEqualTo(2);
        assertThat(check.err()).startsWith("error: fundingRate: ").contains("allowed range -0.05 to 0.05").hasLineCount(1);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.05, 0.0001, 0.05})
    void test_aRateInsideTheRange_isChecked(double rate) throws Exception {
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"thesis\":\"reclaim of the range low\",\"entryPrice\":60000,"
                + "\"stop\":58400,\"stopMethod\":\"structure\",\"targets\":[64000],\"leverage\":10,\"equity\":10000,\"riskPct\":2,"
                + "\"fundingRate\":" + rate + "}");
        CliRun check = CliRun.of("check", "--plan", plan.toString());
        assertThat(check.exit()).as(check.err()).isIn(0, 1);
        assertThat(check.out()).contains("funding");
    }
}
