package io.perpguard.data.cascade;

import io.perpguard.InvalidInputException;
import io.perpguard.cascade.BandResult;
import io.perpguard.cascade.CascadeResult;
import io.perpguard.cascade.CascadeScenario;
import io.perpguard.cascade.EventCascade;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.data.json.JsonInput;
import io.perpguard.instrument.Instruments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The built-in event fixtures (CASCADE.md §5.3 C) run through the event core and land inside every band. */
class CascadeFixturesTest {
    private static final Instruments INSTRUMENTS = TierTables.bundled();

    @Test
    void builtInScenarios_areListed() {
        assertThat(ScenarioFile.builtInNames()).contains("oct-2025", "mar-2020", "ftx-2022");
    }

    @ParameterizedTest
    @ValueSource(strings = {"oct-2025", "mar-2020", "ftx-2022"})
    void eventFixture_landsInsideEveryBand(String name) {
        CascadeScenario s = ScenarioFile.load(name);
        assertThat(s.bands()).isNotEmpty();
        assertThat(s.sources()).isNotEmpty();
        CascadeResult r = new EventCascade(sym -> INSTRUMENTS.get(sym).tiers()).run(s);
        for (BandResult b : r.bands()) {
            assertThat(b.inside()).as("%s %s: %s = %s, band [%s, %s], distance %s", name, b.id(), b.description(), b.value(),
                    b.low(), b.high(), b.distance()).isTrue();
        }
    }

    @Test
    void eventFixture_isDeterministicForItsSeed() {
        CascadeScenario s = ScenarioFile.load("oct-2025");
        EventCascade sim = new EventCascade(sym -> INSTRUMENTS.get(sym).tiers());
        assertThat(sim.run(s).drawdownPct()).isEqualTo(sim.run(s).drawdownPct());
    }

    @Test
    void badScenario_namesTheField() {
        String bad = "{\"name\":\"x\",\"horizonMinutes\":10,\"markets\":[{\"symbol\":\"BTCUSDT\",\"price\":-5,"
                + "\"ladder\":{\"oiUsd\":1e9,\"longMix\":\"10:1\",\"shortMix\":\"10:1\",\"entrySpreadPct\":2},"
                + "\"depth\":{\"bidDepth1PctUsd\":1e8},\"engine\":{},\"shocks\":[]}]}";
        assertThatThrownBy(() -> ScenarioFile.parse(JsonInput.parse("scenario", bad)))
                .isInstanceOf(InvalidInputException.class).hasMessage("markets[0].price: -5 must be greater than 0");   // it was "market.price", naming no market
    }

    @Test
    void engineKey_iocAtBankruptcy_isRead_andExcludesBitmexLimits() {
        String file = "{\"name\":\"x\",\"horizonMinutes\":10,\"markets\":[{\"symbol\":\"BTCUSDT\",\"price\":100000,"
                + "\"ladder\":{\"oiUsd\":1e9,\"longMix\":\"10:1\",\"shortMix\":\"10:1\",\"entrySpreadPct\":2},"
                + "\"depth\":{\"bidDepth1PctUsd\":1e8},\"engine\":{ENGINE},\"shocks\":[]}]}";
        assertThat(ScenarioFile.parse(JsonInput.parse("scenario", file.replace("ENGINE", "\"iocAtBankruptcy\":true")))
                .markets().get(0).engine().iocAtBankruptcy()).isTrue();
        assertThat(ScenarioFile.parse(JsonInput.parse("scenario", file.replace("ENGINE", "")))
                .markets().get(0).engine().iocAtBankruptcy()).as("absent: the book walk at any price").isFalse();
        String both = file.replace("ENGINE", "\"limitAtBankruptcy\":true,\"iocAtBankruptcy\":true");
        assertThatThrownBy(() -> ScenarioFile.parse(JsonInput.parse("scenario", both)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("markets[0].engine.iocAtBankruptcy: true excludes limitAtBankruptcy true");
    }
}
