package io.perpguard.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.venue.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A base-unit {@code qty} on a venue that counts in base units (Binance USDⓈ-M, Bybit linear) meets the venue's order
 * minimums from its bundled instruments, beside the step ({@link StepSizeTest}): at least the minimum quantity
 * ({@code LOT_SIZE minQty}, every order), and an opening or increase worth at least the minimum notional at its fill price
 * (Binance {@code MIN_NOTIONAL}: BTCUSDT 100, ETHUSDT 20, SOLUSDT 5 USDT); a reduce is exempt from the notional (Binance
 * exempts a reduce-only order). The stream took 0.001 BTC at 60,000 (60 USDT), an order Binance refuses.
 */
class MinimumOrderTest {
    static final long T0 = TopologyFixture.T0;

    /** Below the notional by whole steps: refused naming qty, the notional and the smallest size; that size is taken. */
    @ParameterizedTest
    @CsvSource({"opened, BTCUSDT, 60000, 0.001, 100, 0.002", "increased, BTCUSDT, 60000, 0.001, 100, 0.002",
            "opened, ETHUSDT, 3000, 0.006, 20, 0.007", "increased, ETHUSDT, 3000, 0.001, 20, 0.007",
            "opened, BTCUSDT, 125000, 0.0007, 100, 0.001"})
    void test_binance_belowTheMinimumNotional_isRefusedNamingTheSmallestSize(String type, String symbol, double price, double qty,
                                                                            double minNotional, double smallest) {
        Contract c = PositionSizeTest.KEYED.get(symbol).contract();
        assertThat(c.minNotional()).as("Binance's bundled MIN_NOTIONAL of %s", symbol).isEqualTo(minNotional);
        AccountState s = type.equals("opened") ? wallet() : held(symbol, price);
        if (c.onStep(qty)) {
            assertThatThrownBy(() -> PositionSizeTest.apply(s, "e", type, "binance", symbol, "qty", qty, price))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.field()).isEqualTo("qty");
                        assertThat(e.getMessage()).contains(fmt(qty) + " " + symbol + " at " + fmt(price) + " is worth " + fmt(qty * price) + " USDT",
                                "below the minimum notional " + fmt(minNotional), "give at least " + fmt(smallest) + " at this price");
                    });
        } else {
            // below one step: the step's refusal comes first (StepSizeTest)
            assertThatThrownBy(() -> PositionSizeTest.apply(s, "e", type, "binance", symbol, "qty", qty, price))
                    .hasMessageContaining("is not a whole number of " + symbol + " steps");
        }
        AccountState after = PositionSizeTest.apply(s, "e", type, "binance", symbol, "qty", smallest, price);
        assertThat(after.positions()).singleElement().satisfies(p -> assertThat(p.qty())
                .isEqualTo(type.equals("opened") ? smallest : Contract.addSizes(0.01, smallest)));
    }

    /** A reduce worth less than the minimum notional is taken: a reduce-only order is exempt from it. */
    @Test
    void test_binance_reduceBelowTheMinimumNotional_isTaken() {
        AccountState after = PositionSizeTest.apply(held("BTCUSDT", 60_000), "e", "reduced", "binance", "BTCUSDT", "qty", 0.001, 60_000);
        assertThat(after.positions()).singleElement().satisfies(p -> assertThat(p.qty()).isEqualTo(0.009));
    }

    /** Bybit's bundled instruments carry no minimum notional (its qtyStep and minOrderQty only): one step is taken. */
    @Test
    void test_bybit_oneStep_isTaken() {
        Contract c = PositionSizeTest.KEYED.get(StreamVenue.key(Exchange.BYBIT, "BTCUSDT")).contract();
        assertThat(c.minNotional()).isZero();
        AccountState w = PositionSizeTest.apply(null, "w", "wallet-transfer", "bybit", null, null, 0, 100_000);
        AccountState after = PositionSizeTest.apply(w, "o", "opened", "bybit", "BTCUSDT", "qty", 0.001, 60_000);
        assertThat(after.positions()).singleElement().satisfies(p -> assertThat(p.qty()).isEqualTo(0.001));
    }

    /**
     * A minimum quantity above the step (OKX's ETH-USDT-SWAP has one: 1 contract, lots of 0.1) binds every order, a reduce
     * too: BTCUSDT with minQty 0.01 on its step 0.001 refuses 0.005 whole steps, opened or reduced, naming the minimum.
     */
    @Test
    void test_minimumQuantityAboveTheStep_refusesEveryOrderBelowIt() {
        Instrument bundled = PositionSizeTest.KEYED.get("BTCUSDT");
        Contract c = bundled.contract();
        Contract larger = new Contract(c.symbol(), c.tickSize(), c.stepSize(), 0.01, c.minNotional(), c.takerFee(), c.makerFee(),
                c.fundingIntervalHours(), c.liquidationFeeRate(), c.exchange(), c.type(), c.contractSize(), c.settlementCurrency());
        Map<String, Instrument> map = new HashMap<>(PositionSizeTest.KEYED.bySymbol());
        map.put("BTCUSDT", new Instrument(larger, bundled.tiers()));
        Instruments instruments = new Instruments(map);
        AccountState w = AccountEngine.applyPosition("a", null, event("wallet-transfer", null, 0, 100_000), instruments, PartitionBookTest.POLICY).state();
        AccountState s = AccountEngine.applyPosition("a", w, event("opened", "BTCUSDT", 0.05, 60_000), instruments, PartitionBookTest.POLICY).state();
        for (String type : new String[]{"opened", "increased", "reduced"}) {
            AccountState from = type.equals("opened") ? w : s;
            assertThatThrownBy(() -> AccountEngine.applyPosition("a", from, event(type, "BTCUSDT", 0.005, 60_000), instruments, PartitionBookTest.POLICY))
                    .as(type).isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.field()).isEqualTo("qty");
                        assertThat(e.getMessage()).isEqualTo("qty: 0.005 is below the minimum quantity of BTCUSDT: Binance USDⓈ-M takes no order "
                                + "under 0.01; give at least 0.01");
                    });
        }
        AccountState reduced = AccountEngine.applyPosition("a", s, event("reduced", "BTCUSDT", 0.01, 60_000), instruments, PartitionBookTest.POLICY).state();
        assertThat(reduced.positions()).singleElement().satisfies(p -> assertThat(p.qty()).isEqualTo(0.04));
    }

    @TempDir
    Path stateDir;

    /** Through the topology: dead-lettered with the reason, and the account keeps what it held. */
    @Test
    void test_belowTheMinimumNotional_isDeadLettered_andTheAccountKeepsItsPosition() {
        try (TopologyFixture f = new TopologyFixture(stateDir, false)) {
            f.deposit("a", 100_000);
            f.open("a", "BTCUSDT", "long", 0.5, 60_000, 10, "cross");
            f.event("a", "{\"eventId\":\"x1\",\"type\":\"increased\",\"symbol\":\"BTCUSDT\",\"qty\":0.001,\"price\":60000}");
            f.event("a", "{\"eventId\":\"x2\",\"type\":\"opened\",\"symbol\":\"ETHUSDT\",\"side\":\"short\",\"qty\":0.006,\"price\":3000,"
                    + "\"leverage\":10,\"marginMode\":\"cross\"}");
            f.event("a", "{\"eventId\":\"x3\",\"type\":\"reduced\",\"symbol\":\"BTCUSDT\",\"qty\":0.001,\"price\":60000}");
            List<JsonNode> dead = f.readDeadLetters();
            assertThat(dead).extracting(d -> d.get("field").asText()).containsExactly("qty", "qty");
            assertThat(dead.get(0).get("reason").asText()).isEqualTo("qty: 0.001 BTCUSDT at 60,000 is worth 60 USDT, below the minimum "
                    + "notional 100: Binance USDⓈ-M opens or adds no order worth less; give at least 0.002 at this price");
            assertThat(dead.get(1).get("reason").asText()).contains("0.006 ETHUSDT at 3,000 is worth 18 USDT, below the minimum notional 20",
                    "give at least 0.007 at this price");
            assertThat(f.accountStates().get("a").positions()).singleElement().satisfies(p -> assertThat(p.qty()).isEqualTo(0.499));
        }
    }

    /** A Binance account with a wallet of 100,000 USDT. */
    private static AccountState wallet() {
        return PositionSizeTest.apply(null, "w", "wallet-transfer", "binance", null, null, 0, 100_000);
    }

    /** The same holding 0.01 of {@code symbol} at {@code price} (cross, 10x). */
    private static AccountState held(String symbol, double price) {
        return PositionSizeTest.apply(wallet(), "o", "opened", "binance", symbol, "qty", 0.01, price);
    }

    private static PositionEvent event(String type, String symbol, double qty, double priceOrAmount) {
        String json = symbol == null
                ? String.format(Locale.ROOT, "{\"eventId\":\"w\",\"type\":\"%s\",\"amount\":%s,\"eventTimeMs\":%d}", type, priceOrAmount, T0)
                : String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"%s\",\"symbol\":\"%s\",\"qty\":%s,\"price\":%s,%s"
                + "\"eventTimeMs\":%d}", type, type, symbol, qty, priceOrAmount,
                type.equals("opened") ? "\"side\":\"long\",\"leverage\":10,\"marginMode\":\"cross\"," : "", T0);
        return PositionEvent.parse("a", json, T0);
    }

    private static String fmt(double v) {
        return io.perpguard.Checks.fmt(v);
    }
}
