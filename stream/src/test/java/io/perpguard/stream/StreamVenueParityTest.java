package io.perpguard.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.alerts.AlertState;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream against {@code calc --account} (core's {@link MarginCalculator} on the instruments {@code calc} loads for
 * the venue) figure for figure, for every margin mode the stream takes: isolated, cross, hedge mode with both legs;
 * the alerts against core's alert rule run on calc's figures. Venues and contracts the stream does not price are
 * refused with a dead letter naming the venue, on every input topic, never priced by Binance USDⓈ-M's convention.
 */
class StreamVenueParityTest {
    private static final long T0 = TopologyFixture.T0;
    /** What calc --account prices a Binance USDⓈ-M account with. */
    private static final Instruments CALC = VenueInstruments.load(new VenueInstruments.Source(Exchange.BINANCE, null, null, null, null));

    @TempDir
    Path stateDir;
    private TopologyFixture f;
    /** The account as calc would read it, event by event. */
    private final Map<String, List<Position>> legs = new HashMap<>();
    private final Map<String, Double> wallets = new HashMap<>();
    private final Map<String, Double> marks = new HashMap<>();

    @BeforeEach
    void start() {
        f = new TopologyFixture(stateDir, false);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    //-------------------------------------------------------------------------
    @Test
    void test_binanceUsdm_isolated_cross_andHedgeLegs_equalCalcFigureForFigure_andRaiseTheSameAlerts() {
        deposit("iso", 5000);
        open("iso", "BTCUSDT", Side.LONG, PositionSide.BOTH, 0.5, 60000, 20, MarginMode.ISOLATED);
        open("iso", "ETHUSDT", Side.SHORT, PositionSide.BOTH, 4, 3000, 10, MarginMode.ISOLATED);
        deposit("cross", 12000);
        open("cross", "BTCUSDT", Side.LONG, PositionSide.BOTH, 0.8, 60000, 20, MarginMode.CROSS);
        open("cross", "ETHUSDT", Side.SHORT, PositionSide.BOTH, 6, 3000, 10, MarginMode.CROSS);
        open("cross", "SOLUSDT", Side.LONG, PositionSide.BOTH, 40, 150, 10, MarginMode.ISOLATED);
        deposit("hedge", 8000);
        open("hedge", "BTCUSDT", Side.LONG, PositionSide.LONG, 1.0, 60000, 25, MarginMode.CROSS);
        open("hedge", "BTCUSDT", Side.SHORT, PositionSide.SHORT, 0.4, 61000, 25, MarginMode.CROSS);
        open("hedge", "ETHUSDT", Side.LONG, PositionSide.LONG, 5, 3000, 10, MarginMode.ISOLATED);
        open("hedge", "ETHUSDT", Side.SHORT, PositionSide.SHORT, 5, 3050, 10, MarginMode.ISOLATED);
        assertThat(f.readDeadLetters()).isEmpty();

        Map<String, AlertState> rule = new HashMap<>();
        List<String> want = new ArrayList<>();
        // the opens, priced at their fill prices by both sides (no tick yet)
        for (String a : List.of("iso", "cross", "hedge")) {
            for (int i = 1; i <= legs.get(a).size(); i++) {
                StreamAllVenuesParityTest.alertsOf(a, calc(a, i), T0, rule, want);
            }
        }
        f.readRisk();
        // a walk that takes the accounts through 50/70/85 % and back
        double[][] walk = {{59000, 3050, 145}, {57500, 3150, 140}, {56800, 3200, 137}, {56200, 3260, 136}, {55900, 3300, 135},
                {57000, 3100, 142}, {55500, 3350, 133}};
        long t = T0;
        for (double[] m : walk) {
            String[] syms = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};
            for (int k = 0; k < 3; k++) {
                t += 1000;
                marks.put(syms[k], m[k]);
                f.mark(syms[k], m[k], t);
                for (String a : List.of("iso", "cross", "hedge")) {
                    if (holds(a, syms[k])) {
                        StreamAllVenuesParityTest.alertsOf(a, calc(a, legs.get(a).size()), t, rule, want);
                    }
                }
            }
            Map<String, JsonNode> latest = f.latestRisk();
            for (String a : List.of("iso", "cross", "hedge")) {
                StreamAllVenuesParityTest.assertSameFigures(a, latest.get(a), calc(a, legs.get(a).size()));
            }
        }
        List<String> got = new ArrayList<>();
        for (JsonNode n : f.readAlerts()) {
            got.add(n.get("message").asText().split(" ")[0] + " " + n.get("kind").asText() + " " + n.get("threshold").asDouble());
        }
        System.out.println("parity alerts, stream / calc + core's rule: " + got.size() + " / " + want.size() + " " + want);
        assertThat(want).as("calc's figures raise alerts on the walk").isNotEmpty();
        assertThat(got).containsExactlyInAnyOrderElementsOf(want);
        assertThat(f.readDeadLetters()).isEmpty();
    }

    //-------------------------------------------------------------------------
    @Test
    void test_coinMarginedAndOtherVenuesSymbols_onTheTiersTopic_areRefusedNamingTheVenue_notPricedAsBinanceLinear() {
        // a Binance leverageBracket entry for a COIN-M symbol used to be taken with Binance USDⓈ-M's linear contract: an
        // account opening 1,000 USD of face was then priced as 1,000 BTC
        Map<String, String> readsAs = Map.of("BTCUSD_PERP", "Binance COIN-M", "BTCUSD", "Bybit inverse", "BTC-USD-SWAP", "OKX inverse",
                "BTC-USDT-SWAP", "OKX swap", "BTC_USDT", "XT contract", "BTC_USD", "XT coin-margined");
        for (var e : readsAs.entrySet()) {
            f.tiers.pipeInput(e.getKey(), "{\"symbol\":\"" + e.getKey() + "\",\"brackets\":[{\"bracket\":1,\"initialLeverage\":125,"
                    + "\"notionalCap\":1000000000,\"notionalFloor\":0,\"maintMarginRatio\":0.004,\"cum\":0}]}");
            List<JsonNode> dead = f.readDeadLetters();
            assertThat(dead).as(e.getKey()).hasSize(1);
            assertThat(dead.get(0).get("field").asText()).isEqualTo("symbol");
            assertThat(dead.get(0).get("reason").asText()).contains(e.getKey() + " is not a Binance USDⓈ-M symbol", e.getValue(),
                    "calc --exchange");
            // nor is the symbol then taken on positions or marks
            f.deposit("coin", 1);
            f.open("coin", e.getKey(), "long", 1000, 60000, 20, "isolated");
            f.mark(e.getKey(), 59000, T0 + 1);
            dead = f.readDeadLetters();
            assertThat(dead).as(e.getKey()).hasSize(2);
            for (JsonNode d : dead) {
                assertThat(d.get("reason").asText()).contains("is not a Binance USDⓈ-M symbol", e.getValue());
            }
        }
        assertThat(f.accountStates().get("coin").positions()).isEmpty();
        // a Binance USDⓈ-M symbol the bundle lacks is still taken from the topic
        f.tiers.pipeInput("DOGEUSDT", "{\"symbol\":\"DOGEUSDT\",\"brackets\":[{\"bracket\":1,\"initialLeverage\":50,"
                + "\"notionalCap\":1000000000,\"notionalFloor\":0,\"maintMarginRatio\":0.01,\"cum\":0}]}");
        f.deposit("coin", 100);
        f.open("coin", "DOGEUSDT", "long", 1000, 0.1, 10, "isolated");
        assertThat(f.readDeadLetters()).isEmpty();
        assertThat(f.accountStates().get("coin").positions()).hasSize(1);
    }

    @Test
    void test_oneVenuePerAccount_anEventOfAnotherExchange_isRefusedNamingBoth_aNewAccountTakesItsVenue() {
        f.deposit("a", 10000);
        f.event("a", "{\"eventId\":\"x1\",\"type\":\"opened\",\"exchange\":\"bybit\",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.1,"
                + "\"price\":60000,\"leverage\":10,\"marginMode\":\"isolated\"}");
        List<JsonNode> dead = f.readDeadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).get("field").asText()).isEqualTo("exchange");
        assertThat(dead.get(0).get("reason").asText()).contains("a is an account on Binance USDⓈ-M (binance), this event says bybit",
                "one venue per account");
        f.event("a", "{\"eventId\":\"x2\",\"type\":\"opened\",\"exchange\":\"binance-coinm\",\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\","
                + "\"contracts\":100,\"price\":60000,\"leverage\":10,\"marginMode\":\"isolated\"}");
        assertThat(f.readDeadLetters().get(0).get("reason").asText()).contains("this event says binance-coinm");
        f.event("a", "{\"eventId\":\"x3\",\"type\":\"opened\",\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.1,"
                + "\"price\":60000,\"leverage\":10,\"marginMode\":\"isolated\"}");
        assertThat(f.readDeadLetters()).isEmpty();
        assertThat(f.accountStates().get("a").positions()).hasSize(1);
        // a Bybit account: its own venue from its first event; an event without exchange (Binance USDⓈ-M) is refused there
        f.event("b", "{\"eventId\":\"y1\",\"type\":\"wallet-transfer\",\"exchange\":\"bybit\",\"amount\":5000}");
        f.event("b", "{\"eventId\":\"y2\",\"type\":\"opened\",\"exchange\":\"bybit\",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.1,"
                + "\"price\":60000,\"leverage\":10,\"marginMode\":\"isolated\"}");
        dead = f.readDeadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).get("reason").asText()).contains("no Bybit tier table for BTCUSDT yet", "keyed bybit:BTCUSDT");
        f.tiers.pipeInput("bybit:BTCUSDT", StreamAllVenuesParityTest.TIERS.get("bybit:BTCUSDT"));
        f.event("b", "{\"eventId\":\"y2\",\"type\":\"opened\",\"exchange\":\"bybit\",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.1,"
                + "\"price\":60000,\"leverage\":10,\"marginMode\":\"isolated\"}");
        f.event("b", "{\"eventId\":\"y3\",\"type\":\"increased\",\"symbol\":\"BTCUSDT\",\"qty\":0.1,\"price\":60000}");
        dead = f.readDeadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).get("reason").asText()).contains("b is an account on Bybit (bybit), this event says binance (no exchange field)");
        assertThat(f.accountStates().get("b").exchange()).isEqualTo(Exchange.BYBIT);
        assertThat(f.accountStates().get("b").positions()).hasSize(1);
        // Bybit's BTCUSDT and Binance's are two instruments: a Bybit tick does not move the Binance holder
        f.readRisk();
        f.marks.pipeInput("BTCUSDT", "{\"exchange\":\"bybit\",\"markPrice\":59000,\"eventTimeMs\":" + (T0 + 5) + "}");
        Map<String, JsonNode> latest = f.latestRisk();
        assertThat(latest).containsOnlyKeys("b");
        assertThat(latest.get("b").get("exchange").asText()).isEqualTo("bybit");
        assertThat(latest.get("b").get("positions").get(0).get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(latest.get("b").get("positions").get(0).get("markPrice").asDouble()).isEqualTo(59000);
        f.mark("BTCUSDT", 61000, T0 + 6);
        assertThat(f.latestRisk()).containsOnlyKeys("a");
        // the venue and its spelling on every topic: tiers of another venue keyed without it, an unknown venue, another spelling
        f.tiers.pipeInput("BTCUSD", "{\"exchange\":\"bybit\"," + StreamAllVenuesParityTest.TIERS.get("bybit:BTCUSD").substring(1));
        f.marks.pipeInput("BTCUSDT", "{\"exchange\":\"kraken\",\"markPrice\":59000,\"eventTimeMs\":" + (T0 + 7) + "}");
        f.marks.pipeInput("okx:BTCUSDT", "{\"markPrice\":59000,\"eventTimeMs\":" + (T0 + 8) + "}");
        f.marks.pipeInput("bybit:BTCUSDT", "{\"exchange\":\"okx\",\"markPrice\":59000,\"eventTimeMs\":" + (T0 + 9) + "}");
        dead = f.readDeadLetters();
        assertThat(dead).extracting(d -> d.get("field").asText()).containsExactly("key", "exchange", "symbol", "exchange");
        assertThat(dead.get(0).get("reason").asText()).contains("must be keyed bybit:BTCUSD", "compacted");
        assertThat(dead.get(1).get("reason").asText()).contains("'kraken' is not a known exchange");
        assertThat(dead.get(2).get("reason").asText()).contains("BTCUSDT is not an OKX symbol", "\"exchange\": \"binance\" or \"bybit\"");
        assertThat(dead.get(3).get("reason").asText()).contains("okx does not match the record key's venue bybit");
        // sizes: a coin qty that is no whole number of contracts, contracts where the venue counts in base units — named by
        // the venue's symbol, not the stream's key
        f.event("c", "{\"eventId\":\"z1\",\"type\":\"wallet-transfer\",\"exchange\":\"binance-coinm\",\"amount\":1}");
        f.event("c", "{\"eventId\":\"z2\",\"type\":\"opened\",\"exchange\":\"binance-coinm\",\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\","
                + "\"qty\":0.5,\"price\":60001,\"leverage\":10,\"marginMode\":\"isolated\"}");
        f.event("a", "{\"eventId\":\"z3\",\"type\":\"increased\",\"symbol\":\"BTCUSDT\",\"contracts\":1,\"price\":60000}");
        dead = f.readDeadLetters();
        assertThat(dead).extracting(d -> d.get("field").asText()).containsExactly("qty", "contracts");
        assertThat(dead.get(0).get("reason").asText()).contains("0.5 BTC at 60,001 is 300.005 contracts", "BTCUSD_PERP holds whole contracts")
                .doesNotContain("BINANCE-COINM:");
        assertThat(dead.get(1).get("reason").asText()).contains("BTCUSDT on Binance USDⓈ-M counts in base units, not contracts; give qty");
        assertThat(f.accountStates().get("c").positions()).isEmpty();
    }

    //-------------------------------------------------------------------------
    private void deposit(String account, double amount) {
        f.deposit(account, amount);
        wallets.merge(account, amount, Double::sum);
        legs.computeIfAbsent(account, k -> new ArrayList<>());
    }

    private void open(String account, String symbol, Side side, PositionSide leg, double qty, double price, double leverage, MarginMode mode) {
        f.event(account, String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"opened\",\"symbol\":\"%s\",\"side\":\"%s\",\"qty\":%s,"
                        + "\"price\":%s,\"leverage\":%s,\"marginMode\":\"%s\",\"positionSide\":\"%s\"}", f.nextId(), symbol, side.label(), qty, price,
                leverage, mode.label(), leg.label()));
        legs.get(account).add(new Position(symbol, side, qty, price, leverage, mode, leg, 0, price));
        marks.putIfAbsent(symbol, price);
    }

    private boolean holds(String account, String symbol) {
        return legs.get(account).stream().anyMatch(p -> p.symbol().equals(symbol));
    }

    /** calc --account on the account's first {@code n} positions at the current marks (a symbol before its first tick at its fill). */
    private AccountReport calc(String account, int n) {
        List<Position> ps = new ArrayList<>();
        for (Position p : legs.get(account).subList(0, n)) {
            ps.add(new Position(p.symbol(), p.side(), p.qty(), p.entryPrice(), p.leverage(), p.marginMode(), p.positionSide(), 0,
                    marks.getOrDefault(p.symbol(), p.entryPrice())));
        }
        return MarginCalculator.evaluate(new Account(wallets.get(account), ps, Exchange.BINANCE), CALC);
    }
}
