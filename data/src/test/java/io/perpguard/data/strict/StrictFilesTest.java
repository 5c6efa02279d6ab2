package io.perpguard.data.strict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.perpguard.InvalidInputException;
import io.perpguard.data.cascade.EventFile;
import io.perpguard.data.cascade.ScenarioFile;
import io.perpguard.data.instrument.VenueTierFormats;
import io.perpguard.data.json.JsonInput;
import io.perpguard.data.market.CandleCsv;
import io.perpguard.data.market.FundingFile;
import io.perpguard.data.market.OpenInterestFile;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tier tables of every venue, cascade scenarios and events refuse a misspelled field (named, with the nearest known
 * one); candle, funding and open-interest files refuse a time outside EpochTime's window, naming file, line and field.
 */
class StrictFilesTest {
    @TempDir
    Path dir;

    static JsonNode resource(String path) throws IOException {
        try (InputStream in = StrictFilesTest.class.getResourceAsStream(path)) {
            return JsonInput.parse(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The venue's documented response with one field renamed: refused naming the path; as a live response, read. */
    @ParameterizedTest
    @CsvSource({
            "/tiers/binance-usdm-BTC-ETH-SOL-2024-10-24.json, BINANCE, /0/brackets/1, notionalCap, notionalCapp, tiers[0].brackets[1].notionalCapp",
            "/tiers/binance-usdm-BTC-ETH-SOL-2024-10-24.json, BINANCE, /1, brackets, bracket, tiers[1].bracket",
            "/venues/binance-coinm-leverage-bracket.json, BINANCE_COINM, /0/brackets/0, maintMarginRatio, maintMarginRate, tiers[0].brackets[0].maintMarginRate",
            "/venues/bybit-risk-limit-inverse-btcusd.json, BYBIT, /result/list/0, mmDeduction, mmdeduction, result.list[0].mmdeduction",
            "/venues/okx-position-tiers-eth-usdt-swap.json, OKX, /data/1, maxLever, maxLeverage, data[1].maxLeverage",
            "/venues/xt-leverage-bracket-btc-usdt.json, XT, /result/leverageBrackets/0, maintMarginRate, maintMarginRatio, leverageBrackets[0].maintMarginRatio",
    })
    void test_tierFile_misspelledField_isRefusedNamingIt_butALiveResponseMayCarryNewFields(String resource, Exchange ex, String at,
                                                                                          String field, String typo, String path) throws IOException {
        JsonNode good = resource(resource);
        assertThat(VenueTierFormats.read(good, ex, "f")).isNotEmpty();
        JsonNode bad = good.deepCopy();
        ObjectNode o = (ObjectNode) bad.at(at);
        o.set(typo, o.remove(field));
        assertThatThrownBy(() -> VenueTierFormats.read(bad, ex, "x.json")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(path + ": unknown field (did you mean '" + field + "'?)").hasMessageContaining("x.json");
        JsonNode extra = good.deepCopy();
        ((ObjectNode) extra.at(at)).put("someFieldTheVenueAddedLater", 1);
        assertThatThrownBy(() -> VenueTierFormats.read(extra, ex, "f")).hasMessageContaining("someFieldTheVenueAddedLater: unknown field");
        assertThat(VenueTierFormats.readResponse(extra, ex, "f")).isEqualTo(VenueTierFormats.read(good, ex, "f"));
    }

    @Test
    void test_perpguardFormatAndEnvelope_misspelledField_isRefused() throws IOException {
        ObjectNode pg = JsonInput.MAPPER.createObjectNode();
        ArrayNode contracts = pg.putArray("contracts");
        contracts.addObject().put("symbol", "BTCUSDT").put("tickSize", 0.1).put("stepSize", 0.001).put("minQty", 0.001).put("minNotional", 100)
                .put("takerFee", 0.0005).put("makerFee", 0.0002).put("fundingIntervalHours", 8).put("liquidationFee", 0.0125);
        pg.set("leverageBrackets", resource("/tiers/binance-usdm-BTC-ETH-SOL-2024-10-24.json"));
        Path f = dir.resolve("pg.json");
        Files.writeString(f, pg.toString());
        assertThatThrownBy(() -> io.perpguard.data.instrument.VenueInstruments.load(
                new io.perpguard.data.instrument.VenueInstruments.Source(Exchange.BINANCE, f, null, null, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("contracts[0].liquidationFee: unknown field (did you mean 'liquidationFeeRate'?)");

        ObjectNode env = JsonInput.MAPPER.createObjectNode().put("perpguardTiers", 1).put("exchange", "binance").put("fetchedAt", "2026-01-01T00:00:00Z");
        env.putArray("respones");
        assertThatThrownBy(() -> VenueTierFormats.read(env, Exchange.BINANCE, "f"))
                .hasMessageContaining("tiers.respones: unknown field (did you mean 'responses'?)");
    }

    @Test
    void test_scenarioAndEvent_misspelledField_isRefusedAtEveryLevel() throws IOException {
        JsonNode good = resource("/io/perpguard/data/cascade/oct-2025.json");
        assertThat(ScenarioFile.parse(good).name()).isNotBlank();
        assertRenamed(good, "", "horizonMinutes", "horizonMinute", "horizonMinute: unknown field (did you mean 'horizonMinutes'?)", ScenarioFile::parse);
        assertRenamed(good, "/markets/0/ladder", "oiUsd", "oiUSD", "markets[0].ladder.oiUSD: unknown field (did you mean 'oiUsd'?)", ScenarioFile::parse);
        assertRenamed(good, "/markets/0/depth", "beta", "betta", "markets[0].depth.betta: unknown field (did you mean 'beta'?)", ScenarioFile::parse);
        assertRenamed(good, "/markets/0/engine", "adl", "ADL", "markets[0].engine.ADL: unknown field (did you mean 'adl'?)", ScenarioFile::parse);
        assertRenamed(good, "/markets/0/shocks/0", "sellUsd", "sell_usd", "markets[0].shocks[0].sell_usd: unknown field (did you mean 'sellUsd'?)", ScenarioFile::parse);
        assertRenamed(good, "/bands/0", "metric", "metrics", "bands[0].metrics: unknown field (did you mean 'metric'?)", ScenarioFile::parse);

        JsonNode event = resource("/io/perpguard/data/cascade/events/oct-2025.json");
        assertThat(EventFile.parse(event).event().name()).isNotBlank();
        assertRenamed(event, "/markets/0/state", "lookbackHours", "lookbackHour", "markets[0].state.lookbackHour: unknown field (did you mean 'lookbackHours'?)", EventFile::parse);
        assertRenamed(event, "/driver/0", "role", "rol", "driver[0].rol: unknown field (did you mean 'role'?)", EventFile::parse);
    }

    private static void assertRenamed(JsonNode good, String at, String field, String typo, String message, Consumer<JsonNode> parse) {
        JsonNode bad = good.deepCopy();
        ObjectNode o = (ObjectNode) bad.at(at);
        assertThat(o.has(field)).as(at + "/" + field).isTrue();
        o.set(typo, o.remove(field));
        assertThatThrownBy(() -> parse.accept(bad)).isInstanceOf(InvalidInputException.class).hasMessageContaining(message);
    }

    //-------------------------------------------------------------------------
    private Path csv(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void test_candleTimes_inAnyUnit_areRead_outsideTheWindow_refusedNamingFileLineAndField() throws IOException {
        String h = "open_time,open,high,low,close,volume\n";
        // the same hour in s, ms, µs: one rule for the unit
        for (String t : new String[]{"1700000000", "1700000000000", "1700000000000000"}) {
            assertThat(CandleCsv.readSeries(csv("c.csv", h + t + ",1,2,0.5,1.5,10\n")).openTimeMs()[0]).isEqualTo(1_700_000_000_000L);
        }
        Path old = csv("old.csv", h + "1700000000000,1,2,0.5,1.5,10\n5,1,2,0.5,1.5,10\n");
        assertThatThrownBy(() -> CandleCsv.read(old)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("candles: " + old + " line 3: open time '5' = 1970-01-01T00:00:05Z is outside the accepted window 2009-01-03");
        long future = System.currentTimeMillis() + 3 * 86_400_000L;
        Path late = csv("late.csv", h + future + ",1,2,0.5,1.5,10\n");
        assertThatThrownBy(() -> CandleCsv.read(late)).hasMessageContaining("line 2: open time").hasMessageContaining("check the unit and the clock");
        Path huge = csv("huge.csv", h + "9".repeat(400) + ",1,2,0.5,1.5,10\n");
        assertThatThrownBy(() -> CandleCsv.read(huge)).hasMessageContaining("line 2: open time").hasMessageContaining("(400 characters)")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
    }

    @Test
    void test_fundingAndOpenInterestTimes_outsideTheWindow_areRefusedNamingFileLineAndField() throws IOException {
        Path f = csv("BTCUSDT-funding.csv", "calc_time,funding_interval_hours,last_funding_rate\n1700000000000,8,0.0001\n1700028800,8,0.0001\n17000576000000000000,8,0.0001\n");
        assertThatThrownBy(() -> FundingFile.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("funding: " + f + " line 4: funding time");
        Path o = csv("BTCUSDT-oi.csv", "timestamp,sum_open_interest,sum_open_interest_value\n1700000000000,1,2\n1899-12-31,1,2\n");
        assertThatThrownBy(() -> OpenInterestFile.read(o)).hasMessageStartingWith("oi: " + o + " line 3: timestamp '1899-12-31' = 1899-12-31T00:00:00Z is outside");
        Path j = dir.resolve("funding.json");
        Files.writeString(j, "[{\"symbol\":\"BTCUSDT\",\"fundingTime\":1e308,\"fundingRate\":\"0.0001\"}]");
        assertThatThrownBy(() -> FundingFile.read(j)).hasMessageContaining("funding[0].fundingTime");
        Path k = dir.resolve("oi.json");
        Files.writeString(k, "[{\"symbol\":\"BTCUSDT\",\"timestamp\":1000,\"sumOpenInterest\":1,\"sumOpenInterestValue\":2}]");
        assertThatThrownBy(() -> OpenInterestFile.read(k)).hasMessageContaining("oi[0].timestamp").hasMessageContaining("outside the accepted window");
    }
}
