package io.perpguard.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.InvalidInputException;
import io.perpguard.instrument.Contract;
import io.perpguard.venue.Exchange;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A base-unit {@code qty} on a venue that counts in base units (Binance USDⓈ-M, Bybit linear) is a whole number of the
 * symbol's step, the venue's {@code stepSize} / {@code qtyStep} from its bundled instruments (BTCUSDT 0.001 on both, SOLUSDT 1
 * on Binance and 0.1 on Bybit): an opening, increase or reduce off the step is refused in one line naming {@code qty}, the
 * step and the nearest sizes, as OKX and XT refuse a qty off their lots — the stream took 0.0015 BTC on Binance, a position
 * the venue cannot hold and {@code calc --account} refuses.
 */
class StepSizeTest {
    static final long T0 = TopologyFixture.T0;
    /** {venue, symbol, price}: the bundled linear contracts of the two venues that count in base units. */
    static final String[][] CASES = {{"binance", "BTCUSDT", "60000"}, {"binance", "ETHUSDT", "3000"}, {"binance", "SOLUSDT", "150"},
            {"bybit", "BTCUSDT", "60000"}, {"bybit", "ETHUSDT", "3000"}, {"bybit", "SOLUSDT", "150"}};
    static final String[] TYPES = {"opened", "increased", "reduced"};

    /**
     * An account holding {@code held} steps; an event of {@code type} sized {@code n} steps and {@code frac} hundredths of
     * one: refused naming the step and the whole-step sizes either side (0 left out), the account as it was; the same
     * event of whole steps is taken.
     */
    @Property(tries = 300)
    void offTheStep_isRefusedNamingTheStep_wholeStepsAreTaken(@ForAll @IntRange(min = 0, max = 5) int which,
                                                             @ForAll @IntRange(min = 0, max = 2) int type,
                                                             @ForAll @IntRange(min = 0, max = 40) int k,
                                                             @ForAll @IntRange(min = 1, max = 99) int frac) {
        String venue = CASES[which][0], symbol = CASES[which][1];
        double price = Double.parseDouble(CASES[which][2]);
        Contract c = PositionSizeTest.KEYED.get(StreamVenue.key(Exchange.parse("x", venue), symbol)).contract();
        assertThat(c.contractSize()).as("a venue that counts in base units").isZero();
        BigDecimal step = BigDecimal.valueOf(c.stepSize());
        // sizes from the venue's smallest order at the price up (Binance's minimum notional: 2 steps of BTCUSDT at 60,000,
        // 7 of ETHUSDT at 3,000; MinimumOrderTest refuses the ones below), so a whole-step event is always taken
        int n = k + (int) Math.round(c.minQtyFor(price) / c.stepSize()) - 1;
        int held = n + 2;
        AccountState s = PositionSizeTest.apply(null, "w", "wallet-transfer", venue, null, null, 0, 10_000_000);
        if (type > 0) {
            s = PositionSizeTest.apply(s, "o", "opened", venue, symbol, "qty", step.multiply(BigDecimal.valueOf(held)).doubleValue(), price);
        }
        BigDecimal off = step.multiply(BigDecimal.valueOf(n).add(BigDecimal.valueOf(frac, 2)));
        AccountState before = s;
        String kind = TYPES[type];
        assertThatThrownBy(() -> PositionSizeTest.apply(before, "e", kind, venue, symbol, "qty", off.doubleValue(), price))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("qty");
                    BigDecimal below = step.multiply(BigDecimal.valueOf(n)), above = below.add(step);
                    assertThat(e.getMessage()).contains(io.perpguard.Checks.fmt(off.doubleValue()) + " is not a whole number of " + symbol
                                    + " steps", "trades it in steps of " + io.perpguard.Checks.fmt(step.doubleValue()),
                            "(nearest: " + (n > 0 ? io.perpguard.Checks.fmt(below.doubleValue()) + " or " : "")
                                    + io.perpguard.Checks.fmt(above.doubleValue()) + ")")
                            .doesNotContain("BYBIT:");
                });
        double whole = step.multiply(BigDecimal.valueOf(n + 1)).doubleValue();
        AccountState after = PositionSizeTest.apply(before, "e", kind, venue, symbol, "qty", whole, price);
        BigDecimal want = type == 0 ? BigDecimal.valueOf(n + 1) : type == 1 ? BigDecimal.valueOf(held + n + 1) : BigDecimal.valueOf(held - n - 1);
        assertThat(after.positions().get(0).qty()).isEqualTo(step.multiply(want).doubleValue());
        assertThat(step.multiply(want).divide(step, 0, RoundingMode.UNNECESSARY)).isEqualTo(want);
    }

    @TempDir
    Path stateDir;

    /** Through the topology: the refused event goes to the dead letter naming {@code qty}, and the account keeps what it held. */
    @Test
    void test_offStepQty_onBinanceAndBybit_isDeadLettered_andTheAccountKeepsItsPosition() {
        try (TopologyFixture f = new TopologyFixture(stateDir, false)) {
            f.tiers.pipeInput("bybit:SOLUSDT", PositionSizeTest.bybitTiers("SOLUSDT"));
            f.deposit("a", 100_000);
            f.open("a", "BTCUSDT", "long", 0.5, 60_000, 10, "cross");
            f.event("a", "{\"eventId\":\"x1\",\"type\":\"increased\",\"symbol\":\"BTCUSDT\",\"qty\":0.0015,\"price\":60000}");
            f.event("a", "{\"eventId\":\"x2\",\"type\":\"opened\",\"symbol\":\"SOLUSDT\",\"side\":\"short\",\"qty\":2.5,\"price\":150,"
                    + "\"leverage\":10,\"marginMode\":\"cross\"}");
            f.event("b", "{\"eventId\":\"y1\",\"type\":\"wallet-transfer\",\"exchange\":\"bybit\",\"amount\":100000}");
            f.event("b", "{\"eventId\":\"y2\",\"type\":\"opened\",\"exchange\":\"bybit\",\"symbol\":\"SOLUSDT\",\"side\":\"long\",\"qty\":2.5,"
                    + "\"price\":150,\"leverage\":10,\"marginMode\":\"cross\"}");
            f.event("b", "{\"eventId\":\"y3\",\"type\":\"reduced\",\"exchange\":\"bybit\",\"symbol\":\"SOLUSDT\",\"qty\":0.25,\"price\":151}");
            List<JsonNode> dead = f.readDeadLetters();
            assertThat(dead).extracting(d -> d.get("field").asText()).containsExactly("qty", "qty", "qty");
            assertThat(dead.get(0).get("reason").asText()).isEqualTo("qty: 0.0015 is not a whole number of BTCUSDT steps: Binance USDⓈ-M trades "
                    + "it in steps of 0.001; give a multiple of 0.001 (nearest: 0.001 or 0.002)");
            assertThat(dead.get(1).get("reason").asText()).contains("2.5 is not a whole number of SOLUSDT steps", "steps of 1;",
                    "(nearest: 2 or 3)");
            assertThat(dead.get(2).get("reason").asText()).contains("0.25 is not a whole number of SOLUSDT steps: Bybit trades it in steps "
                    + "of 0.1", "(nearest: 0.2 or 0.3)").doesNotContain("BYBIT:");
            assertThat(f.accountStates().get("a").positions()).singleElement().satisfies(p -> assertThat(p.qty()).isEqualTo(0.5));
            assertThat(f.accountStates().get("b").positions()).singleElement().satisfies(p -> assertThat(p.qty()).isEqualTo(2.5));
        }
    }
}
