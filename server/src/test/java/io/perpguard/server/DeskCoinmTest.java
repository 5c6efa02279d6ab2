package io.perpguard.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A Binance COIN-M sub-account on the desk: stored with its venue, positions in whole contracts, priced by the core
 * engine's inverse contracts (liquidation price, margin ratio, PnL in coin) exactly as {@code POST /api/calc} (=
 * {@code calc --account --json}) prices the same account. Before, every stored sub-account was USDⓈ-M.
 */
final class DeskCoinmTest {

    static double btcMark(TestDesk d) {
        return d.get("/api/marks").json().get("marks").get("BTCUSDT").asDouble();
    }

    static JsonNode deskSub(TestDesk d, long id) {
        for (JsonNode s : d.get("/api/desk").json().get("subAccounts")) {
            if (s.get("id").asLong() == id) {
                return s;
            }
        }
        throw new AssertionError("sub-account " + id + " not on the desk");
    }

    /** The same account through the calculator (the CLI's calc --account --json). */
    static JsonNode calc(TestDesk d, String wallet, String side, int contracts, double entry, double mark, int leverage, String mode) {
        TestDesk.Response r = d.post("/api/calc", "{\"exchange\":\"binance-coinm\",\"walletBalance\":" + wallet + ",\"positions\":[{\"symbol\":"
                + "\"BTCUSD_PERP\",\"side\":\"" + side + "\",\"contracts\":" + contracts + ",\"entryPrice\":" + entry + ",\"leverage\":" + leverage + ","
                + "\"marginMode\":\"" + mode + "\",\"markPrice\":" + mark + "}]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void test_aCoinmSubAccount_isStoredAndPricedAsCalcPricesIt_inCoin() {
        try (TestDesk d = TestDesk.inMemory()) {
            long acct = d.post("/api/accounts", "{\"name\":\"coin\"}").json().get("id").asLong();
            TestDesk.Response s = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"btc\",\"walletBalance\":0.5,\"exchange\":\"binance-coinm\"}");
            assertThat(s.status()).as(s.body()).isEqualTo(201);
            assertThat(s.json().get("exchange").asText()).isEqualTo("binance-coinm");
            long sub = s.json().get("id").asLong();
            double mark = btcMark(d);
            TestDesk.Response p = d.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"btcusd_perp\",\"side\":\"long\",\"contracts\":300,"
                    + "\"entryPrice\":" + mark + ",\"leverage\":10}");
            assertThat(p.status()).as(p.body()).isEqualTo(201);
            assertThat(p.json().get("symbol").asText()).isEqualTo("BTCUSD_PERP");
            assertThat(p.json().get("contracts").decimalValue()).isEqualByComparingTo("300");
            assertThat(p.json().get("qty").decimalValue()).as("the engine's size: USD face, 100 USD a contract").isEqualByComparingTo("30000");

            JsonNode v = deskSub(d, sub);
            assertThat(v.has("error")).as(v.toString()).isFalse();
            assertThat(v.get("exchange").asText()).isEqualTo("binance-coinm");
            assertThat(v.get("currency").asText()).isEqualTo("BTC");
            JsonNode pos = v.get("positions").get(0);
            assertThat(pos.get("contractType").asText()).isEqualTo("inverse");
            assertThat(pos.get("markPrice").asDouble()).as("BTCUSDT's replayed mark stands in").isEqualTo(mark);
            assertThat(pos.get("distanceToLiquidationAtr").isNumber()).as("in BTCUSDT's hourly ATR: %s", pos).isTrue();
            // the account's portfolio values the coin wallet in USD (0.5 BTC at the mark, no PnL at the entry)
            TestDesk.Response pf = d.post("/api/portfolio", "{\"accountId\":" + acct + "}");
            assertThat(pf.status()).as(pf.body()).isEqualTo(200);
            JsonNode pfSub = pf.json().get("subAccounts").get(0);
            assertThat(pfSub.get("currency").asText()).isEqualTo("BTC");
            assertThat(pfSub.get("equityUsd").asDouble()).isCloseTo(0.5 * mark, within(0.01));

            // move the replay: the position follows BTC's mark, priced as the calculator prices it
            assertThat(d.post("/api/replay", "{\"index\":110}").status()).isEqualTo(200);
            double later = btcMark(d);
            assertThat(later).isNotEqualTo(mark);
            v = deskSub(d, sub);
            pos = v.get("positions").get(0);
            JsonNode c = calc(d, "0.5", "long", 300, mark, later, 10, "cross");
            JsonNode cp = c.get("positions").get(0);
            assertThat(pos.get("markPrice").asDouble()).isEqualTo(later);
            assertThat(pos.get("liquidationPrice").asDouble()).isEqualTo(cp.get("liquidationPrice").asDouble());
            assertThat(pos.get("unrealizedPnl").asDouble()).isEqualTo(cp.get("unrealizedPnl").asDouble());
            assertThat(v.get("marginRatio").asDouble()).isEqualTo(c.get("marginRatio").asDouble());
            // PnL in coin: 30,000 USD face × (1/entry − 1/mark)
            assertThat(pos.get("unrealizedPnl").asDouble()).isCloseTo(30000 * (1 / mark - 1 / later), within(1e-8));

            // closed by the trader at the mark: the PnL less the taker fee is booked in BTC
            long id = p.json().get("id").asLong();
            TestDesk.Response closed = d.post("/api/positions/" + id + "/close", "{}");
            assertThat(closed.status()).as(closed.body()).isEqualTo(200);
            assertThat(closed.json().get("contracts").decimalValue()).isEqualByComparingTo("300");
            double close = closed.json().get("closePrice").asDouble();
            double fee = 30000 / close * 0.0005;
            double pnl = 30000 * (1 / mark - 1 / close) - fee;
            assertThat(closed.json().get("realizedPnl").asDouble()).isCloseTo(pnl, within(1e-8));
            assertThat(d.get("/api/subaccounts/" + sub).json().get("walletBalance").asDouble()).isCloseTo(0.5 + pnl, within(1e-8));

            // the wallet's coin is stored from its first position (V8): without a position it still says BTC, and refuses ETH
            assertThat(d.get("/api/subaccounts/" + sub).json().get("currency").asText()).isEqualTo("BTC");
            assertThat(deskSub(d, sub).get("positions")).isEmpty();
            assertThat(deskSub(d, sub).get("currency").asText()).isEqualTo("BTC");
            TestDesk.Response eth = d.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"ETHUSD_PERP\",\"side\":\"long\",\"contracts\":10,"
                    + "\"entryPrice\":4000,\"leverage\":5,\"marginMode\":\"cross\"}");
            assertThat(eth.status()).as(eth.body()).isEqualTo(400);
            assertThat(eth.json().get("error").asText()).isEqualTo("symbol: ETHUSD_PERP settles in ETH but sub-account 'btc' is a BTC wallet: a COIN-M "
                    + "wallet is one coin; keep each coin's contracts in a sub-account of their own");
        }
    }

    @Test
    void test_theCrashLiquidatesAnIsolatedCoinmLong_byCoinmRules() {
        try (TestDesk d = TestDesk.inMemory()) {
            long acct = d.post("/api/accounts", "{\"name\":\"coin\"}").json().get("id").asLong();
            long sub = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"btc\",\"walletBalance\":1,\"exchange\":\"binance-coinm\"}")
                    .json().get("id").asLong();
            double mark = btcMark(d);
            TestDesk.Response p = d.post("/api/positions", "{\"subAccountId\":" + sub + ",\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\",\"contracts\":100,"
                    + "\"entryPrice\":" + mark + ",\"leverage\":50,\"marginMode\":\"isolated\"}");
            assertThat(p.status()).as(p.body()).isEqualTo(201);
            double liq = deskSub(d, sub).get("positions").get(0).get("liquidationPrice").asDouble();
            assertThat(liq).isEqualTo(calc(d, "1", "long", 100, mark, mark, 50, "isolated").get("positions").get(0).get("liquidationPrice").asDouble());
            assertThat(d.post("/api/replay", "{\"jump\":\"end\"}").status()).isEqualTo(200);
            JsonNode closed = d.get("/api/closed?subAccountId=" + sub).json();
            assertThat(closed.size()).as("the crash took BTC below %s", liq).isEqualTo(1);
            assertThat(closed.get(0).get("reason").asText()).isEqualTo("liquidation");
            // an isolated 50x long loses at most its margin: 10,000 USD face / entry / 50, in BTC
            double margin = 100 * 100 / mark / 50;
            assertThat(closed.get(0).get("realizedPnl").asDouble()).isCloseTo(-margin, within(1e-7));
            assertThat(d.get("/api/alerts?limit=1000").json().toString()).contains("btc BTCUSD_PERP long isolated");
        }
    }

    @Test
    void test_sizesVenuesAndCoins_areRefusedInOneLine_andNothingIsStored() {
        try (TestDesk d = TestDesk.inMemory()) {
            long acct = d.post("/api/accounts", "{\"name\":\"coin\"}").json().get("id").asLong();
            long coinm = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"btc\",\"walletBalance\":1,\"exchange\":\"binance-coinm\"}")
                    .json().get("id").asLong();
            long usdm = d.post("/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"usdt\",\"walletBalance\":1000}").json().get("id").asLong();
            assertThat(d.get("/api/subaccounts/" + usdm).json().get("exchange").asText()).isEqualTo("binance");
            double mark = btcMark(d);
            String[][] cases = {
                    {"/api/subaccounts", "{\"accountId\":" + acct + ",\"name\":\"by\",\"walletBalance\":1,\"exchange\":\"bybit\"}", "exchange",
                            "exchange: 'bybit': a desk sub-account is on binance (USDⓈ-M, wallet in USDT) or binance-coinm (COIN-M, wallet in the coin); "
                                    + "price Bybit positions with POST /api/calc {exchange}"},
                    {"/api/positions", "{\"subAccountId\":" + coinm + ",\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\",\"qty\":0.5,\"entryPrice\":" + mark
                            + ",\"leverage\":10}", "qty", "qty: sub-account 'btc' is Binance COIN-M, whose positions are held in whole contracts: give "
                            + "contracts (BTCUSD_PERP: 100 USD each, other coins 10 USD)"},
                    {"/api/positions", "{\"subAccountId\":" + coinm + ",\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\",\"contracts\":2.5,\"entryPrice\":" + mark
                            + ",\"leverage\":10}", "contracts", "contracts: 2.5 is not a whole number of contracts"},
                    {"/api/positions", "{\"subAccountId\":" + usdm + ",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"contracts\":3,\"entryPrice\":" + mark
                            + ",\"leverage\":10}", "contracts", "contracts: sub-account 'usdt' is Binance USDⓈ-M, whose positions are held in base units: "
                            + "give qty (BTC for BTCUSDT)"},
            };
            for (String[] c : cases) {
                TestDesk.Response r = d.post(c[0], c[1]);
                assertThat(r.status()).as(c[1] + " " + r.body()).isEqualTo(400);
                assertThat(r.json().get("field").asText()).isEqualTo(c[2]);
                assertThat(r.json().get("error").asText()).isEqualTo(c[3]);
            }
            // one coin per COIN-M wallet
            assertThat(d.post("/api/positions", "{\"subAccountId\":" + coinm + ",\"symbol\":\"BTCUSD_PERP\",\"side\":\"long\",\"contracts\":10,"
                    + "\"entryPrice\":" + mark + ",\"leverage\":10}").status()).isEqualTo(201);
            TestDesk.Response eth = d.post("/api/positions", "{\"subAccountId\":" + coinm + ",\"symbol\":\"ETHUSD_PERP\",\"side\":\"long\",\"contracts\":10,"
                    + "\"entryPrice\":4400,\"leverage\":10}");
            assertThat(eth.status()).as(eth.body()).isEqualTo(400);
            assertThat(eth.json().get("error").asText()).isEqualTo("symbol: ETHUSD_PERP settles in ETH but sub-account 'btc' holds BTC (its BTCUSD_PERP): "
                    + "a COIN-M wallet is one coin; keep each coin's contracts in a sub-account of their own");
            // the venue is fixed
            TestDesk.Response move = d.put("/api/subaccounts/" + coinm, "{\"exchange\":\"binance\"}");
            assertThat(move.status()).isEqualTo(400);
            assertThat(move.json().get("field").asText()).isEqualTo("exchange");
            assertThat(d.get("/api/subaccounts/" + coinm).json().get("exchange").asText()).isEqualTo("binance-coinm");
            // a plan checked against a coin wallet must be a COIN-M plan
            TestDesk.Response chk = d.post("/api/check", "{\"plan\":" + DeskApiTest.TRADER_B + ",\"subAccountId\":" + coinm + "}");
            assertThat(chk.status()).as(chk.body()).isEqualTo(400);
            assertThat(chk.json().get("field").asText()).isEqualTo("subAccountId");
            assertThat(d.get("/api/positions?subAccountId=" + coinm).json().size()).isEqualTo(1);
            assertThat(d.get("/api/positions?subAccountId=" + usdm).json().size()).isEqualTo(0);
            assertThat(d.get("/api/subaccounts?accountId=" + acct).json().size()).isEqualTo(2);
        }
    }
}
