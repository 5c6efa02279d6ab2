package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Positions posted at the same moment are checked against each other: each used to be checked against the stored
 * positions alone, so two isolated positions whose margins together exceed the wallet were both stored (201, 201) and
 * the sub-account could no longer be priced — its positions vanished from the desk behind an error, and no alert could
 * fire. Here ten sub-accounts of 100 USDT each get six isolated hedge legs of ~37 USDT margin at once: two fit per
 * sub-account, and every sub-account must stay priced.
 */
final class ConcurrentWritesTest {

    @Test
    void test_isolatedPositionsPostedAtOnce_neverTogetherExceedTheWallet() throws Exception {
        try (TestDesk d = TestDesk.inMemory()) {
            JsonNode marks = d.get("/api/marks").json().get("marks");
            long acct = d.post("/api/accounts", "{\"name\":\"race\"}").json().get("id").asLong();
            List<Long> subs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                subs.add(d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"r" + i + "\",\"walletBalance\":100}").json().get("id").asLong());
            }
            // symbol, qty, leverage: margins 0.003 × BTC / 10, 0.08 × ETH / 10, 2 × SOL / 12 — each about 37 USDT at the demo's marks
            String[][] legs = {{"BTCUSDT", "0.003", "10"}, {"ETHUSDT", "0.08", "10"}, {"SOLUSDT", "2", "12"}};
            List<String> bodies = new ArrayList<>();
            for (long sub : subs) {
                for (String[] leg : legs) {
                    for (String side : new String[]{"long", "short"}) {
                        bodies.add("{\"subAccountId\":" + sub + ",\"symbol\":\"" + leg[0] + "\",\"side\":\"" + side + "\",\"positionSide\":\"" + side
                                + "\",\"qty\":" + leg[1] + ",\"entryPrice\":" + marks.get(leg[0]).asText() + ",\"leverage\":" + leg[2]
                                + ",\"marginMode\":\"isolated\"}");
                    }
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            try {
                for (String b : bodies) {
                    answers.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return d.post("/api/positions", b).status();
                    }, pool));
                }
                go.countDown();
                for (CompletableFuture<Integer> a : answers) {
                    assertThat(a.get()).isIn(201, 400, 409);   // 409: a symbol another request stored first
                }
            } finally {
                pool.shutdownNow();
            }
            JsonNode desk = d.get("/api/desk").json();
            int stored = 0;
            for (JsonNode s : desk.get("subAccounts")) {
                if (!subs.contains(s.get("id").asLong())) {
                    continue;
                }
                assertThat(s.has("error") && !s.get("error").isNull()).as("sub-account %s unpriced: %s", s.get("name"), s.get("error")).isFalse();
                double margins = 0;
                for (JsonNode p : s.get("positions")) {
                    margins += p.get("positionMargin").asDouble();
                }
                assertThat(margins).as(s.get("name").asText()).isLessThanOrEqualTo(100);
                stored += s.get("positions").size();
            }
            assertThat(stored).as("two legs fit in each wallet").isEqualTo(20);
        }
    }

    /**
     * A position posted while its sub-account is deleted is either stored first (and deleted with it) or finds no
     * sub-account (404); it used to be told "BTCUSDT both is already open in sub-account N" (400), the database's refusal
     * of a row whose sub-account had just gone, read as a duplicate.
     */
    @Test
    void test_aPositionPostedWhileItsSubAccountIsDeleted_isStoredOrNotFound_neverADuplicate() throws Exception {
        try (TestDesk d = TestDesk.inMemory()) {
            String btc = d.get("/api/marks").json().get("marks").get("BTCUSDT").asText();
            long acct = d.post("/api/accounts", "{\"name\":\"gone\"}").json().get("id").asLong();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int i = 0; i < 30; i++) {
                    long sub = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"g" + i + "\",\"walletBalance\":10000}").json()
                            .get("id").asLong();
                    CountDownLatch go = new CountDownLatch(1);
                    CompletableFuture<TestDesk.Response> post = CompletableFuture.supplyAsync(() -> {
                        awaitQuietly(go);
                        return d.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.01,"
                                + "\"entryPrice\":" + btc + ",\"leverage\":10,\"marginMode\":\"cross\"}");
                    }, pool);
                    CompletableFuture<TestDesk.Response> delete = CompletableFuture.supplyAsync(() -> {
                        awaitQuietly(go);
                        return d.delete("/api/subaccounts/" + sub);
                    }, pool);
                    go.countDown();
                    TestDesk.Response p = post.get();
                    assertThat(delete.get().status()).isEqualTo(204);
                    assertThat(p.status()).as(p.body()).isIn(201, 404);
                    // the sub-account is gone (a filter by it is a 404) and no position of it is left behind
                    assertThat(d.get("/api/positions?subAccountId=" + sub).status()).isEqualTo(404);
                    assertThat(d.get("/api/positions").json()).noneMatch(x -> x.get("subAccountId").asLong() == sub);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void awaitQuietly(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
