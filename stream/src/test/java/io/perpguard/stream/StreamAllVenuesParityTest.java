package io.perpguard.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.perpguard.alerts.AlertPolicy;
import io.perpguard.alerts.AlertState;
import io.perpguard.alerts.MarginAlertRules;
import io.perpguard.app.CalcUseCase;
import io.perpguard.app.PooledAccount;
import io.perpguard.data.account.AccountFile;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.PositionReport;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * Every venue the core prices, through the stream, against {@code calc --exchange X --tiers FILE --account FILE}
 * (an account file read by {@link AccountFile} and priced by {@link CalcUseCase#account} on the instruments
 * {@code calc} loads from the same tier responses the stream received on its {@code tiers} topic) figure for figure,
 * over the same walk of marks as {@link StreamVenueParityTest}: Binance COIN-M (inverse, hedge legs, sized in coin and
 * in contracts), Bybit linear (cross and isolated) and inverse, Bybit unified (isolated), OKX linear (a cross account over two swaps, across a
 * tier boundary in contracts) and inverse (isolated), XT (hedge legs); the alerts against core's rule on calc's ratios.
 * The tier tables are the venues' response shapes with test figures, not current venue tables.
 */
class StreamAllVenuesParityTest {
    private static final long T0 = TopologyFixture.T0;

    /** Each venue's tier responses, as the venue answers (the test's figures). */
    static final Map<String, String> TIERS = new LinkedHashMap<>();

    static {
        TIERS.put("bybit:BTCUSDT", """
                {"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[
                 {"id":1,"symbol":"BTCUSDT","riskLimitValue":"2000000","maintenanceMargin":"0.005","initialMargin":"0.01","isLowestRisk":1,"maxLeverage":"100.00","mmDeduction":"0"},
                 {"id":2,"symbol":"BTCUSDT","riskLimitValue":"4000000","maintenanceMargin":"0.01","initialMargin":"0.02","isLowestRisk":0,"maxLeverage":"50.00","mmDeduction":"10000"}]},
                 "retExtInfo":{},"time":1700000000000}""");
        TIERS.put("bybit-uta:BTCUSDT", TIERS.get("bybit:BTCUSDT"));
        TIERS.put("bybit:BTCUSD", """
                {"retCode":0,"retMsg":"OK","result":{"category":"inverse","list":[
                 {"id":1,"symbol":"BTCUSD","riskLimitValue":"150","maintenanceMargin":"0.5","initialMargin":"1","isLowestRisk":1,"maxLeverage":"100.00","mmDeduction":"0"},
                 {"id":2,"symbol":"BTCUSD","riskLimitValue":"300","maintenanceMargin":"1","initialMargin":"2","isLowestRisk":0,"maxLeverage":"50.00","mmDeduction":"0.75"}]},
                 "retExtInfo":{},"time":1700000000000}""");
        TIERS.put("bybit-uta:BTCUSD", TIERS.get("bybit:BTCUSD"));
        TIERS.put("okx:BTC-USDT-SWAP", """
                {"code":"0","msg":"","data":[
                 {"uly":"BTC-USDT","instFamily":"BTC-USDT","instId":"","tier":"1","minSz":"0","maxSz":"40","mmr":"0.004","imr":"0.008","maxLever":"125","optMgnFactor":"0","quoteMaxLoan":"","baseMaxLoan":""},
                 {"uly":"BTC-USDT","instFamily":"BTC-USDT","instId":"","tier":"2","minSz":"40","maxSz":"200","mmr":"0.006","imr":"0.01","maxLever":"100","optMgnFactor":"0","quoteMaxLoan":"","baseMaxLoan":""}]}""");
        TIERS.put("okx:ETH-USDT-SWAP", """
                {"code":"0","msg":"","data":[
                 {"uly":"ETH-USDT","instFamily":"ETH-USDT","instId":"","tier":"1","minSz":"0","maxSz":"2000","mmr":"0.01","imr":"0.013","maxLever":"75","optMgnFactor":"0","quoteMaxLoan":"","baseMaxLoan":""},
                 {"uly":"ETH-USDT","instFamily":"ETH-USDT","instId":"","tier":"2","minSz":"2000","maxSz":"4000","mmr":"0.015","imr":"0.02","maxLever":"50","optMgnFactor":"0","quoteMaxLoan":"","baseMaxLoan":""}]}""");
        TIERS.put("okx:BTC-USD-SWAP", """
                {"code":"0","msg":"","data":[
                 {"uly":"BTC-USD","instFamily":"BTC-USD","instId":"","tier":"1","minSz":"0","maxSz":"5000","mmr":"0.004","imr":"0.008","maxLever":"125","optMgnFactor":"0","quoteMaxLoan":"","baseMaxLoan":""},
                 {"uly":"BTC-USD","instFamily":"BTC-USD","instId":"","tier":"2","minSz":"5000","maxSz":"10000","mmr":"0.006","imr":"0.01","maxLever":"100","optMgnFactor":"0","quoteMaxLoan":"","baseMaxLoan":""}]}""");
        TIERS.put("xt:BTC_USDT", """
                {"returnCode":0,"msgInfo":"success","error":null,"result":{"symbol":"btc_usdt","leverageBrackets":[
                 {"symbol":"btc_usdt","bracket":1,"maxNominalValue":"20000","maintMarginRate":"0.004","startMarginRate":"0.008","maxStartMarginRate":null,"maxLeverage":"125","minLeverage":"1"},
                 {"symbol":"btc_usdt","bracket":2,"maxNominalValue":"1000000","maintMarginRate":"0.005","startMarginRate":"0.01","maxStartMarginRate":null,"maxLeverage":"100","minLeverage":"1"}]}}""");
    }

    @TempDir
    Path stateDir;
    @TempDir
    Path files;
    private TopologyFixture f;
    /** calc's instruments per venue: VenueInstruments.load with --tiers FILE holding the venue's responses. */
    private final Map<Exchange, Instruments> calc = new EnumMap<>(Exchange.class);
    /** The account file as calc would read it, event by event. */
    private final Map<String, Exchange> venue = new LinkedHashMap<>();
    private final Map<String, Double> wallets = new HashMap<>();
    private final Map<String, List<ObjectNode>> positions = new HashMap<>();
    private final Map<String, Double> marks = new HashMap<>();
    /** The collateral each account states beside its wallet: asset → {amount, collateral ratio, index price}. */
    private final Map<String, Map<String, double[]>> collateral = new HashMap<>();
    static int comparisons;

    @BeforeEach
    void start() throws IOException {
        f = new TopologyFixture(stateDir, false);
        Map<Exchange, ArrayNode> responses = new EnumMap<>(Exchange.class);
        for (var e : TIERS.entrySet()) {
            Exchange ex = Exchange.parse("x", e.getKey().substring(0, e.getKey().indexOf(':')));
            f.tiers.pipeInput(e.getKey(), e.getValue());
            responses.computeIfAbsent(ex, k -> TopologyFixture.READ.createArrayNode()).add(TopologyFixture.parse(e.getValue()));
        }
        assertThat(f.readDeadLetters()).as("every venue's tier response is taken").isEmpty();
        for (Exchange ex : Exchange.values()) {
            Path tiers = null;
            if (responses.containsKey(ex)) {
                // the file `tiers download` writes: the venue's responses in perpguard's envelope
                ObjectNode env = TopologyFixture.READ.createObjectNode().put("perpguardTiers", 1).put("exchange", ex.id());
                env.set("responses", responses.get(ex));
                tiers = files.resolve(ex.id() + ".json");
                Files.writeString(tiers, env.toString());
            }
            calc.put(ex, VenueInstruments.load(new VenueInstruments.Source(ex, tiers, null, null, null)));
        }
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void test_everyVenue_inverseAndHedgeIncluded_equalsCalcAccountFigureForFigure_andRaisesTheSameAlerts() {
        // Binance COIN-M: hedge legs of BTCUSD_PERP, the long sized in coin (0.5 BTC at 60,000 = 300 contracts), in a BTC wallet
        deposit("cm-hedge", Exchange.BINANCE_COINM, 0.032);
        open("cm-hedge", "BTCUSD_PERP", "long", "long", "qty", 0.5, 60000, 20, "cross");
        open("cm-hedge", "BTCUSD_PERP", "short", "short", "contracts", 100, 61000, 20, "cross");
        // Bybit linear, cross and isolated; Bybit inverse in a BTC wallet
        deposit("bybit-cross", Exchange.BYBIT, 3000);
        open("bybit-cross", "BTCUSDT", "long", "both", "qty", 0.6, 60000, 25, "cross");
        deposit("bybit-iso", Exchange.BYBIT, 2000);
        open("bybit-iso", "BTCUSDT", "short", "both", "qty", 0.3, 60000, 10, "isolated");
        deposit("bybit-inv", Exchange.BYBIT, 0.4);
        open("bybit-inv", "BTCUSD", "long", "both", "contracts", 20000, 60000, 25, "cross");
        // Bybit unified account (its own isolated rule), the same BTCUSDT tiers on its own key
        deposit("uta-iso", Exchange.BYBIT_UTA, 2500);
        open("uta-iso", "BTCUSDT", "long", "both", "qty", 0.4, 60000, 20, "isolated");
        // OKX: a cross account over two swaps (50 BTC-USDT-SWAP contracts: tier 2 by contracts), an inverse isolated short
        deposit("okx-cross", Exchange.OKX, 6000);
        open("okx-cross", "BTC-USDT-SWAP", "long", "both", "contracts", 50, 60000, 20, "cross");
        open("okx-cross", "ETH-USDT-SWAP", "short", "both", "contracts", 30, 3000, 10, "cross");
        deposit("okx-inv", Exchange.OKX, 0.5);
        open("okx-inv", "BTC-USD-SWAP", "short", "both", "contracts", 200, 60000, 10, "isolated");
        // XT: hedge legs
        deposit("xt-hedge", Exchange.XT, 4000);
        open("xt-hedge", "BTC_USDT", "long", "long", "contracts", 6000, 60000, 20, "cross");
        open("xt-hedge", "BTC_USDT", "short", "short", "contracts", 2000, 61000, 20, "cross");
        assertThat(f.readDeadLetters()).isEmpty();

        Map<String, AlertState> rule = new HashMap<>();
        List<String> want = new ArrayList<>();
        Map<String, JsonNode> opened = f.latestRisk();
        for (String a : venue.keySet()) {
            // the opens, priced at their fill prices by both sides (no tick yet)
            for (int i = 1; i <= positions.get(a).size(); i++) {
                alertsOf(a, calc(a, i), T0, rule, want);
            }
            assertSameFigures(a, opened.get(a), calc(a, positions.get(a).size()));
            assertThat(opened.get(a).get("exchange").asText()).isEqualTo(venue.get(a).id());
        }
        assertThat(opened.get("cm-hedge").get("currency").asText()).isEqualTo("BTC");
        assertThat(opened.get("okx-inv").get("currency").asText()).isEqualTo("BTC");
        assertThat(opened.get("okx-cross").get("currency").asText()).isEqualTo("USDT");
        // inverse sizes: USD face as core holds it, and the venue's contracts
        assertThat(opened.get("cm-hedge").get("positions").get(0).get("qty").asDouble()).isEqualTo(30000);
        assertThat(opened.get("cm-hedge").get("positions").get(0).get("contracts").asDouble()).isEqualTo(300);
        assertThat(opened.get("okx-cross").get("positions").get(0).get("contracts").asDouble()).isEqualTo(50);
        assertThat(opened.get("bybit-cross").get("positions").get(0).get("contracts").isNull()).isTrue();

        // the walk of StreamVenueParityTest: BTC, ETH
        double[][] walk = {{59000, 3050}, {57500, 3150}, {56800, 3200}, {56200, 3260}, {55900, 3300}, {57000, 3100}, {55500, 3350}};
        String[][] symbols = {{"binance-coinm", "BTCUSD_PERP", "0"}, {"bybit", "BTCUSDT", "0"}, {"bybit", "BTCUSD", "0"}, {"bybit-uta", "BTCUSDT", "0"},
                {"okx", "BTC-USDT-SWAP", "0"}, {"okx", "ETH-USDT-SWAP", "1"}, {"okx", "BTC-USD-SWAP", "0"}, {"xt", "BTC_USDT", "0"}};
        long t = T0;
        int steps = 0;
        for (double[] m : walk) {
            for (String[] s : symbols) {
                t += 1000;
                double price = m[Integer.parseInt(s[2])];
                marks.put(s[0] + ":" + s[1], price);
                // the venue named by the exchange field (on every other tick) or by the key
                if ((steps++ & 1) == 0) {
                    f.marks.pipeInput(s[1], String.format(Locale.ROOT, "{\"exchange\":\"%s\",\"markPrice\":%s,\"fundingRate\":0.0001,\"eventTimeMs\":%d}",
                            s[0], price, t));
                } else {
                    f.marks.pipeInput(s[0] + ":" + s[1], String.format(Locale.ROOT, "{\"markPrice\":%s,\"fundingRate\":0.0001,\"eventTimeMs\":%d}", price, t));
                }
                for (String a : venue.keySet()) {
                    if (venue.get(a).id().equals(s[0]) && holds(a, s[1])) {
                        alertsOf(a, calc(a, positions.get(a).size()), t, rule, want);
                    }
                }
            }
            Map<String, JsonNode> latest = f.latestRisk();
            for (String a : venue.keySet()) {
                assertSameFigures(a, latest.get(a), calc(a, positions.get(a).size()));
            }
        }
        List<String> got = new ArrayList<>();
        for (JsonNode n : f.readAlerts()) {
            got.add(n.get("message").asText().split(" ")[0] + " " + n.get("kind").asText() + " " + n.get("threshold").asDouble());
        }
        System.out.println("all-venue parity: " + comparisons + " figures compared; alerts stream / calc + core's rule: " + got.size()
                + " / " + want.size() + " " + want);
        assertThat(want).as("calc's figures raise alerts on the walk").isNotEmpty();
        assertThat(got).containsExactlyInAnyOrderElementsOf(want);
        assertThat(f.readDeadLetters()).isEmpty();
        // the venue is kept with the account (a restart reads it back from the binary state)
        assertThat(f.accountStates().get("okx-inv").exchange()).isEqualTo(Exchange.OKX);
        assertThat(f.accountStates().get("cm-hedge").positions().get(0).symbol()).isEqualTo("BINANCE-COINM:BTCUSD_PERP");
    }

    @Test
    void test_pooledAccounts_bybitUnified_okxMultiCurrency_binanceMultiAssets_equalCalcAccount_overMarksIndexMovesAndRealizedPnl() {
        bybitUnifiedPool();
        okxMultiCurrencyPool();
        binanceMultiAssetsPool("bn-pool");
        assertThat(f.readDeadLetters()).isEmpty();

        Map<String, AlertState> rule = new HashMap<>();
        List<String> want = new ArrayList<>();
        Map<String, JsonNode> opened = f.latestRisk();
        for (String a : venue.keySet()) {
            for (int i = 1; i <= positions.get(a).size(); i++) {
                alertsOf(a, pooled(a, i).report(), T0, rule, want);
            }
            assertSamePool(a, opened.get(a), pooled(a, positions.get(a).size()));
        }
        assertThat(f.accountStates().get("uta-pool").collateral()).extracting(AccountFile.Collateral::asset).containsExactly("BTC", "USDC");

        double[][] walk = {{59000, 3050}, {57500, 3150}, {56800, 3200}, {56200, 3260}, {55900, 3300}, {57000, 3100}, {55500, 3350}};
        String[][] symbols = {{"bybit-uta", "BTCUSDT", "0"}, {"bybit-uta", "BTCUSD", "0"}, {"okx", "BTC-USDT-SWAP", "0"},
                {"okx", "ETH-USDT-SWAP", "1"}, {"binance", "BTCUSDT", "0"}, {"binance", "ETHUSDT", "1"}};
        long t = T0;
        for (int step = 0; step < walk.length; step++) {
            double[] m = walk[step];
            for (String[] s : symbols) {
                t += 1000;
                double price = m[Integer.parseInt(s[2])];
                marks.put(s[0] + ":" + s[1], price);
                f.marks.pipeInput(s[0] + ":" + s[1], String.format(Locale.ROOT, "{\"markPrice\":%s,\"fundingRate\":0.0001,\"eventTimeMs\":%d}", price, t));
                for (String a : venue.keySet()) {
                    if (venue.get(a).id().equals(s[0]) && holds(a, s[1])) {
                        alertsOf(a, pooled(a, positions.get(a).size()).report(), t, rule, want);
                    }
                }
            }
            if (step == 2) {
                // the collateral coins' indexes move: each account restates them; then half the inverse long is taken off at
                // 56,800, its loss realized in BTC: 5,000 USD of face × (1/60,000 − 1/56,800)
                double[][] moves = {{0, 56000}, {2, 3300}};
                for (String[] x : new String[][]{{"uta-pool", "BTC"}, {"bn-pool", "BTC"}, {"okx-pool", "ETH"}}) {
                    double index = x[1].equals("BTC") ? moves[0][1] : moves[1][1];
                    double[] c = collateral.get(x[0]).get(x[1]);
                    collateral(x[0], x[1], c[0], c[1], index);
                    alertsOf(x[0], pooled(x[0], positions.get(x[0]).size()).report(), t, rule, want);
                }
                f.event("uta-pool", String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"reduced\",\"exchange\":\"bybit-uta\","
                        + "\"symbol\":\"BTCUSD\",\"contracts\":5000,\"price\":56800}", f.nextId()));
                // settled to 8 decimals, as the venue's ledger (and the stream's wallet) is
                double[] btc = collateral.get("uta-pool").get("BTC");
                btc[0] = io.perpguard.Money.round(btc[0] + 5000 * (1 / 60000.0 - 1 / 56800.0));
                positions.get("uta-pool").get(1).put("contracts", 5000);
                alertsOf("uta-pool", pooled("uta-pool", 2).report(), t, rule, want);
                assertThat(f.readDeadLetters()).isEmpty();
            }
            Map<String, JsonNode> latest = f.latestRisk();
            for (String a : venue.keySet()) {
                assertSamePool(a, latest.get(a), pooled(a, positions.get(a).size()));
            }
        }
        List<String> got = new ArrayList<>();
        for (JsonNode n : f.readAlerts()) {
            got.add(n.get("message").asText().split(" ")[0] + " " + n.get("kind").asText() + " " + n.get("threshold").asDouble());
        }
        System.out.println("pooled parity: " + comparisons + " figures compared; alerts stream / calc + core's rule: " + got.size() + " / "
                + want.size() + " " + want);
        assertThat(want).as("calc's figures raise alerts on the walk").isNotEmpty();
        assertThat(got).containsExactlyInAnyOrderElementsOf(want);
        assertThat(f.readDeadLetters()).isEmpty();
        // the pool is kept in the account's state (format 3) and read back
        assertThat(f.accountStates().get("okx-pool").collateral()).containsExactly(new AccountFile.Collateral("ETH", 2, 0.9, 3300));
        assertThat(f.accountStates().get("uta-pool").collateral().get(0).amount()).isCloseTo(collateral.get("uta-pool").get("BTC")[0],
                offset(1e-8));
    }

    /**
     * With the tick index on (a publish step, as {@code stream} runs), a pooled account's tick computes its pool's ratio alone
     * and prices the whole record (each liquidation price solved on the pool) only when one leaves. Over the walk with every
     * USDT perpetual's tick carrying its coin's index (2 bp under the mark): five pooled accounts on three venues — one
     * holding BTCUSDT with BTC beside it, one holding ETHUSDT with BTC beside it (re-priced by BTCUSDT's index, not its
     * mark), one holding ETHUSDT with ETH beside it (not re-priced by BTCUSDT at all), Bybit unified with a BTC-settled
     * inverse leg, OKX over two swaps — every record published equals {@code calc --account} at that tick, an account
     * is published exactly when core's rule alerts or its ratio (calc's) moved by the step since its last record, the
     * alerts are core's rule's on calc's ratios at every tick of the account, the reference path ran once per record, and the pools' bands re-priced them at fewer ticks than move them.
     */
    @Test
    void test_pooledAccounts_withTheTickIndex_publishExactlyAsCalcFilteredByTheStep_referencePathOnlyForWhatLeaves() {
        f.close();
        f = new TopologyFixture(stateDir.resolve("indexed"), MarginTopology.Options.defaults(TopologyFixture.APP).withPersistent(false)
                .withConflate(java.time.Duration.ZERO));
        for (var e : TIERS.entrySet()) {
            f.tiers.pipeInput(e.getKey(), e.getValue());
        }
        binanceMultiAssetsPool("bn-btc");
        deposit("bn-eth-btc", Exchange.BINANCE, 300);
        collateral("bn-eth-btc", "BTC", 0.05, 0.95, 60000);
        open("bn-eth-btc", "ETHUSDT", "long", "both", "qty", 15, 3000, 10, "cross");
        deposit("bn-eth-eth", Exchange.BINANCE, 400);
        collateral("bn-eth-eth", "ETH", 1, 0.9, 3000);
        open("bn-eth-eth", "ETHUSDT", "short", "both", "qty", 6, 3000, 20, "cross");
        bybitUnifiedPool();
        okxMultiCurrencyPool();
        assertThat(f.readDeadLetters()).isEmpty();

        Map<String, AlertState> rule = new HashMap<>();
        Map<String, Double> published = new HashMap<>();
        List<String> want = new ArrayList<>();
        for (String a : venue.keySet()) {
            for (int i = 1; i <= positions.get(a).size(); i++) {
                alertsOf(a, pooled(a, i).report(), T0, rule, want);
            }
            published.put(a, worst(pooled(a, positions.get(a).size()).report()));
        }
        f.readRisk();
        List<String> got = new ArrayList<>(alerts());
        double before = metric(MarginTopology.REPRICINGS_METRIC), reference = metric(MarginTopology.REFERENCE_PRICINGS_METRIC);
        double[][] walk = {{59700, 3020}, {59000, 3050}, {58600, 3080}, {57500, 3150}, {57300, 3160}, {56800, 3200}, {56200, 3260},
                {55900, 3300}, {57000, 3100}, {55500, 3350}, {55400, 3360}};
        String[][] symbols = {{"binance", "BTCUSDT", "0"}, {"binance", "ETHUSDT", "1"}, {"bybit-uta", "BTCUSDT", "0"},
                {"bybit-uta", "BTCUSD", "0"}, {"okx", "BTC-USDT-SWAP", "0"}, {"okx", "ETH-USDT-SWAP", "1"}};
        long t = T0;
        int records = 0, repriced = 0, skipped = 0;
        for (double[] m : walk) {
            for (String[] s : symbols) {
                t += 1000;
                double price = m[Integer.parseInt(s[2])];
                double index = price * 0.9998;
                marks.put(s[0] + ":" + s[1], price);
                f.marks.pipeInput(s[0] + ":" + s[1], String.format(Locale.ROOT, "{\"markPrice\":%s,\"indexPrice\":%s,\"eventTimeMs\":%d}",
                        price, index, t));
                // the coin whose index this tick carries: a USDT perpetual's (BTCUSDT, BTC-USDT-SWAP), none for BTCUSD
                String coin = s[1].startsWith("BTC") ? "BTC" : "ETH";
                boolean carries = s[1].equals(coin + "USDT") || s[1].equals(coin + "-USDT-SWAP");
                Map<String, JsonNode> latest = f.latestRisk();
                for (String a : venue.keySet()) {
                    boolean states = carries && collateral.get(a).containsKey(coin);
                    if (!venue.get(a).id().equals(s[0]) || !holds(a, s[1]) && !states) {
                        assertThat(latest).as(a + " holds neither " + s[1] + " nor its coin").doesNotContainKey(a);
                        continue;
                    }
                    if (states) {
                        collateral.get(a).get(coin)[2] = index;
                    }
                    repriced++;
                    PooledAccount.Result calc = pooled(a, positions.get(a).size());
                    int alertsBefore = want.size();
                    alertsOf(a, calc.report(), t, rule, want);
                    double ratio = worst(calc.report());
                    double last = published.get(a);
                    boolean publishes = want.size() > alertsBefore || !(Math.abs(ratio - last) < MarginTopology.DEFAULT_PUBLISH_STEP) && ratio != last;
                    assertThat(latest.containsKey(a)).as(a + " at " + s[1] + " " + price + ": ratio " + ratio + ", last published " + last)
                            .isEqualTo(publishes);
                    if (publishes) {
                        assertSamePool(a, latest.get(a), calc);
                        published.put(a, ratio);
                        records++;
                    } else {
                        skipped++;
                    }
                }
                got.addAll(alerts());
            }
        }
        System.out.println("pooled with the tick index: " + repriced + " ticks moving a pool, " + metric(MarginTopology.REPRICINGS_METRIC)
                + " re-pricings in all, " + records + " records, " + skipped
                + " without one; alerts " + got);
        // the pools' bands: re-priced only at the ticks that leave them, fewer than every tick of their symbols and coins
        assertThat(metric(MarginTopology.REPRICINGS_METRIC) - before).as("pools visited (of %d ticks that move them)", repriced)
                .isLessThan(repriced).isGreaterThanOrEqualTo(records);
        assertThat(metric(MarginTopology.REFERENCE_PRICINGS_METRIC) - reference).as("the reference path once per record").isEqualTo(records);
        assertThat(skipped).as("ticks that leave nothing").isPositive();
        assertThat(want).as("calc's ratios raise alerts on the walk").hasSizeGreaterThan(3);
        assertThat(got).containsExactlyElementsOf(want);
        assertThat(f.readDeadLetters()).isEmpty();
    }

    /**
     * The same position past the symbol's largest tier on an account on its wallet and on a pooled one: an opening or an
     * increase past it is refused alike on both, one line naming the event's own field (contracts, as given) and the cap —
     * the engine's refusal named an account file's positions[0].qty in BTC ("4.382 … at most 2"); a short the market takes
     * past the cap (Bybit's 4,000,000 USDT, at 70,000) is priced on the last tier on both, equal to calc --account.
     */
    @Test
    void test_pastTheLargestTier_refusedAlikeOnBothPaths_namingTheEventsField_aHeldOneGrownPastItPricedOnTheLastTierAlike() {
        deposit("okx-plain", Exchange.OKX, 100000);
        deposit("okx-pool", Exchange.OKX, 100000);
        collateral("okx-pool", "ETH", 1, 0.9, 3000);
        f.readRisk();
        List<String> reasons = new ArrayList<>();
        for (String a : List.of("okx-plain", "okx-pool")) {
            f.event(a, String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"opened\",\"exchange\":\"okx\",\"symbol\":\"BTC-USDT-SWAP\","
                    + "\"side\":\"long\",\"contracts\":438.2,\"price\":60000,\"leverage\":10,\"marginMode\":\"cross\"}", f.nextId()));
            reasons.add(refusal(a, "contracts"));
            assertThat(f.accountStates().get(a).positions()).as(a).isEmpty();
        }
        assertThat(reasons.get(0)).as("one line, the same on both paths").isEqualTo(reasons.get(1)).doesNotContain("\n", "positions[")
                .contains("438.2 is outside the allowed range: more than 0 and at most 200 for BTC-USDT-SWAP at price 60,000",
                        "largest tier cap, 200 contracts");
        reasons.clear();
        for (String a : List.of("okx-plain", "okx-pool")) {
            open(a, "BTC-USDT-SWAP", "long", "both", "contracts", 150, 60000, 10, "cross");
            f.event(a, String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"increased\",\"exchange\":\"okx\",\"symbol\":\"BTC-USDT-SWAP\","
                    + "\"side\":\"long\",\"contracts\":60,\"price\":61000,\"leverage\":10,\"marginMode\":\"cross\"}", f.nextId()));
            reasons.add(refusal(a, "contracts"));
            assertThat(f.accountStates().get(a).positions()).as(a).singleElement().satisfies(p -> assertThat(p.qty()).isEqualTo(1.5));
        }
        assertThat(reasons.get(0)).isEqualTo(reasons.get(1)).contains("60 would take the BTC-USDT-SWAP both position to 210 contracts at its entry 60,285.7,",
                "above its largest tier cap 200 contracts");

        // grown past the cap by the market: priced on the last tier, as calc prices the file
        deposit("bybit-plain", Exchange.BYBIT, 1000000);
        deposit("bybit-pool", Exchange.BYBIT_UTA, 1000000);
        collateral("bybit-pool", "ETH", 1, 0.9, 3000);
        open("bybit-plain", "BTCUSDT", "short", "both", "qty", 60, 60000, 10, "cross");
        open("bybit-pool", "BTCUSDT", "short", "both", "qty", 60, 60000, 10, "cross");
        assertThat(f.readDeadLetters()).isEmpty();
        f.readRisk();
        long t = T0;
        for (double price : new double[]{65000, 70000, 72000}) {
            t += 1000;
            for (String key : List.of("bybit:BTCUSDT", "bybit-uta:BTCUSDT")) {
                marks.put(key, price);
                f.marks.pipeInput(key, String.format(Locale.ROOT, "{\"markPrice\":%s,\"eventTimeMs\":%d}", price, t));
            }
            Map<String, JsonNode> latest = f.latestRisk();
            assertSameFigures("bybit-plain", latest.get("bybit-plain"), calc("bybit-plain", 1));
            assertSamePool("bybit-pool", latest.get("bybit-pool"), pooled("bybit-pool", 1));
            assertThat(f.readDeadLetters()).as("at " + price).isEmpty();
        }
        assertThat(calc("bybit-plain", 1).positions().get(0).tier()).as("past the cap, the last tier").isEqualTo(2);
        assertThat(pooled("bybit-pool", 1).report().positions().get(0).notional()).as("past the 4,000,000 cap").isGreaterThan(4e6);
    }

    /**
     * A position a tiers change puts past the symbol's largest tier (OKX BTC-USDT-SWAP's cap cut from 200 to 100 contracts
     * under a 150-contract long), on an account on its wallet and on a pooled one: its ticks and a reduce of it were refused
     * (calc refuses such a file); a venue always takes a reduce-only order. Now both accounts are priced on the last tier at
     * the tick (calc's figures with that tier's cap lifted to hold the position), the reduce to 120 contracts is taken with a
     * tier_cap alert naming the cap, an increase past the cap is still refused alike, and once reduced to the cap the
     * account is calc's on the new tiers as they are.
     */
    @Test
    void test_heldPastTheLargestTierByATiersChange_aReduceIsTakenWithATierCapAlert_ticksPricedOnTheLastTier_increasesRefusedAlike()
            throws IOException {
        deposit("okx-plain", Exchange.OKX, 100000);
        deposit("okx-pool", Exchange.OKX, 100000);
        collateral("okx-pool", "ETH", 1, 0.9, 3000);
        List<String> accounts = List.of("okx-plain", "okx-pool");
        for (String a : accounts) {
            open(a, "BTC-USDT-SWAP", "long", "both", "contracts", 150, 60000, 10, "cross");
        }
        assertThat(f.readDeadLetters()).isEmpty();
        f.readRisk();
        String cut = """
                {"code":"0","msg":"","data":[
                 {"uly":"BTC-USDT","instFamily":"BTC-USDT","instId":"","tier":"1","minSz":"0","maxSz":"40","mmr":"0.004","imr":"0.008","maxLever":"125","optMgnFactor":"0","quoteMaxLoan":"","baseMaxLoan":""},
                 {"uly":"BTC-USDT","instFamily":"BTC-USDT","instId":"","tier":"2","minSz":"40","maxSz":"%s","mmr":"0.006","imr":"0.01","maxLever":"20","optMgnFactor":"0","quoteMaxLoan":"","baseMaxLoan":""}]}""";
        f.tiers.pipeInput("okx:BTC-USDT-SWAP", String.format(Locale.ROOT, cut, "100"));
        Instruments asCut = okxTiers(String.format(Locale.ROOT, cut, "100"), "cut");
        // calc on the new tiers refuses the file; with the last tier's cap lifted to hold the position it prices it on that tier
        calc.put(Exchange.OKX, asCut);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> calc("okx-plain", 1)).hasMessageContaining("largest tier");
        calc.put(Exchange.OKX, okxTiers(String.format(Locale.ROOT, cut, "150"), "lifted"));

        marks.put("okx:BTC-USDT-SWAP", 59000.0);
        tick("okx:BTC-USDT-SWAP", 59000, Double.NaN, T0 + 1000);
        Map<String, JsonNode> latest = f.latestRisk();
        assertThat(f.readDeadLetters()).as("the tick is priced, not refused").isEmpty();
        assertSameFigures("okx-plain", latest.get("okx-plain"), calc("okx-plain", 1));
        assertSamePool("okx-pool", latest.get("okx-pool"), pooled("okx-pool", 1));

        // a reduce still past the cap: taken on both, priced on the last tier, with an alert naming the cap
        List<String> said = new ArrayList<>();
        for (String a : accounts) {
            f.event(a, String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"reduced\",\"exchange\":\"okx\",\"symbol\":\"BTC-USDT-SWAP\","
                    + "\"side\":\"long\",\"contracts\":30,\"price\":59000}", f.nextId()));
            positions.get(a).get(0).put("contracts", 120);
            wallets.merge(a, 0.3 * (59000 - 60000), Double::sum);
            List<JsonNode> alerts = f.readAlerts();
            assertThat(alerts).as(a).singleElement().satisfies(x -> {
                assertThat(x.get("kind").asText()).isEqualTo(AccountEngine.TIER_CAP);
                assertThat(x.get("threshold").asDouble()).as("the cap").isEqualTo(100);
                said.add(x.get("message").asText().substring(a.length()));
            });
            assertThat(f.accountStates().get(a).positions()).as(a).singleElement().satisfies(p -> assertThat(p.qty()).isEqualTo(1.2));
        }
        assertThat(f.readDeadLetters()).as("the reduce is taken").isEmpty();
        assertThat(said.get(0)).isEqualTo(said.get(1)).isEqualTo(" BTC-USDT-SWAP both position of 120 contracts at its entry 60,000 exceeds the "
                + "largest tier's cap 100 contracts (the tiers changed): priced on the last tier; only a reduction is taken");
        calc.put(Exchange.OKX, okxTiers(String.format(Locale.ROOT, cut, "120"), "lifted-120"));
        latest = f.latestRisk();
        assertThat(latest.get("okx-plain").get("trigger").asText()).isEqualTo("reduced");
        assertSameFigures("okx-plain", latest.get("okx-plain"), calc("okx-plain", 1));
        assertSamePool("okx-pool", latest.get("okx-pool"), pooled("okx-pool", 1));
        marks.put("okx:BTC-USDT-SWAP", 58500.0);
        tick("okx:BTC-USDT-SWAP", 58500, Double.NaN, T0 + 2000);
        latest = f.latestRisk();
        assertThat(f.readDeadLetters()).isEmpty();
        assertSameFigures("okx-plain", latest.get("okx-plain"), calc("okx-plain", 1));
        assertSamePool("okx-pool", latest.get("okx-pool"), pooled("okx-pool", 1));

        // an increase past the cap is refused alike, nothing changes
        List<String> reasons = new ArrayList<>();
        for (String a : accounts) {
            f.event(a, String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"increased\",\"exchange\":\"okx\",\"symbol\":\"BTC-USDT-SWAP\","
                    + "\"side\":\"long\",\"contracts\":1,\"price\":58500,\"leverage\":10,\"marginMode\":\"cross\"}", f.nextId()));
            reasons.add(refusal(a, "contracts"));
            assertThat(f.accountStates().get(a).positions()).as(a).singleElement().satisfies(p -> assertThat(p.qty()).isEqualTo(1.2));
        }
        assertThat(reasons.get(0)).isEqualTo(reasons.get(1)).contains("above its largest tier cap 100 contracts");

        // reduced to the cap: calc's on the new tiers as they are, no tier_cap alert
        calc.put(Exchange.OKX, asCut);
        for (String a : accounts) {
            f.event(a, String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"reduced\",\"exchange\":\"okx\",\"symbol\":\"BTC-USDT-SWAP\","
                    + "\"side\":\"long\",\"contracts\":20,\"price\":58500}", f.nextId()));
            positions.get(a).get(0).put("contracts", 100);
            wallets.merge(a, 0.2 * (58500 - 60000), Double::sum);
        }
        assertThat(f.readDeadLetters()).isEmpty();
        assertThat(f.readAlerts()).isEmpty();
        latest = f.latestRisk();
        assertSameFigures("okx-plain", latest.get("okx-plain"), calc("okx-plain", 1));
        assertSamePool("okx-pool", latest.get("okx-pool"), pooled("okx-pool", 1));
    }

    /** calc's OKX instruments with {@code response} as BTC-USDT-SWAP's tiers (the other responses as sent), as --tiers FILE. */
    private Instruments okxTiers(String response, String name) throws IOException {
        ArrayNode rs = TopologyFixture.READ.createArrayNode();
        for (var e : TIERS.entrySet()) {
            if (e.getKey().startsWith("okx:")) {
                rs.add(TopologyFixture.parse(e.getKey().equals("okx:BTC-USDT-SWAP") ? response : e.getValue()));
            }
        }
        ObjectNode env = TopologyFixture.READ.createObjectNode().put("perpguardTiers", 1).put("exchange", Exchange.OKX.id());
        env.set("responses", rs);
        Path file = files.resolve("okx-" + name + ".json");
        Files.writeString(file, env.toString());
        return VenueInstruments.load(new VenueInstruments.Source(Exchange.OKX, file, null, null, null));
    }

    /**
     * An isolated position whose margin the account's USDT wallet does not cover: calc --account refuses the file, pooled or
     * not, and the stream refused it on the wallet's account only — the pooled one was taken, then its in-memory book threw
     * the one-wallet refusal out of the processor after the event was stored (the stream thread died on it). Both refuse it
     * now, with calc's line, and nothing changes.
     */
    @Test
    void test_isolatedMarginAboveTheWallet_refusedAlikeOnBothPaths_asCalcRefusesTheFile() {
        deposit("bn-plain", Exchange.BINANCE, 100);
        deposit("bn-pool", Exchange.BINANCE, 100);
        collateral("bn-pool", "BTC", 0.1, 0.95, 60000);
        f.readRisk();
        List<String> reasons = new ArrayList<>();
        for (String a : List.of("bn-plain", "bn-pool")) {
            f.event(a, String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"opened\",\"symbol\":\"ETHUSDT\",\"side\":\"long\","
                    + "\"qty\":2,\"price\":3000,\"leverage\":2,\"marginMode\":\"isolated\"}", f.nextId()));
            reasons.add(refusal(a, "walletBalance"));
            assertThat(f.accountStates().get(a).positions()).as(a).isEmpty();
        }
        assertThat(reasons.get(0)).isEqualTo(reasons.get(1)).contains("100 is less than the margin of the isolated positions (3,000)");
        positions.get("bn-pool").add(TopologyFixture.READ.createObjectNode().put("symbol", "ETHUSDT").put("side", "long").put("qty", 2)
                .put("entryPrice", 3000).put("leverage", 2).put("marginMode", "isolated").put("positionSide", "both"));
        marks.put("binance:ETHUSDT", 3000.0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pooled("bn-pool", 1)).as("calc --account refuses the file")
                .hasMessageContaining("100 is less than the margin of the isolated positions (3,000)");
        // the account goes on: a covered isolated position is taken and priced as calc prices it
        positions.get("bn-pool").clear();
        open("bn-pool", "ETHUSDT", "long", "both", "qty", 0.05, 3000, 2, "isolated");
        assertThat(f.readDeadLetters()).isEmpty();
        assertSamePool("bn-pool", f.latestRisk().get("bn-pool"), pooled("bn-pool", 1));
    }

    private static double worst(AccountReport r) {
        double worst = Double.NaN;
        for (PositionReport p : r.positions()) {
            if (Double.isNaN(worst) || p.marginRatio() > worst) {
                worst = p.marginRatio();
            }
        }
        return worst;
    }

    private double metric(String name) {
        return f.driver.metrics().entrySet().stream().filter(m -> m.getKey().name().equals(name))
                .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue()).sum();
    }

    /**
     * A collateral coin's index follows the {@code marks} topic: BTCUSDT ticks carrying a falling index (and no event of the
     * account) re-price the Binance Multi-Assets account holding BTC beside an ETHUSDT long as calc prices its file with
     * BTC at each tick's index, and raise the alerts core's rule raises on calc's ratios; accounts without BTC collateral
     * are not re-priced. The later of a statement and a tick wins by event time, and a tick's index survives a restart.
     */
    @Test
    void test_collateralIndex_followsTheMarksTopic_repricesOnlyItsHolders_equalsCalc_laterOfStatementAndTickWins() {
        deposit("bn-btc", Exchange.BINANCE, 100);
        collateral("bn-btc", "BTC", 0.05, 0.95, 60000);
        open("bn-btc", "ETHUSDT", "long", "both", "qty", 40, 3000, 10, "cross");
        deposit("bn-eth", Exchange.BINANCE, 100);
        collateral("bn-eth", "ETH", 1, 0.95, 3000);
        open("bn-eth", "ETHUSDT", "long", "both", "qty", 5, 3000, 10, "cross");
        deposit("bn-plain", Exchange.BINANCE, 3000);
        open("bn-plain", "ETHUSDT", "long", "both", "qty", 5, 3000, 10, "cross");
        assertThat(f.readDeadLetters()).isEmpty();
        Map<String, AlertState> rule = new HashMap<>();
        List<String> want = new ArrayList<>();
        alertsOf("bn-btc", pooled("bn-btc", 1).report(), T0, rule, want);
        assertSamePool("bn-btc", f.latestRisk().get("bn-btc"), pooled("bn-btc", 1));
        List<String> got = new ArrayList<>(alerts());

        long t = T0;
        for (double index : new double[]{48000, 36000, 24000, 18000}) {
            t += 1000;
            tick("BTCUSDT", index + 15, index, t);
            collateral.get("bn-btc").get("BTC")[2] = index;   // the file's BTC at the tick's index
            alertsOf("bn-btc", pooled("bn-btc", 1).report(), t, rule, want);
            Map<String, JsonNode> latest = f.latestRisk();
            assertThat(latest.keySet()).as("only the holder of BTC collateral is re-priced").containsExactly("bn-btc");
            assertSamePool("bn-btc", latest.get("bn-btc"), pooled("bn-btc", 1));
            got.addAll(alerts());
        }
        System.out.println("collateral index: alerts stream / calc + core's rule: " + got + " / " + want);
        assertThat(want).as("calc's figures raise alerts as BTC falls").isNotEmpty();
        assertThat(got).containsExactlyElementsOf(want);

        // a statement later than the last tick wins: BTC restated at 40,000
        long stated = t + 5000;
        f.event("bn-btc", String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"collateral\",\"exchange\":\"binance\",\"asset\":\"BTC\","
                + "\"amount\":0.05,\"collateralRatio\":0.95,\"indexPrice\":40000,\"eventTimeMs\":%d}", f.nextId(), stated));
        collateral.get("bn-btc").get("BTC")[2] = 40000;
        assertSamePool("bn-btc", f.latestRisk().get("bn-btc"), pooled("bn-btc", 1));
        // a tick older than the statement leaves it; a later one replaces it
        tick("BTCUSDT", 20000, 20000, stated - 1000);
        assertThat(f.latestRisk()).as("a tick older than the account's statement of BTC").isEmpty();
        assertThat(f.accountStates().get("bn-btc").collateral().get(0).indexPrice()).isEqualTo(40000);
        tick("BTCUSDT", 35010, 35000, stated + 1000);
        collateral.get("bn-btc").get("BTC")[2] = 35000;
        assertSamePool("bn-btc", f.latestRisk().get("bn-btc"), pooled("bn-btc", 1));
        // a tick without an index moves no collateral
        tick("BTCUSDT", 34000, Double.NaN, stated + 2000);
        assertThat(f.latestRisk()).isEmpty();

        // restarted from the changelogs, the account is priced at the last tick's index, not its statement's
        AccountState before = f.accountStates().get("bn-btc");
        assertThat(before.collateral().get(0).indexPrice()).as("the statement is stored; the tick's index is the partition's")
                .isEqualTo(40000);
        var changelogs = f.changelogs();
        f.close();
        f = new TopologyFixture(stateDir.resolve("other-instance"), false);
        f.restore(changelogs);
        f.event("bn-btc", "{\"eventId\":\"after-restart\",\"type\":\"wallet-transfer\",\"exchange\":\"binance\",\"amount\":1}");
        wallets.merge("bn-btc", 1.0, Double::sum);
        assertSamePool("bn-btc", f.latestRisk().get("bn-btc"), pooled("bn-btc", 1));
        assertThat(f.accountStates().get("bn-btc").collateral().get(0).indexPrice()).isEqualTo(35000);
        assertThat(f.readDeadLetters()).isEmpty();
    }

    private void tick(String symbol, double mark, double index, long time) {
        f.marks.pipeInput(symbol, String.format(Locale.ROOT, "{\"markPrice\":%s,%s\"eventTimeMs\":%d}", mark,
                Double.isNaN(index) ? "" : "\"indexPrice\":" + index + ",", time));
    }

    /** The alerts published since the last read, as "account kind threshold". */
    private List<String> alerts() {
        List<String> out = new ArrayList<>();
        for (JsonNode n : f.readAlerts()) {
            out.add(n.get("message").asText().split(" ")[0] + " " + n.get("kind").asText() + " " + n.get("threshold").asDouble());
        }
        return out;
    }

    @Test
    void test_collateral_refusals_nameTheField_andChangeNothing() {
        deposit("p", Exchange.BYBIT_UTA, 1000);
        collateral("p", "BTC", 0.1, 0.95, 60000);
        f.readRisk();
        String[][] bad = {
                {"{\"asset\":\"BTC\",\"amount\":0.1,\"collateralRatio\":1.5,\"indexPrice\":60000}", "collateralRatio", "more than 0 to 1"},
                {"{\"asset\":\"BTC\",\"amount\":-1,\"collateralRatio\":0.9,\"indexPrice\":60000}", "amount", "0"},
                {"{\"asset\":\"BTC\",\"amount\":0.1,\"collateralRatio\":0.9}", "indexPrice", "missing"},
                {"{\"asset\":\"DOGGO\",\"amount\":1,\"collateralRatio\":0.9,\"indexPrice\":1}", "asset", "not a collateral asset perpguard knows"},
                {"{\"asset\":\"USDT\",\"amount\":1,\"collateralRatio\":1,\"indexPrice\":1}", "asset", "give it as walletBalance"}};
        for (String[] b : bad) {
            f.event("p", "{\"eventId\":\"" + f.nextId() + "\",\"type\":\"collateral\",\"exchange\":\"bybit-uta\"," + b[0].substring(1));
            assertThat(refusal(b[0], b[1])).as(b[0]).contains(b[2]);
        }
        // a venue that shares no collateral
        f.event("q", "{\"eventId\":\"q1\",\"type\":\"collateral\",\"exchange\":\"bybit\",\"asset\":\"BTC\",\"amount\":1,"
                + "\"collateralRatio\":0.9,\"indexPrice\":60000}");
        assertThat(refusal("q", "exchange")).contains("Bybit does not let several assets back one cross margin", "bybit-uta");
        // an inverse contract settling in a coin the pool lacks
        f.event("p", String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"collateral\",\"exchange\":\"bybit-uta\",\"asset\":\"BTC\","
                + "\"amount\":0,\"collateralRatio\":0.95,\"indexPrice\":60000}", f.nextId()));
        f.event("p", String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"collateral\",\"exchange\":\"bybit-uta\",\"asset\":\"USDC\","
                + "\"amount\":10,\"collateralRatio\":1,\"indexPrice\":1}", f.nextId()));
        f.event("p", String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"opened\",\"exchange\":\"bybit-uta\",\"symbol\":\"BTCUSD\","
                + "\"side\":\"long\",\"contracts\":1000,\"price\":60000,\"leverage\":10,\"marginMode\":\"cross\"}", f.nextId()));
        List<JsonNode> dead = f.readDeadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).get("reason").asText()).contains("BTCUSD settles in BTC but p states no BTC collateral");
        AccountState s = f.accountStates().get("p");
        assertThat(s.positions()).isEmpty();
        assertThat(s.collateral()).containsExactly(new AccountFile.Collateral("USDC", 10, 1, 1));
    }

    /**
     * A linear qty in base units on a venue that counts in contracts (OKX's tenths of a 0.01 BTC contract, XT's whole
     * contracts) is a whole number of lots, or refused naming qty and the lot; a whole one is priced as the same size in
     * contracts.
     */
    @Test
    void test_linearQty_onContractVenues_isWholeLots_orRefusedNamingTheLot() {
        double okxLot = calc.get(Exchange.OKX).get("BTC-USDT-SWAP").contract().lotContracts()
                * calc.get(Exchange.OKX).get("BTC-USDT-SWAP").contract().contractSize();
        double xtLot = calc.get(Exchange.XT).get("BTC_USDT").contract().lotContracts() * calc.get(Exchange.XT).get("BTC_USDT").contract().contractSize();
        deposit("okx-q", Exchange.OKX, 5000);
        deposit("xt-q", Exchange.XT, 5000);
        String[][] bad = {{"okx-q", "okx", "BTC-USDT-SWAP", String.valueOf(okxLot * 10.5)}, {"xt-q", "xt", "BTC_USDT", String.valueOf(xtLot * 7.25)}};
        for (String[] b : bad) {
            f.event(b[0], String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"opened\",\"exchange\":\"%s\",\"symbol\":\"%s\",\"side\":\"long\","
                    + "\"qty\":%s,\"price\":60000,\"leverage\":10,\"marginMode\":\"cross\"}", f.nextId(), b[1], b[2], b[3]));
            double lot = b[1].equals("okx") ? okxLot : xtLot;
            assertThat(refusal(b[2], "qty")).as(b[2]).contains("is not a whole number of " + b[2] + " lots",
                    "lots of " + io.perpguard.Checks.fmt(lot)).doesNotContain(b[1].toUpperCase(Locale.ROOT) + ":");
            assertThat(f.accountStates().get(b[0]).positions()).isEmpty();
        }
        // whole lots: the position of the same count of contracts, as calc --account prices either
        open("okx-q", "BTC-USDT-SWAP", "long", "both", "qty", okxLot * 15, 60000, 10, "cross");
        open("xt-q", "BTC_USDT", "long", "both", "qty", xtLot * 3000, 60000, 10, "cross");
        assertThat(f.readDeadLetters()).isEmpty();
        Map<String, JsonNode> latest = f.latestRisk();
        assertThat(latest.get("okx-q").get("positions").get(0).get("contracts").asDouble()).isCloseTo(
                15 * calc.get(Exchange.OKX).get("BTC-USDT-SWAP").contract().lotContracts(), offset(1e-9));
        assertSameFigures("okx-q", latest.get("okx-q"), calc("okx-q", 1));
        assertSameFigures("xt-q", latest.get("xt-q"), calc("xt-q", 1));
    }

    /**
     * The load generator (stream replay, the benchmarks) spreads accounts over venues round robin: each venue's events
     * carry its exchange and its spelling and sizes (contracts in whole lots where the venue counts in contracts, a coin
     * wallet for a coin-margined account), and the stream takes every one of them; its ticks, keyed by venue, re-price
     * each venue's holders.
     */
    @Test
    void test_loadGenerator_mixesVenues_roundRobin_andTheStreamTakesEveryEvent() {
        Map<Exchange, Map<String, io.perpguard.instrument.RiskTiers>> overlay = new EnumMap<>(Exchange.class);
        for (var e : TIERS.entrySet()) {
            Exchange ex = Exchange.parse("x", e.getKey().substring(0, e.getKey().indexOf(':')));
            overlay.computeIfAbsent(ex, k -> new LinkedHashMap<>()).putAll(TierCatalog.parse(ex, e.getValue()));
        }
        Instruments keyed = TierCatalog.venues(overlay);
        List<Exchange> venues = List.of(Exchange.BINANCE, Exchange.OKX, Exchange.XT, Exchange.BINANCE_COINM, Exchange.BYBIT);
        List<LoadGenerator.Event> book = LoadGenerator.accounts(60, new String[]{"BTCUSDT", "ETHUSDT"}, new double[]{60000, 3000}, 2, keyed, 5, T0,
                venues);
        for (LoadGenerator.Event e : book) {
            f.event(e.key(), e.value());
        }
        assertThat(f.readDeadLetters()).isEmpty();
        Map<String, AccountState> states = f.accountStates();
        assertThat(states).hasSize(60);
        Map<Exchange, Integer> holding = new EnumMap<>(Exchange.class);
        states.forEach((a, st) -> {
            assertThat(st.exchange()).as(a).isEqualTo(venues.get(Integer.parseInt(a.substring(5)) % venues.size()));
            if (!st.positions().isEmpty()) {
                holding.merge(st.exchange(), 1, Integer::sum);
            }
        });
        assertThat(holding.keySet()).as("every venue's accounts hold positions").containsExactlyInAnyOrderElementsOf(venues);
        assertThat(book).filteredOn(e -> e.value().contains("\"exchange\":\"okx\"") && e.value().contains("opened"))
                .allMatch(e -> e.value().contains("\"contracts\":") && e.value().contains("-USDT-SWAP"));
        // one Binance USDⓈ-M book: no exchange field, qty in base units (as before venues were mixed)
        assertThat(LoadGenerator.accounts(5, new String[]{"BTCUSDT"}, new double[]{60000}, 1, keyed, 5, T0))
                .allMatch(e -> !e.value().contains("exchange") && (e.value().contains("wallet-transfer") || e.value().contains("\"qty\":")));
        f.readRisk();
        long t = T0;
        for (String key : List.of("BTCUSDT", "okx:BTC-USDT-SWAP", "xt:BTC_USDT", "binance-coinm:BTCUSD_PERP", "bybit:BTCUSDT")) {
            f.marks.pipeInput(key, String.format(Locale.ROOT, "{\"markPrice\":59000,\"eventTimeMs\":%d}", t += 1000));
        }
        assertThat(f.readDeadLetters()).isEmpty();
        assertThat(f.readRisk()).extracting(r -> r.get("exchange").asText()).containsAll(venues.stream().map(Exchange::id).toList());
    }

    /**
     * {@code stream replay --pooled}: the load generator makes a share of the accounts on the venues that share collateral
     * pooled — 2 coins here (the book's two), stated after the deposit at the start price — and leaves the rest of the book
     * as it was; the stream takes every event, and a tick carrying BTC's index moves the BTC of those accounts.
     */
    @Test
    void test_loadGenerator_pooledShare_onSharingVenuesOnly_restOfTheBookUnchanged_indexTicksMoveThePools() {
        Map<Exchange, Map<String, io.perpguard.instrument.RiskTiers>> overlay = new EnumMap<>(Exchange.class);
        for (var e : TIERS.entrySet()) {
            Exchange ex = Exchange.parse("x", e.getKey().substring(0, e.getKey().indexOf(':')));
            overlay.computeIfAbsent(ex, k -> new LinkedHashMap<>()).putAll(TierCatalog.parse(ex, e.getValue()));
        }
        Instruments keyed = TierCatalog.venues(overlay);
        List<Exchange> venues = List.of(Exchange.BINANCE, Exchange.BYBIT_UTA, Exchange.OKX, Exchange.XT);
        String[] symbols = {"BTCUSDT", "ETHUSDT"};
        double[] start = {60000, 3000};
        List<LoadGenerator.Event> plain = LoadGenerator.accounts(80, symbols, start, 2, keyed, 5, T0, venues);
        List<LoadGenerator.Event> book = LoadGenerator.accounts(80, symbols, start, 2, keyed, 5, T0, venues, 0.5);
        java.util.function.Function<List<LoadGenerator.Event>, List<String>> unnumbered = b -> b.stream()
                .filter(e -> !e.value().contains("\"collateral\"")).map(e -> e.key() + " " + e.value().replaceFirst("\"eventId\":\"g\\d+\"", "")).toList();
        assertThat(unnumbered.apply(book)).as("the book but the statements").isEqualTo(unnumbered.apply(plain));
        for (LoadGenerator.Event e : book) {
            f.event(e.key(), e.value());
        }
        assertThat(f.readDeadLetters()).isEmpty();
        Map<Exchange, Integer> pooled = new EnumMap<>(Exchange.class);
        f.accountStates().forEach((a, st) -> {
            if (st.pooled()) {
                pooled.merge(st.exchange(), 1, Integer::sum);
                assertThat(st.collateral()).as(a).extracting(AccountFile.Collateral::asset).containsExactlyInAnyOrder("BTC", "ETH");
                assertThat(st.collateral()).as(a).allMatch(c -> c.indexPrice() == (c.asset().equals("BTC") ? 60000 : 3000)
                        && c.collateralRatio() == LoadGenerator.POOLED_RATIO && c.amount() > 0);
            }
        });
        assertThat(pooled.keySet()).as("pooled on the venues that share collateral").containsExactlyInAnyOrder(Exchange.BINANCE,
                Exchange.BYBIT_UTA, Exchange.OKX);
        assertThat(pooled.values().stream().mapToInt(Integer::intValue).sum()).as("about half of their 60 accounts").isBetween(15, 45);
        f.readRisk();
        f.marks.pipeInput("BTCUSDT", String.format(Locale.ROOT, "{\"markPrice\":54000,\"indexPrice\":54000,\"eventTimeMs\":%d}", T0 + 1000));
        List<JsonNode> risk = f.readRisk();
        assertThat(risk).filteredOn(r -> r.has("collateral") && r.get("collateral") != null && !r.get("collateral").isNull())
                .as("Binance's pooled accounts, their BTC at the tick's index").hasSize(pooled.get(Exchange.BINANCE))
                .allMatch(r -> r.get("collateral").findValuesAsText("asset").contains("BTC") && java.util.stream.StreamSupport.stream(
                        r.get("collateral").spliterator(), false).anyMatch(c -> c.get("asset").asText().equals("BTC")
                        && c.get("indexPrice").asDouble() == 54000));
        assertThat(f.readDeadLetters()).isEmpty();
    }

    /** The pooled account's figures as calc's, and each asset's line (amount, index, ratio, USD value) as calc shows it. */
    private static void assertSamePool(String account, JsonNode risk, PooledAccount.Result calc) {
        assertSameFigures(account, risk, calc.report());
        assertThat(risk.get("currency").asText()).as(account).isEqualTo(calc.currency());
        assertThat(risk.get("collateral")).as(account).hasSize(calc.collateral().size());
        for (int i = 0; i < calc.collateral().size(); i++) {
            PooledAccount.CollateralLine want = calc.collateral().get(i);
            JsonNode got = risk.get("collateral").get(i);
            String what = account + " collateral " + want.asset();
            assertThat(got.get("asset").asText()).as(what).isEqualTo(want.asset());
            same(what + " amount", got.get("amount"), want.amount(), 1e-9);
            same(what + " indexPrice", got.get("indexPrice"), want.indexPrice(), 0);
            same(what + " collateralRatio", got.get("collateralRatio"), want.collateralRatio(), 0);
            same(what + " valueUsd", got.get("valueUsd"), want.valueUsd(), 1e-6);
        }
    }

    //-------------------------------------------------------------------------
    private void deposit(String account, Exchange ex, double amount) {
        f.event(account, String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"wallet-transfer\",\"exchange\":\"%s\",\"amount\":%s}",
                f.nextId(), ex.id(), amount));
        venue.put(account, ex);
        wallets.merge(account, amount, Double::sum);
        positions.computeIfAbsent(account, k -> new ArrayList<>());
    }

    private void open(String account, String symbol, String side, String leg, String sizeField, double size, double price, double leverage,
                      String mode) {
        Exchange ex = venue.get(account);
        f.event(account, String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"opened\",\"exchange\":\"%s\",\"symbol\":\"%s\",\"side\":\"%s\","
                        + "\"%s\":%s,\"price\":%s,\"leverage\":%s,\"marginMode\":\"%s\",\"positionSide\":\"%s\"}", f.nextId(), ex.id(), symbol, side,
                sizeField, size, price, leverage, mode, leg));
        ObjectNode p = TopologyFixture.READ.createObjectNode().put("symbol", symbol).put("side", side).put(sizeField, size)
                .put("entryPrice", price).put("leverage", leverage).put("marginMode", mode).put("positionSide", leg);
        positions.get(account).add(p);
        marks.putIfAbsent(ex.id() + ":" + symbol, price);
    }

    /** A collateral event stating {@code asset} of the account, and the same entry in its account file. */
    private void collateral(String account, String asset, double amount, double ratio, double index) {
        f.event(account, String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"collateral\",\"exchange\":\"%s\",\"asset\":\"%s\","
                + "\"amount\":%s,\"collateralRatio\":%s,\"indexPrice\":%s}", f.nextId(), venue.get(account).id(), asset, amount, ratio, index));
        collateral.computeIfAbsent(account, k -> new LinkedHashMap<>()).put(asset, new double[]{amount, ratio, index});
    }

    /** calc --account on the account file of the account's first {@code n} positions with its collateral list, as CalcCommand prices it. */
    private PooledAccount.Result pooled(String account, int n) {
        Exchange ex = venue.get(account);
        ObjectNode file = TopologyFixture.READ.createObjectNode().put("exchange", ex.id()).put("walletBalance", wallets.get(account));
        ArrayNode ps = file.putArray("positions");
        for (ObjectNode p : positions.get(account).subList(0, n)) {
            ps.add(p.deepCopy().put("markPrice", marks.get(ex.id() + ":" + p.get("symbol").asText())));
        }
        ArrayNode cs = file.putArray("collateral");
        collateral.get(account).forEach((asset, c) -> cs.addObject().put("asset", asset).put("amount", c[0]).put("collateralRatio", c[1])
                .put("indexPrice", c[2]));
        Instruments in = calc.get(ex);
        AccountFile.Pooled read = AccountFile.parsePooled(file, null, (path, p, e) -> CalcUseCase.requireWithinTiers(path, p, in));
        return PooledAccount.price(new AccountFile.Pooled(new io.perpguard.margin.Account(read.account().walletBalance(),
                read.account().positions(), ex), read.collateral()), in);
    }

    private boolean holds(String account, String symbol) {
        return positions.get(account).stream().anyMatch(p -> p.get("symbol").asText().equals(symbol));
    }

    /** calc --account on the account file of the account's first {@code n} positions at the current marks. */
    private AccountReport calc(String account, int n) {
        Exchange ex = venue.get(account);
        ObjectNode file = TopologyFixture.READ.createObjectNode().put("exchange", ex.id()).put("walletBalance", wallets.get(account));
        ArrayNode ps = file.putArray("positions");
        for (ObjectNode p : positions.get(account).subList(0, n)) {
            ps.add(p.deepCopy().put("markPrice", marks.get(ex.id() + ":" + p.get("symbol").asText())));
        }
        Instruments in = calc.get(ex);
        return CalcUseCase.account(AccountFile.parse(file, null, (path, p, e) -> CalcUseCase.requireWithinTiers(path, p, in)), in).report();
    }

    /** The published account's figures as calc's, position by position (StreamVenueParityTest's too). */
    static void assertSameFigures(String account, JsonNode risk, AccountReport calc) {
        assertThat(risk).as(account).isNotNull();
        assertThat(risk.get("positions")).hasSize(calc.positions().size());
        for (int i = 0; i < calc.positions().size(); i++) {
            PositionReport want = calc.positions().get(i);
            JsonNode got = risk.get("positions").get(i);
            String what = account + " " + want.symbol() + " " + want.positionSide().label();
            System.out.printf(Locale.ROOT, "parity %s %s mark %s: liq %s / %s, exact %s / %s, ratio %s / %s, MM %s / %s %s%n", what,
                    want.marginMode().label(), want.markPrice(), got.get("liquidationPrice"), want.liquidationPrice(),
                    got.get("liquidationPriceExact"), want.liquidationPriceExact(), got.get("marginRatio"), want.marginRatio(),
                    got.get("maintenanceMargin"), want.maintenanceMargin(), want.currency());
            assertThat(got.get("symbol").asText()).as(what).isEqualTo(want.symbol());
            assertThat(got.get("positionSide").asText()).as(what).isEqualTo(want.positionSide().label());
            same(what + " qty", got.get("qty"), want.qty(), 0);
            same(what + " liquidationPrice", got.get("liquidationPrice"), want.liquidationPrice(), 0);
            same(what + " liquidationPriceExact", got.get("liquidationPriceExact"), want.liquidationPriceExact(), 1e-6);
            same(what + " marginRatio", got.get("marginRatio"), want.marginRatio(), 1e-12);
            same(what + " maintenanceMargin", got.get("maintenanceMargin"), want.maintenanceMargin(), 1e-8);
            same(what + " distanceToLiquidationPct", got.get("distanceToLiquidationPct"), want.distanceToLiquidationPct(), 1e-9);
            same(what + " unrealizedPnl", got.get("unrealizedPnl"), want.unrealizedPnl(), 1e-8);
        }
        same(account + " marginRatio", risk.get("marginRatio"), calc.marginRatio(), 1e-12);
        same(account + " marginBalance", risk.get("marginBalance"), calc.marginBalance(), 1e-6);
        same(account + " maintenanceMargin", risk.get("maintenanceMargin"), calc.maintenanceMargin(), 1e-6);
        same(account + " walletBalance", risk.get("walletBalance"), calc.walletBalance(), 1e-8);
    }

    /** calc's figure within {@code tolerance}; calc's NaN or ∞ is null, as {@code calc --json} writes it. */
    static void same(String what, JsonNode got, double want, double tolerance) {
        comparisons++;
        if (!Double.isFinite(want)) {
            assertThat(got == null || got.isNull()).as(what + " is null, as calc's " + want + ": " + got).isTrue();
        } else {
            assertThat(got.asDouble()).as(what).isCloseTo(want, offset(tolerance));
        }
    }

    /** Core's alert rule on calc's worst position ratio, as "account kind threshold" (StreamVenueParityTest's too). */
    static void alertsOf(String account, AccountReport r, long time, Map<String, AlertState> rule, List<String> out) {
        double worst = Double.NaN;
        for (PositionReport p : r.positions()) {
            if (Double.isNaN(worst) || p.marginRatio() > worst) {
                worst = p.marginRatio();
            }
        }
        AlertState s = rule.getOrDefault(account, AlertState.INITIAL);
        MarginAlertRules.Step step = MarginAlertRules.evaluate(AlertPolicy.DEFAULT, s, worst, Math.max(time, s.lastTimeMs()));
        rule.put(account, step.state());
        for (var a : step.alerts()) {
            out.add(account + " " + a.kind().label() + " " + a.threshold());
        }
    }

    /** The one dead letter the last event left, refused on {@code field}: its reason. */
    private String refusal(String what, String field) {
        List<JsonNode> dead = f.readDeadLetters();
        assertThat(dead).as(what).hasSize(1);
        assertThat(dead.get(0).get("field").asText()).as(what).isEqualTo(field);
        return dead.get(0).get("reason").asText();
    }

    /** The docs' Bybit unified account: a USDT wallet, BTC and USDC beside it; a linear and an inverse (BTC-settled) cross position. */
    private void bybitUnifiedPool() {
        deposit("uta-pool", Exchange.BYBIT_UTA, 10000);
        collateral("uta-pool", "BTC", 0.05, 0.95, 60000);
        collateral("uta-pool", "USDC", 25, 1, 1);
        open("uta-pool", "BTCUSDT", "long", "both", "qty", 1.2, 60000, 20, "cross");
        open("uta-pool", "BTCUSD", "long", "both", "contracts", 10000, 60000, 20, "cross");
    }

    /** OKX multi-currency margin: ETH beside the USDT wallet, an ETH short on it (ETH's index moves with the short's price). */
    private void okxMultiCurrencyPool() {
        deposit("okx-pool", Exchange.OKX, 2500);
        collateral("okx-pool", "ETH", 2, 0.9, 3000);
        open("okx-pool", "BTC-USDT-SWAP", "long", "both", "contracts", 50, 60000, 20, "cross");
        open("okx-pool", "ETH-USDT-SWAP", "short", "both", "contracts", 30, 3000, 10, "cross");
    }

    /** Binance Multi-Assets: BTC beside the USDT wallet, an isolated ETH short beside the cross BTC long. */
    private void binanceMultiAssetsPool(String account) {
        deposit(account, Exchange.BINANCE, 1500);
        collateral(account, "BTC", 0.02, 0.95, 60000);
        open(account, "BTCUSDT", "long", "both", "qty", 0.4, 60000, 25, "cross");
        open(account, "ETHUSDT", "short", "both", "qty", 2, 3000, 10, "isolated");
    }
}
