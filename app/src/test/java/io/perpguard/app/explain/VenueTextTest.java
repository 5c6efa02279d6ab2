package io.perpguard.app.explain;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.app.json.Json;
import io.perpguard.venue.ContractType;
import io.perpguard.venue.ConventionId;
import io.perpguard.venue.Conventions;
import io.perpguard.venue.Estimate;
import io.perpguard.venue.Exchange;
import io.perpguard.venue.MarginConvention;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Side;
import io.perpguard.app.CalcUseCase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every convention core knows, and every estimate code, has its words; the JSON writes them where the codes are. */
class VenueTextTest {

    @Test
    void everyConvention_hasItsWords_inBothModes() {
        Set<ConventionId> seen = EnumSet.noneOf(ConventionId.class);
        List<String> missing = new ArrayList<>();
        for (MarginConvention c : Conventions.all()) {
            assertThat(seen.add(c.id())).as("one convention per id: " + c.id()).isTrue();
            assertThat(c.id().exchange()).isEqualTo(c.exchange());
            assertThat(c.id().contractType()).isEqualTo(c.contractType());
            try {
                for (String s : new String[]{VenueText.name(c), VenueText.feeConvention(c.id()), VenueText.marginRatioDefinition(c.id()),
                        VenueText.formulaSource(c.id(), false), VenueText.formulaSource(c.id(), true)}) {
                    assertThat(s).as(c.id().name()).isNotBlank();
                }
            } catch (IllegalStateException e) {
                missing.add(c.id().name());
            }
        }
        assertThat(missing).as("conventions without words in VenueText").isEmpty();
        assertThat(seen).as("every id names a convention of Conventions.all()").containsExactlyInAnyOrder(ConventionId.values());
    }

    @Test
    void everyEstimateCode_hasItsSentence_andEveryCodeIsUsed() {
        List<String> missing = new ArrayList<>();
        for (Estimate e : Estimate.values()) {
            try {
                assertThat(VenueText.estimate(e)).as(e.name()).isNotBlank();
            } catch (IllegalStateException x) {
                missing.add(e.name());
            }
        }
        assertThat(missing).as("estimate codes without a sentence in VenueText").isEmpty();
        Set<Estimate> used = EnumSet.noneOf(Estimate.class);
        Conventions.all().forEach(c -> {
            used.addAll(c.estimates(false));
            used.addAll(c.estimates(true));
        });
        assertThat(used).as("a code no convention uses is dead").containsExactlyInAnyOrder(Estimate.values());
    }

    @Test
    void names_distinguishEveryConvention() {
        Set<String> names = new java.util.HashSet<>();
        for (MarginConvention c : Conventions.all()) {
            assertThat(names.add(VenueText.name(c))).as(VenueText.name(c)).isTrue();
        }
    }

    @Test
    void json_writesTheWordsOfTheReportsConvention_byMarginMode() {
        MarginConvention okx = MarginConvention.of(Exchange.OKX, ContractType.LINEAR);
        Instruments ins = VenueInstruments.load(new VenueInstruments.Source(Exchange.OKX, null, null, 0.005, 0.0));
        for (MarginMode mode : MarginMode.values()) {
            boolean cross = mode == MarginMode.CROSS;
            CalcUseCase.Result r = CalcUseCase.run(new CalcUseCase.Request("BTC-USDT-SWAP", Side.LONG, 60_000, null, null, 10, mode,
                    cross ? 10_000.0 : null, null, 0, 100.0), ins);
            assertThat(r.report().convention()).isEqualTo(ConventionId.OKX_LINEAR);
            JsonNode j = Json.MAPPER.valueToTree(r);
            assertThat(j.get("feeConvention").asText()).isEqualTo(VenueText.feeConvention(ConventionId.OKX_LINEAR));
            assertThat(j.get("marginRatioDefinition").asText()).endsWith("liquidation at 100 % or less");
            assertThat(j.get("formulaSource").asText()).isEqualTo(VenueText.formulaSource(ConventionId.OKX_LINEAR, cross));
            assertThat(j.has("convention")).as("the id is not a field of the JSON contract").isFalse();
            List<String> estimates = new ArrayList<>();
            j.get("estimates").forEach(e -> estimates.add(e.asText()));
            assertThat(estimates).isEqualTo(VenueText.estimates(okx.estimates(cross)));
        }
        assertThat(VenueText.formulaSource(ConventionId.OKX_LINEAR, true)).isNotEqualTo(VenueText.formulaSource(ConventionId.OKX_LINEAR, false));
        assertThat(okx.estimates(true)).containsExactly(Estimate.OKX_CROSS_UNVERIFIED);
    }
}
