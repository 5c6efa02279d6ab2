package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.Position;
import io.perpguard.margin.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeskAlertTest {
    static final RiskTiers BTC = TierTables.bundled().get("BTCUSDT").tiers();

    /** The BTC mark at which an isolated long has this margin ratio (bisection on the engine's own ratio, which falls with price). */
    static double markForRatio(Position p, double ratio) {
        double lo = p.entryPrice() * 0.5, hi = p.entryPrice();
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (MarginCalculator.isolatedMarginRatioAt(p, BTC, mid) > ratio) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    @Test
    void replayedPathTo90Percent_raises50_70_85_inOrder_onceEach() {
        try (TestDesk desk = TestDesk.inMemory()) {
            // a clean desk: drop the demo account, open one isolated 20x BTC long
            long demo = desk.get("/api/accounts").json().get(0).get("id").asLong();
            desk.delete("/api/accounts/" + demo);
            long acct = desk.post("/api/accounts", "{\"name\":\"alerts\"}").json().get("id").asLong();
            long sub = desk.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"a\",\"walletBalance\":10000}").json().get("id").asLong();
            TestDesk.Response pos = desk.post("/api/positions", "{\"subAccountId\":" + sub
                    + ",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":1,\"entryPrice\":60000,\"leverage\":20,\"marginMode\":\"isolated\"}");
            long posId = pos.json().get("id").asLong();
            Position p = Position.isolated("BTCUSDT", Side.LONG, 1, 60000, 20);

            // the path: margin ratio 10 % → 90 % in 2-point steps, hourly marks, with a wobble around 50 % and 70 %
            List<Double> ratios = new ArrayList<>();
            for (double r = 0.10; r <= 0.9001; r += 0.02) {
                ratios.add(r);
                if (Math.abs(r - 0.52) < 1e-9 || Math.abs(r - 0.72) < 1e-9) {
                    ratios.add(r - 0.03);   // dips back under the threshold, not enough to re-arm
                    ratios.add(r);
                }
            }
            List<String> lines = new ArrayList<>();
            lines.add("open_time,symbol,high,low,close");
            long t0 = 1_760_000_000_000L;
            for (int i = 0; i < ratios.size(); i++) {
                double mark = markForRatio(p, ratios.get(i));
                lines.add((t0 + i * 3_600_000L) + ",BTCUSDT," + mark + "," + mark + "," + mark);
            }
            MarkFeed replay = new MarkFeed(MarkReplay.parse(lines), 0, 0);
            replay.addListener(desk.server.monitor());
            replay.publish();
            while (replay.step()) {
                // each step re-prices the position and runs the alert rules
            }

            JsonNode alerts = desk.get("/api/alerts?limit=1000").json();
            List<Double> thresholds = new ArrayList<>();
            List<String> kinds = new ArrayList<>();
            for (int i = alerts.size() - 1; i >= 0; i--) {   // newest first → chronological
                JsonNode a = alerts.get(i);
                assertThat(a.get("subject").asText()).isEqualTo("pos:" + posId);
                kinds.add(a.get("kind").asText());
                thresholds.add(a.get("threshold").asDouble());
            }
            assertThat(kinds).containsOnly("threshold");
            assertThat(thresholds).containsExactly(0.5, 0.7, 0.85);
            assertThat(alerts.get(0).get("marginRatio").asDouble()).isGreaterThanOrEqualTo(0.85);
        }
    }

    @Test
    void restart_storesNoDuplicateAlerts_forCrossingsAlreadyAlerted(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("desk").toAbsolutePath();
        MarkReplay bundled = MarkReplay.bundled();
        int stored;
        try (TestDesk first = new TestDesk(url)) {
            for (int i = 0; i < 80; i++) {
                first.server.feed().step();   // through the 2025-10-10 crash: the degen SOL 10x long is liquidated
            }
            JsonNode alerts = first.get("/api/alerts?limit=1000").json();
            stored = alerts.size();
            assertThat(alerts.findValuesAsText("kind")).contains("liquidation");
        }
        try (TestDesk second = new TestDesk(url)) {
            // the replay starts over at the same hours: those marks were judged before the restart
            for (int i = 0; i < 80; i++) {
                second.server.feed().step();
            }
            assertThat(second.get("/api/alerts?limit=1000").json().size()).isEqualTo(stored);
            // later marks (BTC and ETH where they were, SOL lower still): the liquidated position stays silent
            int at = second.server.feed().index();
            long after = bundled.time(bundled.size() - 1) + 3_600_000L;
            List<String> lines = new ArrayList<>();
            lines.add("open_time,symbol,high,low,close");
            for (int h = 0; h < 3; h++) {
                for (var e : bundled.marksAt(at).entrySet()) {
                    double px = e.getKey().equals("SOLUSDT") ? 150 : e.getValue();
                    lines.add((after + h * 3_600_000L) + "," + e.getKey() + "," + px + "," + px + "," + px);
                }
            }
            MarkFeed later = new MarkFeed(MarkReplay.parse(lines), 0, 0);
            later.addListener(second.server.monitor());
            later.publish();
            while (later.step()) {
                // each later mark re-prices every sub-account
            }
            assertThat(second.get("/api/alerts?limit=1000").json().size()).isEqualTo(stored);
        }
        try (TestDesk third = new TestDesk(url)) {
            // the liquidated SOL long stays closed across restarts, with its loss (its whole isolated margin, 30 × 222 / 10)
            assertThat(third.get("/api/positions").json().findValuesAsText("symbol")).doesNotContain("SOLUSDT");
            JsonNode closed = third.get("/api/closed").json();
            assertThat(closed.findValuesAsText("symbol")).containsExactly("SOLUSDT");
            assertThat(closed.get(0).get("reason").asText()).isEqualTo("liquidation");
            assertThat(closed.get(0).get("realizedPnl").decimalValue()).isEqualByComparingTo("-666");
            // a changed sub-account is judged afresh: its state is forgotten, in memory and in the database
            long degen = -1;
            for (JsonNode s : third.get("/api/subaccounts").json()) {
                if (s.get("name").asText().equals("degen")) {
                    degen = s.get("id").asLong();
                    assertThat(s.get("walletBalance").decimalValue()).isEqualByComparingTo("1334");
                }
            }
            assertThat(third.server.store().alertStates()).containsKey("sub:" + degen);
            third.server.monitor().reset("sub:" + degen);
            assertThat(third.server.store().alertStates()).doesNotContainKey("sub:" + degen);
        }
    }

    @Test
    void bundledReplay_hasThreeSymbolsOverFourteenDays() {
        MarkReplay r = MarkReplay.bundled();
        assertThat(r.symbols()).containsExactlyInAnyOrder("BTCUSDT", "ETHUSDT", "SOLUSDT");
        assertThat(r.size()).isEqualTo(14 * 24);
        assertThat(r.time(1) - r.time(0)).isEqualTo(3_600_000L);
        // 2025-10-10 21:00 UTC, the crash hour: BTC closed below its open of 24 hours earlier
        int crash = (int) ((1760130000000L - r.time(0)) / 3_600_000L);
        assertThat(r.marksAt(crash).get("BTCUSDT")).isLessThan(r.marksAt(crash - 24).get("BTCUSDT"));
        assertThat(r.history("SOLUSDT", crash, 50).close()).hasSize(50);
    }
}
