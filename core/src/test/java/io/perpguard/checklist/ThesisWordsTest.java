package io.perpguard.checklist;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

import static org.assertj.core.api.Assertions.assertThat;

/** The thesis word count without a regex counts what {@code trim().split("\\s+")} counted. */
class ThesisWordsTest {
    @Property(tries = 3000)
    void sameCountAsTheRegexSplit(@ForAll @StringLength(max = 30) @Chars({' ', '\t', '\n', '\u000B', '\f', '\r', '\u00A0', '\u0001', 'a', 'é'})
                                  @CharRange(from = 'x', to = 'z') String text) {
        String t = text.trim();
        int expected = t.isEmpty() ? 0 : t.split("\\s+").length;
        assertThat(PreTradeCheck.words(t)).isEqualTo(expected);
    }
}
