package io.perpguard.server;

import io.javalin.Javalin;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Simulation requests are bounded: work caps (400), a deadline (503), and a client leaving stops the computation. */
class BudgetTest {
    @Test
    void test_recoveryOverTheWorkCap_isRefusedAt400_namingPaths() {
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response r = d.post("/api/recovery", "{\"drawdowns\":[50],\"winRate\":0.5,\"payoff\":1.5,\"riskPct\":2,"
                    + "\"paths\":200000,\"trades\":100000}");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("paths");
            assertThat(r.json().get("error").asText()).contains("paths × trades").contains("limit");
            assertThat(d.post("/api/survival", "{\"paths\":20000,\"horizonDays\":730}").status()).isEqualTo(400);
            // the defaults are within the limits
            assertThat(d.post("/api/recovery", "{\"drawdowns\":[50],\"winRate\":0.5,\"payoff\":1.5,\"riskPct\":2,\"paths\":2000}").status()).isEqualTo(200);
        }
    }

    @Test
    void test_aWholeNumberTooLarge_isSaidSo_notCalledNotWhole() {
        // paths 1e12 was answered "1,000,000,000,000 is not a whole number"
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response big = d.post("/api/survival", "{\"symbol\":\"BTCUSDT\",\"paths\":1e12}");
            assertThat(big.status()).isEqualTo(400);
            // then "is too large (at most 2,147,483,647)", the int's maximum: the survival use case's own range is said (DeskCountRangeTest)
            assertThat(big.json().get("error").asText()).isEqualTo("paths: 1,000,000,000,000 is outside the allowed range 1 to 20,000");
            TestDesk.Response frac = d.post("/api/survival", "{\"symbol\":\"BTCUSDT\",\"seed\":1.5}");
            assertThat(frac.json().get("error").asText()).isEqualTo("seed: 1.5 is not a whole number");
        }
    }

    @Test
    void test_journalList_isPaged() {
        try (TestDesk d = TestDesk.inMemory()) {
            TestDesk.Response r = d.get("/api/journal?limit=5&offset=0");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("limit").asInt()).isEqualTo(5);
            assertThat(r.json().has("total")).isTrue();
            assertThat(d.get("/api/journal?limit=100000").status()).isEqualTo(400);
        }
    }

    @Test
    void test_deadline_stopsTheComputation_with503() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Javalin app = Javalin.create(c -> c.showJavalinBanner = false);
        app.exception(AccessGuard.Denied.class, (e, ctx) -> ctx.status(e.status).result(e.getMessage()));
        app.get("/slow", ctx -> ctx.result(String.valueOf(Budget.run(ctx, spinUntilInterrupted(stopped), 300))));
        app.start("127.0.0.1", 0);
        try (TestDesk.Raw raw = new TestDesk.Raw(app.port())) {
            String response = raw.exchange("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 503").contains("limit");
            assertThat(stopped.await(5, TimeUnit.SECONDS)).as("the worker saw the interrupt").isTrue();
        } finally {
            app.stop();
        }
    }

    @Test
    void test_clientLeaving_interruptsTheComputation() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Javalin app = Javalin.create(c -> c.showJavalinBanner = false);
        app.exception(Budget.ClientLeft.class, (e, ctx) -> ctx.status(499));
        app.get("/slow", ctx -> ctx.result(String.valueOf(Budget.run(ctx, () -> {
            started.countDown();
            return spinUntilInterrupted(stopped).call();
        }, 60_000))));
        app.start("127.0.0.1", 0);
        try {
            Socket s = new Socket("127.0.0.1", app.port());
            OutputStream out = s.getOutputStream();
            out.write("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            s.close();   // the trader closed the tab
            assertThat(stopped.await(10, TimeUnit.SECONDS)).as("the computation stopped after the client left").isTrue();
        } finally {
            app.stop();
        }
    }

    private static java.util.concurrent.Callable<String> spinUntilInterrupted(CountDownLatch stopped) {
        return () -> {
            long x = 0;
            while (!Thread.currentThread().isInterrupted()) {
                x++;
            }
            stopped.countDown();
            return "spun " + x;
        };
    }
}
