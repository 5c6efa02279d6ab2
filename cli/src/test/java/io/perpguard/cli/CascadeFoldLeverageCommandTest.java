package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perpguard.cascade.BehaviourFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cascade --fit --fold-leverage}: the leverage scales set from the training events, recorded in the fit file. */
class CascadeFoldLeverageCommandTest {
    private static final ObjectMapper M = new ObjectMapper();

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = PerpguardCommand.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void fit_recordsTheLeverageSetFromTheTrainingEvents(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("fit.json");
        Run fit = run("cascade", "--fit", "--leave-out", "oct-2025", "--budget", "0", "--fold-leverage", "--out", f.toString());
        assertThat(fit.code()).as(fit.err()).isZero();
        JsonNode j = M.readTree(Files.readString(f));
        JsonNode p = j.get("procedure");
        assertThat(p.get("foldLeverage").asBoolean()).isTrue();
        assertThat(p.get("command").asText()).endsWith(" --fold-leverage");
        assertThat(p.get("foldLeverageAt").asText()).isEqualTo("1/3");
        double lev = p.get("foldLeverageScale").asDouble();
        assertThat(Arrays.stream(BehaviourFit.LEVERAGE_GRID).boxed().toList()).contains(lev);
        assertThat(j.get("behaviour").get("freshLeverageScale").asDouble()).isEqualTo(lev);
        assertThat(j.get("behaviour").get("seasonedLeverageScale").asDouble()).isEqualTo(lev);
        // without the option the file says nothing of it and both scales sit at the centre of their range
        JsonNode plain = M.readTree(run("cascade", "--fit", "--leave-out", "oct-2025", "--budget", "0").out());
        assertThat(plain.get("procedure").has("foldLeverage")).isFalse();
        assertThat(plain.get("behaviour").get("freshLeverageScale").asDouble()).isCloseTo(Math.sqrt(0.9), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void foldLeverageAt_isRecordedInTheFitFile_andNeedsTheVariant(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("fit.json");
        Run fit = run("cascade", "--fit", "--leave-out", "oct-2025", "--budget", "0", "--fold-leverage", "--fold-leverage-at", "2/3",
                "--out", f.toString());
        assertThat(fit.code()).as(fit.err()).isZero();
        JsonNode p = M.readTree(Files.readString(f)).get("procedure");
        assertThat(p.get("foldLeverageAt").asText()).isEqualTo("2/3");
        assertThat(p.get("command").asText()).endsWith(" --fold-leverage --fold-leverage-at 2/3");
        assertThat(p.get("foldLeverageForm").asText()).contains("floor(budget * 2/3)");
        for (String[] args : new String[][]{{"cascade", "--fit", "--leave-out", "oct-2025", "--budget", "0", "--fold-leverage-at", "2/3"},
                {"cascade", "--fit", "--leave-out", "oct-2025", "--budget", "0", "--fold-leverage", "--fold-leverage-at", "3/2"},
                {"cascade", "--event", "aug-2023", "--fold-leverage-at", "2/3"}}) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("error: fold-leverage-at:").doesNotContain("\n");
        }
    }

    @Test
    void fixedPanicThreshold_isRecordedInTheFitFile_theThresholdAtItsStart_andNeedsFit(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("fit.json");
        Run fit = run("cascade", "--fit", "--leave-out", "oct-2025", "--budget", "0", "--latent-liquidity", "--fold-leverage",
                "--fold-leverage-at", "2/3", "--carry-panic", "--fixed-panic-threshold", "--out", f.toString());
        assertThat(fit.code()).as(fit.err()).isZero();
        JsonNode j = M.readTree(Files.readString(f));
        JsonNode p = j.get("procedure");
        assertThat(p.get("fixedPanicThreshold").asBoolean()).isTrue();
        assertThat(p.get("command").asText()).endsWith(" --carry-panic --fixed-panic-threshold");
        assertThat(p.get("fixedPanicThresholdForm").asText()).contains("panicSpeedRefPct");
        assertThat(j.get("behaviour").get("panicSpeedRefPct").asDouble()).isCloseTo(Math.sqrt(0.05 * 2), org.assertj.core.data.Offset.offset(1e-12));
        // without the option the file says nothing of it
        JsonNode plain = M.readTree(run("cascade", "--fit", "--leave-out", "oct-2025", "--budget", "0", "--carry-panic").out());
        assertThat(plain.get("procedure").has("fixedPanicThreshold")).isFalse();
        for (String[] args : new String[][]{{"cascade", "--event", "aug-2023", "--fixed-panic-threshold"},
                {"cascade", "--validate", "--fixed-panic-threshold"}}) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("error: fixed-panic-threshold:").doesNotContain("\n");
        }
    }

    @Test
    void withoutFit_isOneLineExitTwo() {
        for (String[] args : new String[][]{{"cascade", "--event", "aug-2023", "--fold-leverage"}, {"cascade", "--validate", "--fold-leverage"}}) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("error: fold-leverage:").doesNotContain("\n");
        }
    }
}
