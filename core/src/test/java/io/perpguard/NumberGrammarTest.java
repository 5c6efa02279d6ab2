package io.perpguard;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one grammar of typed numbers ({@link Checks#plain}, {@link Checks#parse}): what a trader writes is read, what only
 * Java's readers took is refused with one line naming the field and how a number is written.
 */
class NumberGrammarTest {
    @Test
    void plain_acceptsSignDigitsPointAndExponent() {
        for (String ok : List.of("60000", "-0.5", "+20", ".5", "5.", "1e-4", "6E4", "6e+4", "0", "-0", " 7 ", "\t7\n", "0e-999", "1.5e300")) {
            assertThat(Checks.plain(ok)).as(ok).isTrue();
        }
    }

    @Test
    void plain_refusesWhatOnlyJavaReads() {
        for (String no : List.of("60000d", "60000f", "60000D", "0x10", "0x1p4", "١٢٣", "１２３", "1_000", "60,000", "NaN", "Infinity", "", " ",
                ".", "-", "+", "e5", "5e", "5e+", "1.2.3", "--5", "+-5", "5 5", "5%", "1e4.5")) {
            assertThat(Checks.plain(no)).as(no).isFalse();
        }
        assertThat(Checks.plain(null)).isFalse();
    }

    @Test
    void parse_readsPlainNumbers_andNamesTheFieldOtherwise() {
        assertThat(Checks.parse("entry", "'x'", " 6e4 ")).isEqualTo(60000.0);
        assertThat(Checks.parse("rate", "'x'", "+0.01")).isEqualTo(0.01);
        assertThatThrownBy(() -> Checks.parse("entry", "'60000d'", "60000d")).isInstanceOf(InvalidInputException.class)
                .hasMessage("entry: '60000d' is not a number (write it as digits with an optional sign, decimal point and exponent, e.g. 60000, "
                        + "-0.5, 1e-4)");
        assertThatThrownBy(() -> Checks.parse("entry", "'-Infinity'", "-Infinity")).hasMessage("entry: '-Infinity' is not a finite number");
        assertThatThrownBy(() -> Checks.parse("entry", "'NaN'", "NaN")).hasMessage("entry: 'NaN' is not a finite number");
        assertThatThrownBy(() -> Checks.parse("entry", "'1e999'", "1e999")).hasMessageContaining("is out of range: beyond");
    }

    @Test
    void digits_areAsciiOnly() {
        assertThat(Checks.digits("0123")).isTrue();
        for (String no : List.of("", "+1", "-1", "١", "1 ", "1.0")) {
            assertThat(Checks.digits(no)).as(no).isFalse();
        }
    }
}
