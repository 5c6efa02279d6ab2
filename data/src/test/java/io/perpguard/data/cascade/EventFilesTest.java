package io.perpguard.data.cascade;

import io.perpguard.InvalidInputException;
import io.perpguard.cascade.CascadeEvent;
import io.perpguard.cascade.DepthEstimate;
import io.perpguard.data.json.JsonInput;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

/** The bundled events of the shared-parameter model: complete, sourced, and none of the two held-out dates. */
class EventFilesTest {
    @Test
    void everyEvent_hasStateDriverBandsSourcesAndProvenance() {
        List<CascadeEvent> events = EventFile.builtIn();
        assertThat(events).hasSizeGreaterThanOrEqualTo(7);
        for (CascadeEvent e : events) {
            assertThat(e.bands()).as(e.name()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(e.sources()).as(e.name()).isNotEmpty();
            assertThat(e.inputs()).as(e.name()).containsKeys("observed", "assumed", "fitted");
            assertThat(e.driver()).as(e.name()).isNotEmpty();
            assertThat(e.markets().get(0).state().barTimeMs()).as(e.name()).isNotEmpty();
            // the state is pre-event: no bar opens at or after the event start
            long[] t = e.markets().get(0).state().barTimeMs();
            assertThat(t[t.length - 1]).as(e.name()).isLessThan(e.startTimeMs());
        }
        assertThat(events).extracting(CascadeEvent::kind).contains("crash", "control", "de-levered");
    }

    /**
     * Every market priced on Binance's book sends its liquidations as IOC limits at the bankruptcy price, the bankrupt
     * rest to the fund and ADL (docs/cascade-rounds.md, ioc-bankruptcy); BitMEX's (mar-2020) rest as limits on the book.
     */
    @Test
    void binanceBookEvents_liquidateWithIocLimitsAtBankruptcy_bitmexWithRestingLimits() {
        for (CascadeEvent e : EventFile.builtIn()) {
            for (CascadeEvent.Market m : e.markets()) {
                boolean bitmex = e.name().equals("mar-2020");
                assertThat(m.engine().limitAtBankruptcy()).as(e.name() + " " + m.symbol() + " resting limits").isEqualTo(bitmex);
                assertThat(m.engine().iocAtBankruptcy()).as(e.name() + " " + m.symbol() + " IOC limits").isEqualTo(!bitmex);
            }
        }
    }

    /**
     * Every bundled market's bars carry their quote volume, so no event falls back to the default depth; the estimate's
     * constant is calibrated so that oct-2025's BTC bars give that event's observed $244M.
     */
    @Test
    void depth_isEstimatedFromTheBars_andTheCalibrationEventGivesItsObservedDepth() {
        for (CascadeEvent e : EventFile.builtIn()) {
            for (CascadeEvent.Market m : e.markets()) {
                assertThat(m.state().barQuoteUsd()).as(e.name() + " " + m.symbol()).hasSameSizeAs(m.state().barTimeMs());
                assertThat(DepthEstimate.of(m.state(), 0)).as(e.name() + " " + m.symbol()).isNotNull();
            }
        }
        CascadeEvent.Market btc = EventFile.load("oct-2025").event().markets().get(0);
        assertThat(btc.state().depth1PctUsd()).isEqualTo(244e6);
        assertThat(DepthEstimate.of(btc.state(), 0).depth1PctUsd()).isCloseTo(244e6, withPercentage(0.01));
    }

    @Test
    void heldOutDates_areNotAmongTheEvents() {
        // 19 May 2021 and 5 Aug 2024 are kept for independent validation: never researched, added or fitted
        List<LocalDate> heldOut = List.of(LocalDate.of(2021, 5, 19), LocalDate.of(2024, 8, 5));
        for (CascadeEvent e : EventFile.builtIn()) {
            LocalDate start = Instant.ofEpochMilli(e.startTimeMs()).atZone(ZoneOffset.UTC).toLocalDate();
            LocalDate end = Instant.ofEpochMilli(e.startTimeMs() + (long) (e.horizonMinutes() * 60_000)).atZone(ZoneOffset.UTC).toLocalDate();
            for (LocalDate h : heldOut) {
                assertThat(h.isBefore(start) || h.isAfter(end)).as(e.name() + " covers " + h).isTrue();
            }
        }
    }

    @Test
    void triggerOnly_keepsOnlyTheTriggerLegs() {
        EventFile.Loaded l = EventFile.load("oct-2025");
        assertThat(l.trigger()).hasSize(1);
        assertThat(l.triggerOnly().driver()).containsExactlyElementsOf(l.trigger());
        assertThatThrownBy(() -> EventFile.load("jul-2023").triggerOnly()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no trigger leg");
    }

    @Test
    void badEvent_namesTheField() {
        String text = EventFile.resource("sep-2021.json").replace("\"lookbackHours\": 720", "\"lookbackHours\": -1");
        assertThatThrownBy(() -> EventFile.parse(JsonInput.parse("event", text))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("lookbackHours");
        // a bar without its quote volume among bars with one
        com.fasterxml.jackson.databind.JsonNode mixed = JsonInput.parse("event", EventFile.resource("sep-2021.json"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) mixed.get("markets").get(0).get("state").get("bars").get(3)).remove(4);
        assertThatThrownBy(() -> EventFile.parse(mixed)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bars").hasMessageContaining("quote volume");
        assertThatThrownBy(() -> EventFile.load("no-such-event")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("neither a built-in event");
    }
    /**
     * Event and fit files take numbers as JSON numbers, as scenario files do (JsonInput.literalNumber): a quoted price, bar,
     * funding rate, behaviour figure, budget or seed was read as the number, and a fractional bar time cut to whole ms.
     */
    @Test
    void quotedNumbers_inEventAndFitFiles_areRefusedNamingTheField() {
        String event = EventFile.resource("sep-2021.json");
        assertThatThrownBy(() -> EventFile.parse(JsonInput.parse("event", event.replace("\"price\": 51034", "\"price\": \"51034\""))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("markets[0].price: \"51034\" is a string; write the number without quotes");
        com.fasterxml.jackson.databind.JsonNode quotedBar = JsonInput.parse("event", event);
        var bar = (com.fasterxml.jackson.databind.node.ArrayNode) quotedBar.get("markets").get(0).get("state").get("bars").get(3);
        bar.set(1, bar.get(1).asText());
        assertThatThrownBy(() -> EventFile.parse(quotedBar)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("markets[0].state.bars[3][1]: \"").hasMessageEndingWith("is a string; write the number without quotes");
        com.fasterxml.jackson.databind.JsonNode halfMs = JsonInput.parse("event", event);
        var first = (com.fasterxml.jackson.databind.node.ArrayNode) halfMs.get("markets").get(0).get("state").get("bars").get(0);
        first.set(0, first.get(0).asLong() + 0.5);
        assertThatThrownBy(() -> EventFile.parse(halfMs)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("markets[0].state.bars[0][0]").hasMessageContaining("not a whole number");

        String fit = EventFile.resource("fits/all.json");
        assertThatThrownBy(() -> EventFile.storedFit(JsonInput.parse("fit", fit.replace("\"budget\" : 150", "\"budget\" : \"150\"")), "fit"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("fit.procedure.budget: \"150\" is a string; write the number without quotes");
        com.fasterxml.jackson.databind.JsonNode quotedBehaviour = JsonInput.parse("fit", fit);
        var behaviour = (com.fasterxml.jackson.databind.node.ObjectNode) quotedBehaviour.get("behaviour");
        String name = behaviour.fieldNames().next();
        behaviour.put(name, behaviour.get(name).asText());
        assertThatThrownBy(() -> EventFile.storedFit(quotedBehaviour, "fit")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("fit.behaviour." + name + ": \"").hasMessageEndingWith("is a string; write the number without quotes");
        // the bundled files still load
        assertThat(EventFile.bundledFits().folds()).hasSize(EventFile.builtInNames().size());
        for (String n : EventFile.builtInNames()) {
            assertThat(EventFile.load(n).event().name()).isEqualTo(n);
        }
    }
}
