package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code calc} with a mark a mistyped digit away from the entry (6,000 for 60,000) or another symbol's price priced it
 * without a word. It now says so on a warning line and in --json's {@code warnings} when the mark is a factor of five or
 * more from the entry either way (EntryDistance.beyondFactor, the factor stops refuses an entry by) — and only then: an
 * open position 20 % or 50 % in profit or loss is a market move, not a typo (check's 10 % entry rule is for an entry
 * planned against the current price, not for a position already open).
 */
class CalcMarkFarFromEntryTest {
    private static final String[] LONG = {"calc", "--symbol", "BTCUSDT", "--side", "long", "--entry", "60000", "--qty", "0.1", "--leverage", "10"};

    private static String[] at(String mark, String... more) {
        String[] a = java.util.Arrays.copyOf(LONG, LONG.length + 2 + more.length);
        a[LONG.length] = "--mark";
        a[LONG.length + 1] = mark;
        System.arraycopy(more, 0, a, LONG.length + 2, more.length);
        return a;
    }

    @Test
    void test_aMarkATenthOfTheEntry_isWarned_inTheTextAndTheJson() throws Exception {
        String warning = "entry 60,000 is 10 times the mark 6,000 (a factor of 5 or more): check both prices";
        CliRun text = CliRun.of(at("6000"));
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("  warning: " + warning).contains("  liquidated            yes");
        JsonNode j = CliRun.of(at("6000", "--json")).json();
        assertThat(j.get("warnings")).hasSize(1);
        assertThat(j.get("warnings").get(0).asText()).startsWith(warning);
        assertThat(j.get("liquidated").asBoolean()).isTrue();
    }

    @Test
    void test_aMarkTenTimesTheEntry_isWarnedToo() throws Exception {
        // an extra digit on the mark: a long "in profit" 900 %
        CliRun text = CliRun.of(at("600000"));
        assertThat(text.out()).as(text.err()).contains("  warning: entry 60,000 is 1/10 of the mark 600,000 (a factor of 5 or more)");
        assertThat(CliRun.of(at("600000", "--json")).json().get("liquidated").asBoolean()).isFalse();
    }

    @Test
    void test_aMarketMove_evenALargeOne_hasNoWarning() throws Exception {
        // a long 20 % and 60 % in profit, 8 % in loss, 4.9× the entry: prices an open position can have; and no mark at all
        for (String[] args : new String[][]{at("72000"), at("96000"), at("55000"), at("294000"), LONG}) {
            CliRun text = CliRun.of(args);
            assertThat(text.exit()).as(text.err()).isZero();
            assertThat(text.out()).doesNotContain("warning");
            String[] json = java.util.Arrays.copyOf(args, args.length + 1);
            json[args.length] = "--json";
            assertThat(CliRun.of(json).json().has("warnings")).as("no warnings field without a warning").isFalse();
        }
    }
}
