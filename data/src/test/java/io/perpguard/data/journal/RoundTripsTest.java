package io.perpguard.data.journal;

import io.perpguard.margin.Side;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

final class RoundTripsTest {
    private static final RoundTrips.Grouping G = RoundTrips.group(
            JournalCsv.read(JournalFixtures.file("binance-futures-trades.csv")).fills());

    @Test
    void test_group_fixture_fiveClosedTrades_oneOpenPosition() {
        assertThat(G.trades()).hasSize(5);
        assertThat(G.openSymbols()).containsExactly("ETHUSDT");
        assertThat(G.unplacedFills()).isEmpty();
        assertThat(G.warnings()).anySatisfy(w -> assertThat(w).contains("still open").contains("ETHUSDT"));
    }

    @Test
    void test_group_longInTwoFills_averagesTheEntry() {
        JournalTrade t = G.trades().get(0);
        assertThat(t.symbol()).isEqualTo("BTCUSDT");
        assertThat(t.side()).isEqualTo(Side.LONG);
        // (0.06 × 60,000 + 0.04 × 60,010) / 0.1 = 60,004
        assertThat(t.entryPrice()).isEqualByComparingTo("60004");
        assertThat(t.exitPrice()).isEqualByComparingTo("61000");
        assertThat(t.qty()).isEqualByComparingTo("0.1");
        assertThat(t.realizedPnl()).isEqualByComparingTo("99.6");
        assertThat(t.fees()).isEqualByComparingTo(new BigDecimal("1.8").add(new BigDecimal("1.2002")).add(new BigDecimal("3.05")));
        assertThat(t.netPnl()).isEqualByComparingTo(t.realizedPnl().subtract(t.fees()));
        assertThat(t.fillCount()).isEqualTo(3);
    }

    @Test
    void test_group_shortClosedInTwoFills() {
        JournalTrade t = G.trades().get(1);
        assertThat(t.symbol()).isEqualTo("ETHUSDT");
        assertThat(t.side()).isEqualTo(Side.SHORT);
        assertThat(t.exitPrice()).isEqualByComparingTo("3555");
        assertThat(t.realizedPnl()).isEqualByComparingTo("-55");
        assertThat(t.netPnl()).isEqualByComparingTo("-58.5275");
    }

    @Test
    void test_group_flip_splitsTheFillAndItsFeeByQuantity() {
        JournalTrade closeLong = G.trades().get(2), short2 = G.trades().get(3);
        assertThat(closeLong.symbol()).isEqualTo("SOLUSDT");
        assertThat(closeLong.side()).isEqualTo(Side.LONG);
        assertThat(closeLong.qty()).isEqualByComparingTo("10");
        // 0.65 opening + 10/15 of the flip fill's 1.0125
        assertThat(closeLong.fees()).isEqualByComparingTo("1.325");
        assertThat(closeLong.realizedPnl()).isEqualByComparingTo("50");
        assertThat(short2.side()).isEqualTo(Side.SHORT);
        assertThat(short2.qty()).isEqualByComparingTo("5");
        assertThat(short2.entryPrice()).isEqualByComparingTo("135");
        assertThat(short2.exitPrice()).isEqualByComparingTo("132");
        // the other 5/15 of 1.0125 + 0.33 closing
        assertThat(short2.fees()).isEqualByComparingTo("0.6675");
        assertThat(short2.netPnl()).isEqualByComparingTo("14.3325");
    }

    @Test
    void test_group_identicalFills_bothCount() {
        JournalTrade t = G.trades().get(4);
        assertThat(t.qty()).isEqualByComparingTo("0.02");
        assertThat(t.fillCount()).isEqualTo(3);
        assertThat(t.netPnl()).isEqualByComparingTo("8.765");
    }

    @Test
    void test_group_closingFillWithoutAnOpening_isReportedNotGuessed() {
        Fill close = Fill.of(1_000, "BTCUSDT", false, new BigDecimal("0.1"), new BigDecimal("61000"),
                new BigDecimal("100"), new BigDecimal("3"), null, 2, 0);
        Fill open = Fill.of(2_000, "BTCUSDT", true, new BigDecimal("0.1"), new BigDecimal("60000"),
                BigDecimal.ZERO, new BigDecimal("3"), null, 3, 0);
        Fill close2 = Fill.of(3_000, "BTCUSDT", false, new BigDecimal("0.1"), new BigDecimal("60500"),
                new BigDecimal("50"), new BigDecimal("3"), null, 4, 0);
        RoundTrips.Grouping g = RoundTrips.group(List.of(close, open, close2));
        assertThat(g.unplacedFills()).containsExactly("2");
        assertThat(g.trades()).singleElement().satisfies(t -> assertThat(t.realizedPnl()).isEqualByComparingTo("50"));
    }

    @Test
    void test_group_feesInAnotherAsset_areLeftOutAndCounted() {
        Fill open = Fill.of(1_000, "BTCUSDT", true, new BigDecimal("0.1"), new BigDecimal("60000"),
                BigDecimal.ZERO, new BigDecimal("0.001"), "BNB", 2, 0);
        Fill close = Fill.of(2_000, "BTCUSDT", false, new BigDecimal("0.1"), new BigDecimal("60500"),
                new BigDecimal("50"), new BigDecimal("3"), null, 3, 0);
        RoundTrips.Grouping g = RoundTrips.group(List.of(open, close));
        assertThat(g.trades().get(0).fees()).isEqualByComparingTo("3");
        assertThat(g.foreignFeeFills()).isEqualTo(1);
    }
}
