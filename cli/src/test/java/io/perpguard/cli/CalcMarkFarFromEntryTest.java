package io.perpguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code calc} with a mark far from the entry — a mistyped digit (6,000 for 60,000), another symbol's price, a move the
 * position would not have lived through — priced it without a word; {@code check} warns of the same distance
 * (ENTRY_FAR_FROM_MARK). calc now says it on a warning line and in --json's {@code warnings}, by check's one rule
 * (EntryDistance: more than 10 % either way), in its words.
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
        String warning = "entry 60,000 is 900 % above the mark 6,000 (more than 10 % away): check both prices";
        CliRun text = CliRun.of(at("6000"));
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("  warning: " + warning).contains("  liquidated            yes");
        JsonNode j = CliRun.of(at("6000", "--json")).json();
        assertThat(j.get("warnings")).hasSize(1);
        assertThat(j.get("warnings").get(0).asText()).startsWith(warning);
        assertThat(j.get("liquidated").asBoolean()).isTrue();
    }

    @Test
    void test_aMarkAboveTheEntry_beyondTheRule_isWarnedToo() throws Exception {
        // a long far in profit: no liquidation to say, the distance still worth a second look
        CliRun text = CliRun.of(at("70000"));
        assertThat(text.out()).as(text.err()).contains("  warning: entry 60,000 is 14.3 % below the mark 70,000 (more than 10 % away)");
        assertThat(CliRun.of(at("70000", "--json")).json().get("liquidated").asBoolean()).isFalse();
    }

    @Test
    void test_aMarkWithinTheRule_orNone_hasNoWarning() throws Exception {
        for (String[] args : new String[][]{at("59000"), at("55000"), LONG}) {
            CliRun text = CliRun.of(args);
            assertThat(text.exit()).as(text.err()).isZero();
            assertThat(text.out()).doesNotContain("warning");
            String[] json = java.util.Arrays.copyOf(args, args.length + 1);
            json[args.length] = "--json";
            assertThat(CliRun.of(json).json().has("warnings")).as("no warnings field without a warning").isFalse();
        }
    }
}
