package io.perpguard.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A fill that is part of an order ({@code orderQty}: the order's total, Binance's {@code ORDER_TRADE_UPDATE} {@code q}
 * beside the fill's {@code l}) meets the venue's minimum quantity and notional through its order: the venue applies them
 * to the order, and reports each partial fill apart. Refusing a small partial fill the venue executed left the stream's
 * position short of the venue's. A fill without {@code orderQty} is its own order, as before ({@link MinimumOrderTest}).
 */
class PartialFillTest {
    @TempDir
    Path stateDir;

    /** One 150 USDT BTCUSDT order at 30,000 (0.005) filled as 60 + 90 USDT: both fills booked, the position their sum. */
    @Test
    void test_twoPartialFillsOfOneOrder_areBothBooked_andThePositionIsTheirSum() {
        try (TopologyFixture f = new TopologyFixture(stateDir, false)) {
            f.deposit("a", 10_000);
            f.event("a", "{\"eventId\":\"f1\",\"type\":\"opened\",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.002,\"orderQty\":0.005,"
                    + "\"price\":30000,\"leverage\":10,\"marginMode\":\"cross\"}");
            // the second fill as a venue writes numbers, quoted
            f.event("a", "{\"eventId\":\"f2\",\"type\":\"increased\",\"symbol\":\"BTCUSDT\",\"qty\":\"0.003\",\"orderQty\":\"0.005\","
                    + "\"price\":30000}");
            assertThat(f.readDeadLetters()).isEmpty();
            List<JsonNode> risk = f.readRisk();
            assertThat(risk).extracting(r -> r.get("positions").size()).containsExactly(0, 1, 1);
            assertThat(risk.get(1).get("positions").get(0).get("qty").asDouble()).isEqualTo(0.002);
            assertThat(risk.get(2).get("positions").get(0).get("qty").asDouble()).isEqualTo(0.005);
            assertThat(f.accountStates().get("a").positions()).singleElement().satisfies(p -> {
                assertThat(p.qty()).isEqualTo(0.005);
                assertThat(p.entryPrice()).isEqualTo(30_000);
            });
        }
    }

    /** The same 60 USDT fill without orderQty is its own order: refused as below the minimum notional, as before. */
    @Test
    void test_theSameFillWithoutTheOrderField_isStillRefused() {
        try (TopologyFixture f = new TopologyFixture(stateDir, false)) {
            f.deposit("a", 10_000);
            f.event("a", "{\"eventId\":\"f1\",\"type\":\"opened\",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.002,"
                    + "\"price\":30000,\"leverage\":10,\"marginMode\":\"cross\"}");
            List<JsonNode> dead = f.readDeadLetters();
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(d.get("field").asText()).isEqualTo("qty");
                assertThat(d.get("reason").asText()).isEqualTo("qty: 0.002 BTCUSDT at 30,000 is worth 60 USDT, below the minimum notional 100: "
                        + "Binance USDⓈ-M opens or adds no order worth less; give at least 0.004 at this price");
            });
            assertThat(f.accountStates().get("a").positions()).isEmpty();
        }
    }

    /**
     * A bad orderQty — not finite, negative, smaller than the fill, not a number, or misspelled — is dead-lettered with one
     * line naming the field and the allowed range, and the account keeps what it held.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"orderQty\":\"NaN\"| orderQty| orderQty: 'NaN' is not a finite number; the allowed range is the order's total qty, from this fill's 0.002 to 1,000,000,000,000,000",
            "\"orderQty\":-0.005| orderQty| orderQty: -0.005 is outside the allowed range: the order's total qty, from this fill's 0.002 to 1,000,000,000,000,000",
            "\"orderQty\":0.001| orderQty| orderQty: 0.001 is outside the allowed range: the order's total qty, from this fill's 0.002 to 1,000,000,000,000,000 (an order is at least the fill it is part of)",
            "\"orderQty\":true| orderQty| orderQty: true is not a number; the allowed range is the order's total qty, from this fill's 0.002 to 1,000,000,000,000,000",
            "\"orderQty\":[0.005]| orderQty| orderQty: [0.005] is not a number; the allowed range is the order's total qty, from this fill's 0.002 to 1,000,000,000,000,000",
            "\"orderqty\":0.005| orderqty| orderqty: unknown field (did you mean 'orderQty'?)",
            "\"order_qty\":0.005| order_qty| order_qty: unknown field (did you mean 'orderQty'?)"})
    void test_aBadOrderField_isDeadLetteredNamingTheFieldAndTheRange(String field, String named, String reason) {
        try (TopologyFixture f = new TopologyFixture(stateDir, false)) {
            f.deposit("a", 10_000);
            f.event("a", "{\"eventId\":\"f1\",\"type\":\"opened\",\"symbol\":\"BTCUSDT\",\"side\":\"long\",\"qty\":0.002," + field
                    + ",\"price\":30000,\"leverage\":10,\"marginMode\":\"cross\"}");
            assertThat(f.readDeadLetters()).singleElement().satisfies(d -> {
                assertThat(d.get("field").asText()).isEqualTo(named);
                assertThat(d.get("reason").asText()).startsWith(reason);
                assertThat(d.get("reason").asText()).doesNotContain("\n", "Exception");
            });
            assertThat(f.accountStates().get("a").positions()).isEmpty();
        }
    }

    /** An order itself below the minimum notional is refused naming orderQty, the order's worth and the smallest order. */
    @Test
    void test_anOrderBelowTheMinimumNotional_isRefusedNamingOrderQty() {
        assertThatThrownBy(() -> apply(wallet(), "opened", "BTCUSDT", 0.002, 0.003, 30_000, KEYED))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("orderQty");
                    assertThat(e.getMessage()).isEqualTo("orderQty: 0.003 BTCUSDT (the order's total; this fill 0.002) at 30,000 is worth 90 USDT, "
                            + "below the minimum notional 100: Binance USDⓈ-M opens or adds no order worth less; give at least 0.004 at this price");
                });
    }

    /** The fill itself is still whole steps of the symbol, and so is the order's total. */
    @ParameterizedTest
    @CsvSource({"0.0025, 0.005, qty, '0.0025 is not a whole number of BTCUSDT steps'",
            "0.002, 0.0045, orderQty, '0.0045 is not a whole number of BTCUSDT steps'"})
    void test_theFillAndItsOrder_areWholeSteps(double qty, double orderQty, String field, String reason) {
        assertThatThrownBy(() -> apply(wallet(), "opened", "BTCUSDT", qty, orderQty, 30_000, KEYED))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(reason, "give a multiple of 0.001");
                });
    }

    /**
     * The minimum quantity binds the order too, a reduce-only one as well: with BTCUSDT's minQty raised to 0.01 on its step
     * 0.001, fills of 0.005 of a 0.01 order are taken opened, increased and reduced; a 0.005 order is refused naming orderQty.
     */
    @Test
    void test_minimumQuantity_isCheckedOnTheOrder() {
        Instrument bundled = KEYED.get("BTCUSDT");
        Contract c = bundled.contract();
        Contract larger = new Contract(c.symbol(), c.tickSize(), c.stepSize(), 0.01, c.minNotional(), c.takerFee(), c.makerFee(),
                c.fundingIntervalHours(), c.liquidationFeeRate(), c.exchange(), c.type(), c.contractSize(), c.settlementCurrency());
        Map<String, Instrument> map = new HashMap<>(KEYED.bySymbol());
        map.put("BTCUSDT", new Instrument(larger, bundled.tiers()));
        Instruments instruments = new Instruments(map);
        AccountState opened = apply(wallet(), "opened", "BTCUSDT", 0.005, 0.01, 60_000, instruments);
        AccountState grown = apply(opened, "increased", "BTCUSDT", 0.005, 0.01, 60_000, instruments);
        AccountState reduced = apply(grown, "reduced", "BTCUSDT", 0.005, 0.01, 60_000, instruments);
        assertThat(List.of(opened, grown, reduced)).extracting(s -> s.positions().get(0).qty()).containsExactly(0.005, 0.01, 0.005);
        assertThatThrownBy(() -> apply(grown, "reduced", "BTCUSDT", 0.005, 0.005, 60_000, instruments))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage()).isEqualTo("orderQty: 0.005 (the order's total; "
                        + "this fill 0.005) is below the minimum quantity of BTCUSDT: Binance USDⓈ-M takes no order under 0.01; give at least 0.01"));
    }

    /** In contracts the order is in contracts too: at least the fill's contracts. */
    @Test
    void test_inContracts_theOrderIsCountedInContracts() {
        String json = "{\"eventId\":\"o\",\"type\":\"opened\",\"exchange\":\"okx\",\"symbol\":\"BTC-USDT-SWAP\",\"side\":\"long\",\"contracts\":3,"
                + "\"orderQty\":%s,\"price\":60000,\"leverage\":10}";
        assertThat(PositionEvent.parse("a", String.format(Locale.ROOT, json, "5"), T0).orderQty()).isEqualTo(5);
        assertThatThrownBy(() -> PositionEvent.parse("a", String.format(Locale.ROOT, json, "2"), T0))
                .hasMessage("orderQty: 2 is outside the allowed range: the order's total contracts, from this fill's 3 to 1,000,000,000 "
                        + "(an order is at least the fill it is part of)");
        assertThat(PositionEvent.parse("a", String.format(Locale.ROOT, json.replace(",\"orderQty\":%s", ""), ""), T0).orderQty()).isNaN();
    }

    static final long T0 = TopologyFixture.T0;
    static final Instruments KEYED = PositionSizeTest.KEYED;

    private static AccountState wallet() {
        return PositionSizeTest.apply(null, "w", "wallet-transfer", "binance", null, null, 0, 100_000);
    }

    private static AccountState apply(AccountState s, String type, String symbol, double qty, double orderQty, double price, Instruments instruments) {
        String json = String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"type\":\"%s\",\"symbol\":\"%s\",\"qty\":%s,\"orderQty\":%s,\"price\":%s,%s"
                + "\"eventTimeMs\":%d}", type, type, symbol, java.math.BigDecimal.valueOf(qty).toPlainString(),
                java.math.BigDecimal.valueOf(orderQty).toPlainString(), price,
                type.equals("opened") ? "\"side\":\"long\",\"leverage\":10,\"marginMode\":\"cross\"," : "", T0);
        return AccountEngine.applyPosition("a", s, PositionEvent.parse("a", json, T0), instruments, PartitionBookTest.POLICY).state();
    }
}
