package io.perpguard.stream;

import io.perpguard.InputBounds;
import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.data.account.AccountFile;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.data.json.JsonInput;
import io.perpguard.instrument.LeverageBracket;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.PositionReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class MarginTopologyTest {
    private static final long T0 = 1_700_000_000_000L;
    /** Liquidation prices are compared to 1e-6 USDT: the same engine, the same inputs. */
    private static final double SAME = 1e-6;

    @TempDir
    Path stateDir;
    private TopologyFixture f;

    @BeforeEach
    void start() {
        f = new TopologyFixture(stateDir, false);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void test_goldenAccount_liquidationPricesEqualCalcAccount() {
        // the account of an account file, fed as events: deposit, opens at entry, then one tick per symbol at the mark
        String accountJson = """
                {"walletBalance": 25000, "positions": [
                  {"symbol": "BTCUSDT", "side": "long", "qty": 0.8, "entryPrice": 60000, "leverage": 20, "marginMode": "cross", "markPrice": 58500},
                  {"symbol": "ETHUSDT", "side": "short", "qty": 6, "entryPrice": 3000, "leverage": 10, "marginMode": "cross", "markPrice": 3120},
                  {"symbol": "SOLUSDT", "side": "long", "qty": 40, "entryPrice": 150, "leverage": 10, "marginMode": "isolated", "markPrice": 141}
                ]}""";
        f.deposit("golden", 25000);
        f.open("golden", "BTCUSDT", "long", 0.8, 60000, 20, "cross");
        f.open("golden", "ETHUSDT", "short", 6, 3000, 10, "cross");
        f.open("golden", "SOLUSDT", "long", 40, 150, 10, "isolated");
        f.mark("BTCUSDT", 58500, T0 + 1);
        f.mark("ETHUSDT", 3120, T0 + 2);
        f.mark("SOLUSDT", 141, T0 + 3);

        JsonNode risk = f.latestRisk().get("golden");
        AccountReport calc = MarginCalculator.evaluate(AccountFile.parse(JsonInput.parse("account", accountJson)), TierTables.bundled());
        assertThat(risk.get("positions")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            PositionReport want = calc.positions().get(i);
            JsonNode got = risk.get("positions").get(i);
            assertThat(got.get("symbol").asText()).isEqualTo(want.symbol());
            assertThat(got.get("liquidationPrice").asDouble()).isEqualTo(want.liquidationPrice());
            assertThat(got.get("liquidationPriceExact").asDouble()).isCloseTo(want.liquidationPriceExact(), offset(SAME));
            assertThat(got.get("distanceToLiquidationPct").asDouble()).isCloseTo(want.distanceToLiquidationPct(), offset(1e-9));
        }
        assertThat(risk.get("marginRatio").asDouble()).isCloseTo(calc.marginRatio(), offset(1e-12));
        assertThat(risk.get("marginBalance").asDouble()).isCloseTo(calc.marginBalance(), offset(1e-6));
        assertThat(risk.get("maintenanceMargin").asDouble()).isCloseTo(calc.maintenanceMargin(), offset(1e-6));
    }

    @Test
    void test_goldenAccount_isolatedLong_matchesFormulaParts() {
        // LP = (WB + cum − side × Q × EP) / (Q × MMR − side × Q), WB = isolated margin = 0.1 × 60000 / 20 = 300
        LeverageBracket tier1 = TierTables.bundled().get("BTCUSDT").tiers().brackets().get(0);
        double expected = (300 + tier1.maintenanceAmount() - 0.1 * 60000) / (0.1 * tier1.maintenanceMarginRate() - 0.1);
        f.deposit("iso", 1000);
        f.open("iso", "BTCUSDT", "long", 0.1, 60000, 20, "isolated");
        f.mark("BTCUSDT", 59000, T0 + 1);
        JsonNode p = f.latestRisk().get("iso").get("positions").get(0);
        assertThat(p.get("liquidationPriceExact").asDouble()).isCloseTo(expected, offset(1e-6));
        assertThat(p.get("distanceToLiquidationPct").asDouble()).isCloseTo((expected - 59000) / 59000 * 100, offset(1e-9));
    }

    @Test
    void test_binanceWorkedExample_crossAccountThroughTiersTopic() {
        // Binance's published cross example (core test resource vectors/liquidation.csv, binance-doc-*-cross): its older
        // brackets (BTC 2.5 % / 16,300; ETH 10 % / 135,365) are sent on the tiers topic, each under a first bracket whose floor
        // makes that amount continuous (cum_2 = floor_2 × (MMR_2 − MMR_1), as tier tables are now checked; both positions,
        // and their liquidation notionals, are in the second bracket)
        f.tiers.pipeInput("BTCUSDT", """
                {"symbol":"BTCUSDT","brackets":[{"bracket":1,"initialLeverage":50,"notionalCap":815000,"notionalFloor":0,"maintMarginRatio":0.005,"cum":0},
                {"bracket":2,"initialLeverage":50,"notionalCap":100000000,"notionalFloor":815000,"maintMarginRatio":0.025,"cum":16300}]}""");
        f.tiers.pipeInput("ETHUSDT", """
                {"symbol":"ETHUSDT","brackets":[{"bracket":1,"initialLeverage":50,"notionalCap":2707300,"notionalFloor":0,"maintMarginRatio":0.05,"cum":0},
                {"bracket":2,"initialLeverage":50,"notionalCap":100000000,"notionalFloor":2707300,"maintMarginRatio":0.1,"cum":135365}]}""");
        assertThat(f.readDeadLetters()).as("the tables are taken").isEmpty();
        f.deposit("binance", 1535443.01);
        f.open("binance", "BTCUSDT", "long", 109.488, 32481.98, 20, "cross");
        f.open("binance", "ETHUSDT", "long", 3683.979, 1456.84, 20, "cross");
        f.mark("BTCUSDT", 31967.27, T0 + 1);
        f.mark("ETHUSDT", 1335.18, T0 + 2);
        JsonNode ps = f.latestRisk().get("binance").get("positions");
        assertThat(ps.get(0).get("liquidationPriceExact").asDouble()).isCloseTo(26316.89, offset(0.005));
        assertThat(ps.get(1).get("liquidationPriceExact").asDouble()).isCloseTo(1153.26, offset(0.005));
        assertThat(f.readDeadLetters()).isEmpty();
    }

    @Test
    void test_tick_repricesOnlyHoldersOfThatSymbol() {
        f.deposit("btc-only", 5000);
        f.deposit("eth-only", 5000);
        f.deposit("both", 5000);
        f.open("btc-only", "BTCUSDT", "long", 0.1, 60000, 10, "cross");
        f.open("eth-only", "ETHUSDT", "long", 1, 3000, 10, "cross");
        f.open("both", "BTCUSDT", "long", 0.1, 60000, 10, "cross");
        f.open("both", "ETHUSDT", "short", 1, 3000, 10, "cross");
        f.readRisk();
        f.mark("BTCUSDT", 61000, T0 + 1);
        Map<String, JsonNode> repriced = f.latestRisk();
        assertThat(repriced.keySet()).containsExactlyInAnyOrder("btc-only", "both");
        // the cross account sees the new BTC mark and the last ETH mark (the fill, no ETH tick yet) in one ratio
        JsonNode both = repriced.get("both");
        assertThat(both.get("positions").get(0).get("markPrice").asDouble()).isEqualTo(61000);
        assertThat(both.get("positions").get(1).get("markPrice").asDouble()).isEqualTo(3000);
        assertThat(both.get("unrealizedPnl").asDouble()).isCloseTo(0.1 * 1000, offset(1e-9));
    }

    @Test
    void test_newHolder_getsLatestMarkOfSymbol() {
        f.mark("BTCUSDT", 62000, T0 + 1);
        f.deposit("late", 5000);
        f.open("late", "BTCUSDT", "long", 0.1, 60000, 10, "cross");
        // the open itself is priced at the partition's latest BTC tick, not at the fill price
        List<JsonNode> risk = f.readRisk();
        JsonNode last = risk.get(risk.size() - 1);
        assertThat(last.get("trigger").asText()).isEqualTo("opened");
        assertThat(last.get("positions").get(0).get("markPrice").asDouble()).isEqualTo(62000);
        f.mark("BTCUSDT", 61000, T0 + 2);
        assertThat(f.latestRisk().get("late").get("positions").get(0).get("markPrice").asDouble()).isEqualTo(61000);
    }

    @Test
    void test_outOfOrderTick_isIgnored() {
        f.deposit("a", 5000);
        f.open("a", "BTCUSDT", "long", 0.1, 60000, 10, "cross");
        f.mark("BTCUSDT", 61000, T0 + 10);
        f.readRisk();
        AccountState before = f.accountStates().get("a");
        f.mark("BTCUSDT", 50000, T0 + 5);
        f.mark("BTCUSDT", 61000, T0 + 10);
        assertThat(f.readRisk()).isEmpty();
        assertThat(f.accountStates().get("a")).isEqualTo(before);
    }

    @Test
    void test_duplicateEvent_changesNothing() {
        f.deposit("a", 5000);
        String open = """
                {"eventId":"fill-1","type":"opened","symbol":"BTCUSDT","side":"long","qty":0.1,"price":60000,"leverage":10}""";
        String add = """
                {"eventId":"fill-2","type":"increased","symbol":"BTCUSDT","qty":0.1,"price":62000}""";
        f.event("a", open);
        f.event("a", add);
        AccountState once = f.accountStates().get("a");
        f.readRisk();
        f.event("a", open);
        f.event("a", add);
        f.event("a", add);
        assertThat(f.accountStates().get("a")).isEqualTo(once);
        assertThat(once.positions().get(0).qty()).isEqualTo(0.2);
        assertThat(once.positions().get(0).entryPrice()).isCloseTo(61000, offset(1e-9));
        assertThat(f.readRisk()).isEmpty();
        assertThat(f.readDeadLetters()).isEmpty();
    }

    @Test
    void test_reduceAndClose_realizePnlIntoWallet() {
        f.deposit("a", 5000);
        f.open("a", "BTCUSDT", "short", 0.2, 60000, 10, "cross");
        f.event("a", "{\"eventId\":\"r\",\"type\":\"reduced\",\"symbol\":\"BTCUSDT\",\"qty\":0.1,\"price\":59000,\"fee\":3}");
        assertThat(f.accountStates().get("a").walletBalance()).isCloseTo(5000 + 0.1 * 1000 - 3, offset(1e-9));
        f.event("a", "{\"eventId\":\"c\",\"type\":\"closed\",\"symbol\":\"BTCUSDT\",\"price\":61000}");
        AccountState s = f.accountStates().get("a");
        assertThat(s.walletBalance()).isCloseTo(5000 + 100 - 3 - 0.1 * 1000, offset(1e-9));
        assertThat(s.positions()).isEmpty();
        assertThat(s.marks()).isEmpty();
        // closed: the BTC tick no longer reaches the account
        f.readRisk();
        f.mark("BTCUSDT", 62000, T0 + 1);
        assertThat(f.readRisk()).isEmpty();
    }

    @Test
    void test_thresholdCrossing_raisesOneAlertNotOnePerTick() {
        // cross long 1 BTC @ 60000 on a 3000 wallet: MM = 60000 × 0.004... margin ratio rises as the price falls
        f.deposit("a", 3000);
        f.open("a", "BTCUSDT", "long", 1, 60000, 20, "cross");
        long t = T0;
        // walk down to just past the 50 % threshold, then hover there for many ticks
        double price = 60000;
        while (ratio(price) < 0.5) {
            price -= 50;
            f.mark("BTCUSDT", price, ++t);
        }
        for (int i = 0; i < 30; i++) {
            f.mark("BTCUSDT", price + (i % 2 == 0 ? 40 : -10), ++t);
        }
        List<JsonNode> alerts = f.readAlerts();
        assertThat(alerts).filteredOn(a -> a.get("kind").asText().equals("threshold")).singleElement()
                .satisfies(a -> assertThat(a.get("threshold").asDouble()).isEqualTo(0.5));
    }

    /** Margin ratio of the 1 BTC cross long on a 3000 wallet at {@code mark} (tier 2 of the bundled BTC table). */
    private static double ratio(double mark) {
        var tiers = TierTables.bundled().get("BTCUSDT").tiers();
        return tiers.maintenanceMargin(mark) / (3000 + (mark - 60000));
    }

    @Test
    void test_walkTo90Pct_raises50_70_85InOrder() {
        f.deposit("a", 3000);
        f.open("a", "BTCUSDT", "long", 1, 60000, 20, "cross");
        long t = T0;
        for (double price = 60000; ratio(price) < 0.9; price -= 25) {
            f.mark("BTCUSDT", price, ++t);
        }
        assertThat(f.readAlerts()).filteredOn(a -> a.get("kind").asText().equals("threshold"))
                .extracting(a -> a.get("threshold").asDouble()).containsExactly(0.5, 0.7, 0.85);
    }

    @Test
    void test_malformedEvent_goesToDeadLetter_andNothingElseChanges() {
        f.deposit("a", 5000);
        f.open("a", "BTCUSDT", "long", 0.1, 60000, 10, "cross");
        f.readRisk();
        Map<String, AccountState> before = f.accountStates();
        f.event("a", "{\"eventId\":\"x\",\"type\":\"opened\",\"symbol\":");
        List<JsonNode> dl = f.readDeadLetters();
        assertThat(dl).singleElement().satisfies(d -> {
            assertThat(d.get("topic").asText()).isEqualTo("positions");
            assertThat(d.get("key").asText()).isEqualTo("a");
            assertThat(d.get("reason").asText()).contains("malformed JSON");
        });
        assertThat(f.accountStates()).isEqualTo(before);
        assertThat(f.readRisk()).isEmpty();
        assertThat(f.readAlerts()).isEmpty();
    }

    @Test
    void test_badInput_negativeQty_unknownSymbol_nanPrice_deadLetteredWithReason_stateUnchanged() {
        f.deposit("a", 5000);
        f.open("a", "BTCUSDT", "long", 0.1, 60000, 10, "cross");
        f.readRisk();
        Map<String, AccountState> before = f.accountStates();
        f.event("a", "{\"eventId\":\"n1\",\"type\":\"increased\",\"symbol\":\"BTCUSDT\",\"qty\":-0.5,\"price\":60000}");
        f.event("a", "{\"eventId\":\"n2\",\"type\":\"opened\",\"symbol\":\"DOGEUSDT\",\"side\":\"long\",\"qty\":1,\"price\":0.1,\"leverage\":5}");
        f.event("a", "{\"eventId\":\"n3\",\"type\":\"increased\",\"symbol\":\"BTCUSDT\",\"qty\":0.1,\"price\":\"NaN\"}");
        f.event("a", "{\"eventId\":\"n4\",\"type\":\"increased\",\"symbol\":\"BTCUSDT\",\"qty\":0.1,\"price\":NaN}");
        f.marks.pipeInput("BTCUSDT", "{\"markPrice\":\"NaN\",\"eventTime\":" + (T0 + 1) + "}");
        List<JsonNode> dl = f.readDeadLetters();
        assertThat(dl).extracting(d -> d.get("field").asText()).containsExactly("qty", "symbol", "price", "value", "markPrice");
        assertThat(dl.get(0).get("reason").asText()).contains("-0.5").contains("greater than 0");
        assertThat(dl.get(1).get("reason").asText()).contains("unknown symbol DOGEUSDT");
        assertThat(dl.get(2).get("reason").asText()).contains("NaN").contains("finite");
        assertThat(dl.get(4).get("topic").asText()).isEqualTo("marks");
        assertThat(f.accountStates()).isEqualTo(before);
        assertThat(f.readRisk()).isEmpty();
        // the refused ids were not recorded: a corrected event with the same id is applied
        f.event("a", "{\"eventId\":\"n1\",\"type\":\"increased\",\"symbol\":\"BTCUSDT\",\"qty\":0.5,\"price\":60000}");
        assertThat(f.accountStates().get("a").positions().get(0).qty()).isCloseTo(0.6, offset(1e-12));
    }

    @Test
    void test_poisonTimestamps_microsecondsNormalised_1e308Refused_symbolKeepsTicking() {
        f.deposit("a", 5000);
        f.open("a", "BTCUSDT", "long", 0.1, 60000, 10, "cross");
        f.readRisk();
        // a microsecond timestamp is the same instant: read as ms it would lie 50,000 years ahead and freeze BTCUSDT
        f.marks.pipeInput("BTCUSDT", "{\"markPrice\":59000,\"eventTimeMs\":" + (T0 + 10) * 1000 + "}");
        f.marks.pipeInput("BTCUSDT", "{\"markPrice\":59500,\"eventTimeMs\":1e308}");
        f.marks.pipeInput("BTCUSDT", "{\"markPrice\":59500,\"eventTime\":" + (System.currentTimeMillis() + 86_400_000L) + "}");
        // each refusal names the field as the producer sent it (eventTime: the old name, still read)
        assertThat(f.readDeadLetters()).extracting(d -> d.get("field").asText()).containsExactly("eventTimeMs", "eventTime");
        f.mark("BTCUSDT", 40000, T0 + 20);
        List<JsonNode> risk = f.readRisk();
        assertThat(risk).hasSize(2);
        assertThat(risk.get(1).toString()).contains("40000");
    }

    @Test
    void test_timesCarryTheirUnit_eventTimeMs_markTimeMs_andTheOldNameIsStillRead() {
        // the records wrote eventTime and markTime, against the suffix rule every other time follows (tickTimeMs, closedAtMs)
        f.deposit("a", 5000);
        f.open("a", "BTCUSDT", "long", 0.1, 60000, 10, "cross");
        f.readRisk();
        f.marks.pipeInput("BTCUSDT", "{\"markPrice\":59000,\"eventTime\":" + (T0 + 7) + "}");   // a producer on the old name
        List<JsonNode> risk = f.readRisk();
        assertThat(risk).hasSize(1);
        assertThat(risk.get(0).get("eventTimeMs").asLong()).isEqualTo(T0 + 7);
        assertThat(risk.get(0).get("positions").get(0).get("markTimeMs").asLong()).isEqualTo(T0 + 7);
        assertThat(risk.get(0).has("eventTime")).isFalse();
        assertThat(risk.get(0).get("positions").get(0).has("markTime")).isFalse();
        f.marks.pipeInput("BTCUSDT", "{\"markPrice\":59100,\"eventTime\":" + (T0 + 8) + ",\"eventTimeMs\":" + (T0 + 8) + "}");
        assertThat(f.readDeadLetters()).extracting(d -> d.get("reason").asText()).singleElement().asString()
                .contains("give only eventTimeMs (eventTime is its old name)");
        // a tick written to an internal topic by an earlier version (eventTime) is read with its time, not as 0
        assertThat(MarginTopology.internal("{\"symbol\":\"BTCUSDT\",\"markPrice\":1,\"indexPrice\":1,\"fundingRate\":0,\"eventTime\":5}",
                MarkTick.class).eventTimeMs()).isEqualTo(5);
    }

    @Test
    void test_poisonOnInternalTopics_isDeadLettered_capped_andTheAccountKeepsBeingPriced() {
        f.deposit("a", 5000);
        f.open("a", "BTCUSDT", "long", 0.1, 60000, 10, "cross");
        f.readRisk();
        var s = org.apache.kafka.common.serialization.Serdes.String();
        var byPartition = f.driver.createInputTopic(f.topics.marksByPartition(), s.serializer(), s.serializer());
        byPartition.pipeInput("a", "{\"not\":\"a tick\"" + "x".repeat(100_000));
        byPartition.pipeInput("BTCUSDT", "\u0000garbage");
        List<JsonNode> dl = f.readDeadLetters();
        assertThat(dl).extracting(d -> d.get("topic").asText()).containsExactly(f.topics.marksByPartition(), f.topics.marksByPartition());
        assertThat(dl.get(0).get("value").asText()).hasSizeLessThan(DeadLetter.MAX_VALUE + 100).contains("truncated, 100015 characters");
        f.mark("BTCUSDT", 59000, T0 + 5);
        assertThat(f.readRisk()).hasSize(1);
    }

    @Test
    void test_misspelledField_isDeadLettered_namingIt_notSilentlyDefaulted() {
        f.deposit("a", 5000);
        f.event("a", "{\"eventId\":\"m1\",\"type\":\"opened\",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.1,"
                + "\"price\":60000,\"leverage\":10,\"marginmode\":\"isolated\"}");
        f.marks.pipeInput("BTCUSDT", "{\"mark_price\":59000,\"eventTime\":" + (T0 + 1) + "}");
        List<JsonNode> dl = f.readDeadLetters();
        assertThat(dl).extracting(d -> d.get("field").asText()).containsExactly("marginmode", "mark_price");
        assertThat(dl.get(0).get("reason").asText()).contains("did you mean 'marginMode'");
        assertThat(dl.get(1).get("reason").asText()).contains("did you mean 'markPrice'");
        assertThat(f.accountStates().get("a").positions()).isEmpty();
    }

    @Test
    void test_eventTheEngineRefuses_leverageAboveTier_isDeadLettered() {
        f.deposit("a", 1_000_000);
        // 20 BTC @ 60000 = 1.2M notional: BTC tier 3 allows at most 50x (bundled table)
        f.open("a", "BTCUSDT", "long", 20, 60000, 125, "cross");
        assertThat(f.readDeadLetters()).singleElement().satisfies(d -> assertThat(d.get("reason").asText()).contains("leverage"));
        assertThat(f.accountStates().get("a").positions()).isEmpty();
    }

    @Test
    void test_heldPositionAboveANewTierMaximum_isRefusedLikeCalc_notPricedAtALowerLeverage() {
        // the venue lowers BTC's maximum to 20x: the 100x position is refused on re-pricing, as calc and the desk refuse it
        holdAt100x_thenLowerTheMaximumTo20x_andTick();
    }

    /** Account a holds 0.5 BTC at 100x; BTC's maximum drops to 20x; the next tick is refused for it, naming both. */
    private void holdAt100x_thenLowerTheMaximumTo20x_andTick() {
        f.deposit("a", 10_000);
        f.open("a", "BTCUSDT", "long", 0.5, 60000, 100, "isolated");
        f.readRisk();
        f.tiers.pipeInput("BTCUSDT", """
                {"symbol":"BTCUSDT","brackets":[{"bracket":1,"initialLeverage":20,"notionalCap":100000000,"notionalFloor":0,"maintMarginRatio":0.01,"cum":0}]}""");
        f.mark("BTCUSDT", 59000, T0 + 1);
        assertThat(f.readRisk()).isEmpty();
        assertThat(f.readDeadLetters()).singleElement().satisfies(d -> assertThat(d.get("reason").asText())
                .contains("100x is above BTCUSDT's maximum of 20x"));
    }

    @Test
    void test_malformedTiers_deadLettered_bundledKept() {
        f.tiers.pipeInput("BTCUSDT", "{\"symbol\":\"BTCUSDT\",\"brackets\":[{\"bracket\":1,\"initialLeverage\":50,\"notionalCap\":100,"
                + "\"notionalFloor\":500,\"maintMarginRatio\":0.01}]}");
        assertThat(f.readDeadLetters()).singleElement().satisfies(d -> assertThat(d.get("topic").asText()).isEqualTo("tiers"));
        f.deposit("a", 5000);
        f.open("a", "BTCUSDT", "long", 0.1, 60000, 10, "cross");
        assertThat(f.readDeadLetters()).isEmpty();
    }

    @Test
    void test_restartFromChangelogs_givesSameStateAndContinues() {
        f.deposit("a", 5000);
        f.deposit("b", 8000);
        f.open("a", "BTCUSDT", "long", 0.1, 60000, 10, "cross");
        f.open("b", "BTCUSDT", "short", 0.2, 60000, 10, "isolated");
        f.open("b", "ETHUSDT", "long", 2, 3000, 10, "cross");
        f.event("b", "{\"eventId\":\"c\",\"type\":\"closed\",\"symbol\":\"ETHUSDT\",\"price\":3050}");
        f.mark("BTCUSDT", 61000, T0 + 1);
        f.mark("ETHUSDT", 3100, T0 + 2);
        Map<String, AccountState> before = f.accountStates();
        var changelogs = f.changelogs();
        f.close();

        // a fresh instance with empty local state, restored from the changelog topics only
        f = new TopologyFixture(stateDir.resolve("other-instance"), true);
        assertThat(f.accountStates()).isEmpty();
        f.restore(changelogs);
        assertThat(f.accountStates()).isEqualTo(before);
        // nothing double-counted: a redelivered deposit is still recognised after the restart
        f.event("a", "{\"eventId\":\"e-1\",\"type\":\"wallet-transfer\",\"amount\":5000}");
        assertThat(f.accountStates().get("a").walletBalance()).isEqualTo(5000);
        // nothing lost: the holders were rebuilt from the stores — a BTC tick reaches both accounts, an ETH tick neither
        f.mark("ETHUSDT", 3200, T0 + 3);
        assertThat(f.readRisk()).isEmpty();
        f.mark("BTCUSDT", 62000, T0 + 3);
        assertThat(f.latestRisk().keySet()).containsExactlyInAnyOrder("a", "b");
        // and the restored marks still drop a stale tick
        f.mark("BTCUSDT", 50000, T0 + 2);
        assertThat(f.readRisk()).isEmpty();
    }

    @Test
    void test_changelog_rebuildsTheSameState() {
        f.deposit("a", 5000);
        f.open("a", "BTCUSDT", "long", 0.1, 60000, 10, "cross");
        f.open("a", "ETHUSDT", "short", 1, 3000, 10, "cross");
        f.mark("BTCUSDT", 61000, T0 + 1);
        f.mark("ETHUSDT", 2900, T0 + 2);
        f.event("a", "{\"eventId\":\"w\",\"type\":\"wallet-transfer\",\"amount\":-100}");
        // replaying the changelog topic (what a new instance restores from) gives the live store's content
        Map<String, AccountState> rebuilt = f.changelog(MarginTopology.ACCOUNTS_STORE, new AccountStateSerde().deserializer());
        assertThat(rebuilt).isEqualTo(f.accountStates()).isNotEmpty();
    }

    @Test
    void test_conflation_appliesTheNewestTickOncePerWindow_andPublishStepSkipsSmallMoves() {
        f.close();
        f = new TopologyFixture(stateDir.resolve("conflated"), MarginTopology.Options.defaults(TopologyFixture.APP).withPersistent(false)
                .withConflate(java.time.Duration.ofMillis(100)).withPublishStep(0.005));
        f.deposit("a", 3000);
        f.open("a", "BTCUSDT", "long", 1, 60000, 20, "cross");
        f.readRisk();
        // leading edge: the first tick of the window is applied at once
        f.mark("BTCUSDT", 59000, T0 + 1);
        assertThat(f.readRisk()).singleElement().satisfies(r -> assertThat(r.get("positions").get(0).get("markPrice").asDouble()).isEqualTo(59000));
        // within the window: held back, each replaced by the newer one
        f.mark("BTCUSDT", 58500, T0 + 2);
        f.mark("BTCUSDT", 58000, T0 + 3);
        assertThat(f.readRisk()).isEmpty();
        f.driver.advanceWallClockTime(java.time.Duration.ofMillis(100));
        assertThat(f.readRisk()).singleElement().satisfies(r -> assertThat(r.get("positions").get(0).get("markPrice").asDouble()).isEqualTo(58000));
        // a move of the ratio below the publish step is re-priced but not published; a larger one is
        f.driver.advanceWallClockTime(java.time.Duration.ofMillis(100));
        f.mark("BTCUSDT", 58001, T0 + 4);
        assertThat(f.readRisk()).isEmpty();
        f.driver.advanceWallClockTime(java.time.Duration.ofMillis(100));
        f.mark("BTCUSDT", 57900, T0 + 5);
        assertThat(f.readRisk()).singleElement();
        // four ticks applied; the tick index re-priced the account at three of them: 58001 stayed inside its band
        assertThat(metric(MarginTopology.TICKS_METRIC)).isEqualTo(4);
        assertThat(metric(MarginTopology.REPRICINGS_METRIC)).isEqualTo(3);
    }

    @Test
    void test_anEventIdHoldingTheKeySeparator_isRefused_notMistakenForAnotherAccountsEvent() {
        // ids are kept per partition as account|eventId: account "a" with id "b|1" and account "a|b" with id "1" were
        // one key, so the second account's deposit was dropped silently as a redelivery
        f.event("a", "{\"eventId\":\"b|1\",\"type\":\"wallet-transfer\",\"amount\":100}");
        assertThat(f.readDeadLetters()).singleElement().satisfies(d -> {
            assertThat(d.get("field").asText()).isEqualTo("eventId");
            assertThat(d.get("reason").asText()).contains("must not contain '|'");
        });
        f.event("a|b", "{\"eventId\":\"1\",\"type\":\"wallet-transfer\",\"amount\":100}");
        assertThat(f.accountStates().get("a|b").walletBalance()).isEqualTo(100);
        assertThat(f.accountStates()).doesNotContainKey("a");
    }

    @Test
    void test_aTickHeldByConflation_survivesARestart_andIsAppliedAfterIt() {
        // a tick held for its window was consumed (its offset committed) but lived only in memory: a restart before
        // the window closed lost it, and the accounts stayed priced at the older mark until the symbol ticked again
        var conflated = MarginTopology.Options.defaults(TopologyFixture.APP).withPersistent(false)
                .withConflate(java.time.Duration.ofMillis(100)).withPublishStep(0.005);
        f.close();
        f = new TopologyFixture(stateDir.resolve("held-1"), conflated);
        f.deposit("a", 3000);
        f.open("a", "BTCUSDT", "long", 1, 60000, 20, "cross");
        f.mark("BTCUSDT", 59000, T0 + 1);   // applied at once
        f.mark("BTCUSDT", 58000, T0 + 2);   // held for the window
        f.readRisk();
        var changelogs = f.changelogs();
        f.close();

        f = new TopologyFixture(stateDir.resolve("held-2"), conflated);
        f.restore(changelogs);
        f.driver.advanceWallClockTime(java.time.Duration.ofMillis(100));
        assertThat(f.readRisk()).singleElement().satisfies(r -> assertThat(r.get("positions").get(0).get("markPrice").asDouble()).isEqualTo(58000));
        // applied once: it is no longer held
        f.driver.advanceWallClockTime(java.time.Duration.ofMillis(200));
        assertThat(f.readRisk()).isEmpty();
        assertThat(metric(MarginTopology.TICKS_METRIC)).isEqualTo(1);
    }

    /**
     * Conflation keeps the newest tick of a window: when the held one carries BTC's index and the newer one does not, the
     * index was dropped with it, and the pooled account's BTC stayed at the older index (48,000 here, where the same ticks
     * unconflated leave it at 36,000). The held tick is now applied before the newer one replaces it.
     */
    @Test
    void test_conflation_aHeldTickCarryingAnIndex_isNotLostToANewerTickWithoutOne() {
        List<Double> btc = new java.util.ArrayList<>();
        for (java.time.Duration window : List.of(java.time.Duration.ZERO, java.time.Duration.ofMillis(100))) {
            f.close();
            f = new TopologyFixture(stateDir.resolve("window-" + window.toMillis()), MarginTopology.Options.defaults(TopologyFixture.APP)
                    .withPersistent(false).withConflate(window));
            f.deposit("pooled", 100);
            f.event("pooled", "{\"eventId\":\"c\",\"type\":\"collateral\",\"asset\":\"BTC\",\"amount\":0.05,"
                    + "\"collateralRatio\":0.95,\"indexPrice\":60000}");
            f.open("pooled", "ETHUSDT", "long", 40, 3000, 10, "cross");
            f.mark("BTCUSDT", 48000, T0 + 1000);   // applied at once
            f.mark("BTCUSDT", 36000, T0 + 1010);   // held for the window (conflated)
            f.marks.pipeInput("BTCUSDT", String.format(java.util.Locale.ROOT, "{\"markPrice\":35900,\"eventTimeMs\":%d}", T0 + 1020));   // no index
            f.driver.advanceWallClockTime(java.time.Duration.ofMillis(300));
            f.deposit("pooled", 1);   // prices the account now
            JsonNode last = f.latestRisk().get("pooled");
            btc.add(last.get("collateral").get(1).get("indexPrice").asDouble());
            assertThat(f.readDeadLetters()).isEmpty();
        }
        assertThat(btc).as("BTC's index, unconflated and conflated").containsExactly(36000.0, 36000.0);
        f.close();
        f = new TopologyFixture(stateDir.resolve("last"), false);
    }

    @Test
    void test_conflationCheck_runsOnlyWhileATickIsHeld_notOnAnIdleStream() {
        // the check ran every quarter window (25 ms) on every account task all day, with or without a held tick:
        // 400 wake-ups per task in 10 idle seconds; now one at start (a previous owner's held ticks), then none
        f.close();
        f = new TopologyFixture(stateDir.resolve("on-demand"), MarginTopology.Options.defaults(TopologyFixture.APP).withPersistent(false)
                .withConflate(java.time.Duration.ofMillis(100)).withPublishStep(0));
        f.deposit("a", 3000);
        f.open("a", "BTCUSDT", "long", 1, 60000, 20, "cross");
        f.mark("BTCUSDT", 59000, T0 + 1);   // applied at once: nothing held
        f.readRisk();
        idle(10_000);
        double atStart = metric(MarginTopology.CONFLATION_CHECKS_METRIC);
        System.out.printf(java.util.Locale.ROOT, "conflation checks in 10 s idle (25 ms steps): %.0f%n", atStart);
        assertThat(atStart).as("10 s idle: the start-up check only").isEqualTo(1);

        // a burst: the first tick applied at once, the newest of the rest held, checked until it is applied, once
        f.mark("BTCUSDT", 58900, T0 + 2);
        f.mark("BTCUSDT", 58800, T0 + 3);
        f.mark("BTCUSDT", 58700, T0 + 4);
        assertThat(f.readRisk()).singleElement().satisfies(r -> assertThat(r.get("positions").get(0).get("markPrice").asDouble()).isEqualTo(58900));
        idle(1_000);
        assertThat(f.readRisk()).singleElement().satisfies(r -> assertThat(r.get("positions").get(0).get("markPrice").asDouble()).isEqualTo(58700));
        double whileHeld = metric(MarginTopology.CONFLATION_CHECKS_METRIC) - atStart;
        assertThat(whileHeld).as("checks while held: one per quarter window until the window passed").isBetween(1.0, 5.0);
        assertThat(metric(MarginTopology.TICKS_METRIC)).isEqualTo(3);

        idle(10_000);
        assertThat(metric(MarginTopology.CONFLATION_CHECKS_METRIC)).as("idle again: none").isEqualTo(atStart + whileHeld);
        assertThat(f.readRisk()).isEmpty();
        // and a held tick after the idle time is checked again
        f.mark("BTCUSDT", 58600, T0 + 5);
        f.mark("BTCUSDT", 58500, T0 + 6);
        idle(1_000);
        assertThat(f.readRisk()).extracting(r -> r.get("positions").get(0).get("markPrice").asDouble()).containsExactly(58600.0, 58500.0);
    }

    @Test
    void test_aTierRecord_isInForceForTheNextRecord_withNoTimerToWaitFor() {
        // the tiers were re-read on a 1 s wall-clock timer: a tick right after a tier change was priced by the old
        // table. Now the next record after the global store has the change sees it, with no wall clock passing
        holdAt100x_thenLowerTheMaximumTo20x_andTick();
        // and a position event after a second change (the maximum back up) is priced by that one
        f.tiers.pipeInput("BTCUSDT", """
                {"symbol":"BTCUSDT","brackets":[{"bracket":1,"initialLeverage":125,"notionalCap":100000000,"notionalFloor":0,"maintMarginRatio":0.01,"cum":0}]}""");
        f.deposit("b", 10_000);
        f.open("b", "BTCUSDT", "long", 0.5, 60000, 100, "isolated");
        assertThat(f.readDeadLetters()).isEmpty();
        assertThat(f.accountStates().get("b").positions()).hasSize(1);
    }

    @Test
    void test_anIdleStream_isNotWokenToReReadTiers() {
        // every task (symbol side and account side) re-read the tiers every second: 2 punctuations a second on an
        // idle stream, each followed by a commit under exactly-once (StreamIdleRun). Conflation off: no other timer
        f.close();
        f = new TopologyFixture(stateDir.resolve("idle-tiers"), MarginTopology.Options.defaults(TopologyFixture.APP).withPersistent(false)
                .everyTick());
        f.deposit("a", 3000);
        f.open("a", "BTCUSDT", "long", 1, 60000, 20, "cross");
        f.mark("BTCUSDT", 59000, T0 + 1);
        f.readRisk();
        idle(10_000);
        double wakeUps = metric("punctuate-total");
        System.out.printf(java.util.Locale.ROOT, "punctuations in 10 s idle (25 ms steps): %.0f%n", wakeUps);
        assertThat(wakeUps).as("10 s idle, conflation off").isZero();
        // a tier change while idle is still in force at the next tick
        f.tiers.pipeInput("BTCUSDT", """
                {"symbol":"BTCUSDT","brackets":[{"bracket":1,"initialLeverage":20,"notionalCap":100000000,"notionalFloor":0,"maintMarginRatio":0.02,"cum":0}]}""");
        idle(10_000);
        f.mark("BTCUSDT", 58900, T0 + 2);
        // 1 BTC at 58,900 at the new 2 % rate, no maintenance amount: 1,178 (the bundled table's 0.5 % less 50 gave 244.5)
        assertThat(f.readRisk()).singleElement().satisfies(r -> assertThat(r.get("positions").get(0).get("maintenanceMargin").asDouble())
                .isCloseTo(1178.0, org.assertj.core.api.Assertions.offset(1e-6)));
        assertThat(metric("punctuate-total")).isZero();
    }

    /** The wall clock advanced by {@code ms} in 25 ms steps, as a running stream thread sees it. */
    private void idle(long ms) {
        for (long t = 0; t < ms; t += 25) {
            f.driver.advanceWallClockTime(java.time.Duration.ofMillis(25));
        }
    }

    @Test
    void test_poisonOnEveryInputTopic_oneDeadLetterEach_andTheValidRecordsAroundItAppliedOnce() {
        f.deposit("a", 5000);
        f.open("a", "BTCUSDT", "long", 0.1, 60000, 10, "cross");
        f.readRisk();
        long t = T0;
        String[][] poison = {
                {"marks", "BTCUSDT", "{\"markPrice\":", "value"},
                {"marks", "NOPEUSDT", "{\"markPrice\":1}", "symbol"},
                {"marks", "BTCUSDT", "{\"markPrice\":NaN}", "value"},
                {"marks", "BTCUSDT", "{\"markPrice\":-5}", "markPrice"},
                {"marks", "BTCUSDT", "{\"markprice\":5}", "markprice"},
                {"positions", "a", "{\"eventId\":", "value"},
                {"positions", "a", "{\"eventId\":\"p1\",\"type\":\"increased\",\"symbol\":\"NOPEUSDT\",\"qty\":1,\"price\":1}", "symbol"},
                {"positions", "a", "{\"eventId\":\"p2\",\"type\":\"increased\",\"symbol\":\"BTCUSDT\",\"qty\":NaN,\"price\":1}", "value"},
                {"positions", "a", "{\"eventId\":\"p3\",\"type\":\"increased\",\"symbol\":\"BTCUSDT\",\"qty\":-1,\"price\":60000}", "qty"},
                {"positions", "a", "{\"eventId\":\"p4\",\"type\":\"increased\",\"symbol\":\"BTCUSDT\",\"qyt\":1,\"price\":60000}", "qyt"},
                {"tiers", "BTCUSDT", "{\"symbol\":", "value"},
                {"tiers", "BTCUSDT", "{\"symbol\":\"BTCUSDT\",\"brackets\":[{\"bracket\":1,\"initialLeverage\":NaN,\"notionalCap\":1e9,\"notionalFloor\":0,\"maintMarginRatio\":0.01,\"cum\":0}]}", "value"},
                {"tiers", "BTCUSDT", "{\"symbol\":\"BTCUSDT\",\"brackets\":[{\"bracket\":1,\"initialLeverage\":125,\"notionalCap\":1e9,\"notionalFloor\":0,\"maintMarginRatio\":-0.01,\"cum\":0}]}", null},
                {"tiers", "BTCUSDT", "{\"symbol\":\"BTCUSDT\",\"brackets\":[{\"bracket\":1,\"initialLeverage\":125,\"notionalCap\":1e9,\"notionalFloor\":0,\"maintMarginRate\":0.01,\"cum\":0}]}", "tiers"},
        };
        int i = 0;
        for (String[] p : poison) {
            i++;
            t += 2;
            JsonNode d = poisonBetweenValidRecords(i, p[0], p[1], p[2], t);
            assertThat(d.get("reason").asText()).isNotBlank().doesNotContain("internal error");
            if (p[3] != null) {
                assertThat(d.get("field").asText()).isEqualTo(p[3]);
            }
        }
        assertThat(f.accountStates().get("a").walletBalance()).isEqualTo(5000 + poison.length);
        // a tier record's field is the record ("tiers", as for a --tiers file); its reason names the bracket field
        f.tiers.pipeInput("BTCUSDT", poison[poison.length - 1][2]);
        assertThat(f.readDeadLetters()).singleElement().satisfies(d -> assertThat(d.get("reason").asText())
                .contains("brackets[0].maintMarginRate: unknown field (did you mean 'maintMarginRatio'?)"));
        assertThat(f.accountStates().get("a").positions()).singleElement().satisfies(p -> assertThat(p.qty()).isEqualTo(0.1));
        // the bundled BTC tiers still stand: 125x is allowed on a small position
        f.deposit("b", 100);
        f.open("b", "BTCUSDT", "long", 0.002, 60000, 125, "isolated");
        assertThat(f.readDeadLetters()).isEmpty();
    }

    @Test
    void test_absurdButFiniteNumbers_deadLetteredWithTheirBound_andTheValidRecordsAroundThemAppliedOnce() {
        // "finite and positive" took markPrice 1e308: times a position of 2 that is an Infinity notional downstream
        f.deposit("a", 5000);
        f.open("a", "BTCUSDT", "long", 0.1, 60000, 10, "cross");
        f.readRisk();
        long t = T0;
        String[][] poison = {
                {"marks", "BTCUSDT", "{\"markPrice\":1e308,\"eventTimeMs\":%d}", "markPrice", "at most 1,000,000,000"},
                {"marks", "BTCUSDT", "{\"markPrice\":1000000001,\"eventTimeMs\":%d}", "markPrice", "at most 1,000,000,000"},
                {"marks", "BTCUSDT", "{\"markPrice\":60000,\"indexPrice\":1e308,\"eventTimeMs\":%d}", "indexPrice", "at most 1,000,000,000"},
                {"marks", "BTCUSDT", "{\"markPrice\":60000,\"fundingRate\":0.5,\"eventTimeMs\":%d}", "fundingRate", "range -0.05 to 0.05"},
                {"marks", "BTCUSDT", "{\"markPrice\":60000,\"fundingRate\":-1,\"eventTimeMs\":%d}", "fundingRate", "range -0.05 to 0.05"},
                {"positions", "a", "{\"eventId\":\"q1\",\"type\":\"increased\",\"symbol\":\"BTCUSDT\",\"qty\":1e300,\"price\":60000}", "qty", "at most 1,000,000,000,000,000 units"},
                {"positions", "a", "{\"eventId\":\"q2\",\"type\":\"increased\",\"symbol\":\"BTCUSDT\",\"qty\":0.1,\"price\":1e308}", "price", "at most 1,000,000,000"},
                {"positions", "a", "{\"eventId\":\"q3\",\"type\":\"opened\",\"symbol\":\"ETHUSDT\",\"side\":\"short\",\"qty\":1,\"price\":1e12,\"leverage\":5}", "price", "at most 1,000,000,000"},
                {"positions", "a", "{\"eventId\":\"q4\",\"type\":\"closed\",\"symbol\":\"BTCUSDT\",\"price\":1e308}", "price", "at most 1,000,000,000"},
                {"positions", "a", "{\"eventId\":\"q5\",\"type\":\"wallet-transfer\",\"amount\":1e308}", "amount", "range -1,000,000,000,000,000 to 1,000,000,000,000,000"},
                {"positions", "a", "{\"eventId\":\"q6\",\"type\":\"margin-added\",\"symbol\":\"BTCUSDT\",\"amount\":-1e300}", "amount", "range -1,000,000,000,000,000 to 1,000,000,000,000,000"},
                {"positions", "a", "{\"eventId\":\"q7\",\"type\":\"wallet-transfer\",\"amount\":1,\"fee\":1e300}", "fee", "range 0 to 1,000,000,000,000,000"},
                // too small for a double: read as 0 it was "0 must be greater than 0", or a funding rate of 0 applied silently
                {"marks", "BTCUSDT", "{\"markPrice\":1e-999,\"eventTimeMs\":%d}", "markPrice", "1e-999 is out of range: closer to 0 than ±2.22507e-308"},
                {"marks", "BTCUSDT", "{\"markPrice\":60000,\"fundingRate\":4.9e-325,\"eventTimeMs\":%d}", "fundingRate", "4.9e-325 is out of range: closer to 0"},
                {"positions", "a", "{\"eventId\":\"q8\",\"type\":\"wallet-transfer\",\"amount\":1,\"fee\":1e-310}", "fee", "1e-310 is out of range: closer to 0"},
        };
        int i = 0;
        for (String[] p : poison) {
            i++;
            t += 2;
            String value = String.format(java.util.Locale.ROOT, p[2], t);
            JsonNode d = poisonBetweenValidRecords(i, p[0], p[1], value, t);
            assertThat(d.get("field").asText()).as(value).isEqualTo(p[3]);
            assertThat(d.get("reason").asText()).as(value).contains(p[4]);
        }
        assertThat(f.accountStates().get("a").walletBalance()).isEqualTo(5000 + poison.length);
        assertThat(f.accountStates().get("a").positions()).singleElement().satisfies(p -> assertThat(p.qty()).isEqualTo(0.1));
        // the bounds themselves are accepted: a mark of 10^9 USDT with the funding rate at -5 % is priced, finite
        f.marks.pipeInput("BTCUSDT", "{\"markPrice\":1e9,\"fundingRate\":-0.05,\"eventTimeMs\":" + (++t) + "}");
        assertThat(f.readDeadLetters()).isEmpty();
        assertThat(f.readRisk()).singleElement().satisfies(r -> {
            assertThat(r.get("positions").get(0).get("markPrice").asDouble()).isEqualTo(InputBounds.MAX_PRICE);
            assertThat(r.get("positions").get(0).get("notional").asDouble()).isEqualTo(1e8);
            assertThat(r.get("positions").get(0).get("fundingRate").asDouble()).isEqualTo(-InputBounds.MAX_FUNDING_RATE);
        });
    }

    /**
     * Pipes poison record {@code value} to {@code topic} between two valid records — a BTC tick at 60,000 − i (time
     * {@code t} − 1) before it, a deposit of 1 (sent twice: redelivered) after it — and checks that it gave one dead
     * letter holding it as received, on one line, and that the tick and the deposit were each applied once.
     *
     * @return the dead letter, for the caller's checks of field and reason
     */
    private JsonNode poisonBetweenValidRecords(int i, String topic, String key, String value, long t) {
        f.mark("BTCUSDT", 60000 - i, t - 1);
        var in = switch (topic) {
            case "marks" -> f.marks;
            case "positions" -> f.positions;
            default -> f.tiers;
        };
        in.pipeInput(key, value);
        f.event("a", "{\"eventId\":\"ok" + i + "\",\"type\":\"wallet-transfer\",\"amount\":1}");
        f.event("a", "{\"eventId\":\"ok" + i + "\",\"type\":\"wallet-transfer\",\"amount\":1}");   // redelivered
        List<JsonNode> dl = f.readDeadLetters();
        assertThat(dl).as(value).hasSize(1);
        JsonNode d = dl.get(0);
        assertThat(d.get("topic").asText()).isEqualTo(topic);
        assertThat(d.get("value").asText()).isEqualTo(value);
        assertThat(d.get("reason").asText()).doesNotContain("\n");
        List<JsonNode> risk = f.readRisk();
        assertThat(risk).as(value).hasSize(2);
        assertThat(risk.get(0).get("positions").get(0).get("markPrice").asDouble()).isEqualTo(60000 - i);
        assertThat(risk.get(1).get("trigger").asText()).isEqualTo("wallet-transfer");
        assertThat(risk.get(1).get("marginRatio").asDouble()).as(value).isFinite();
        return d;
    }

    /**
     * With the tick index on (a publish step, as the command runs), a tick carrying BTC's index re-prices the pooled
     * accounts holding BTC collateral and no other account — one re-pricing per tick here, where the account holds no
     * BTCUSDT — and raises the alerts of re-pricing at every tick, field for field (an account off the kernel once took the
     * ratio after the tick as the one it rose from).
     */
    @Test
    void test_collateralIndexTick_withTheTickIndex_repricesOnlyTheCoinsHolders_alertsAsEveryTick() {
        f.close();
        MarginTopology.Options indexed = MarginTopology.Options.defaults(TopologyFixture.APP).withPersistent(false)
                .withConflate(java.time.Duration.ZERO);
        List<List<String>> alerts = new java.util.ArrayList<>();
        for (MarginTopology.Options o : List.of(indexed, indexed.everyTick())) {
            f = new TopologyFixture(stateDir.resolve("run-" + alerts.size()), o);
            f.deposit("pooled", 100);
            f.event("pooled", "{\"eventId\":\"c\",\"type\":\"collateral\",\"asset\":\"BTC\",\"amount\":0.05,"
                    + "\"collateralRatio\":0.95,\"indexPrice\":60000}");
            f.open("pooled", "ETHUSDT", "long", 40, 3000, 10, "cross");
            f.deposit("eth-only", 3000);
            f.open("eth-only", "ETHUSDT", "long", 5, 3000, 10, "cross");
            f.readAlerts();
            f.readRisk();
            double before = metric(MarginTopology.REPRICINGS_METRIC);
            long t = T0;
            for (double index : new double[]{48000, 36000, 24000, 18000}) {
                f.mark("BTCUSDT", index, t += 1000);   // mark and index
            }
            assertThat(metric(MarginTopology.REPRICINGS_METRIC) - before).as("one account re-priced per BTC tick").isEqualTo(4);
            assertThat(f.readRisk()).extracting(r -> r.get("account").asText()).containsOnly("pooled");
            List<String> got = new java.util.ArrayList<>();
            for (JsonNode a : f.readAlerts()) {
                got.add(a.toString());   // every field: the ratio it rose from too
            }
            alerts.add(got);
            assertThat(f.readDeadLetters()).isEmpty();
            f.close();
        }
        assertThat(alerts.get(0)).as("BTC's fall raises alerts").isNotEmpty().isEqualTo(alerts.get(1));
        f = new TopologyFixture(stateDir.resolve("last"), false);
    }

    private double metric(String name) {
        return f.driver.metrics().entrySet().stream().filter(m -> m.getKey().name().equals(name))
                .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue()).sum();
    }

    @Test
    void aClusterAddressThatIsNotHostAndPort_isRefusedBeforeKafkaSeesIt() {
        // 'nohost' reached Kafka's admin client and came back as "internal error: KafkaException"
        for (String bad : new String[]{"nohost", "host:0", "host:99999", "a:1,", "a b:9092"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> StreamApp.config(bad, "app", 1, null, 50))
                    .as(bad).isInstanceOf(io.perpguard.InvalidInputException.class).hasMessageStartingWith("bootstrap-servers: ");
        }
        org.assertj.core.api.Assertions.assertThat(StreamApp.config("localhost:9092,10.0.0.2:9093,[::1]:9094,PLAINTEXT://kafka:9092", "app", 1, null, 50))
                .containsKey("bootstrap.servers");
    }
}
