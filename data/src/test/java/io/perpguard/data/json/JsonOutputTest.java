package io.perpguard.data.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonOutputTest {
    /** What Jackson's own {@code writeNumber(double)} writes. */
    private static final ObjectMapper PLAIN = new ObjectMapper();

    @Property(tries = 3000)
    void aFiniteDoubleIsWrittenAsJacksonWritesIt(@ForAll long bits) {
        double v = Double.longBitsToDouble(bits);
        String expected = Double.isFinite(v) ? Double.toString(v) : "null";
        assertThat(JsonOutput.write(v)).isEqualTo(expected);
        if (Double.isFinite(v)) {
            assertThat(JsonOutput.write(v)).isEqualTo(write(PLAIN, v));
        }
    }

    @Test
    void numbersInArraysAndObjectsKeepTheirSeparators_andNonFiniteIsNull() throws Exception {
        assertThat(JsonOutput.write(java.util.Arrays.asList(1.5, Double.NaN, 2e-7, -0.0, 60000.0))).isEqualTo("[1.5,null,2.0E-7,-0.0,60000.0]");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 59089.45);
        m.put("b", List.of(1.0, Double.POSITIVE_INFINITY));
        m.put("c", new Point(0.1, 3));
        assertThat(JsonOutput.write(m)).isEqualTo("{\"a\":59089.45,\"b\":[1.0,null],\"c\":{\"x\":0.1,\"n\":3}}");
        assertThat(JsonOutput.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(List.of(1.25, 2.5)))
                .isEqualTo(PLAIN.writerWithDefaultPrettyPrinter().writeValueAsString(List.of(1.25, 2.5)));
    }

    @Test
    void aPrimitiveDoubleArrayWritesNonFiniteAsNull_notAsAString() throws Exception {
        assertThat(JsonOutput.write(new double[]{Double.NEGATIVE_INFINITY, 1.0})).isEqualTo("[null,1.0]");
        assertThat(JsonOutput.write(new Interval(new double[]{-0.5, Double.NaN}))).isEqualTo("{\"interval90\":[-0.5,null]}");
        assertThat(JsonOutput.write(new double[][]{{Double.POSITIVE_INFINITY}, {}})).isEqualTo("[[null],[]]");
        assertThat(JsonOutput.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(new double[]{0.25, 2e-7}))
                .isEqualTo(PLAIN.writerWithDefaultPrettyPrinter().writeValueAsString(new double[]{0.25, 2e-7}));
        assertThat(JsonOutput.MAPPER.valueToTree(new double[]{1.5, Double.NaN}).toString()).isEqualTo("[1.5,null]");
    }

    record Interval(double[] interval90) {
    }

    @Test
    void aTreeOfTheValueHoldsTheNumbers() {
        var tree = JsonOutput.MAPPER.valueToTree(new Point(59089.45, 3));
        assertThat(tree.get("x").isNumber()).isTrue();
        assertThat(tree.get("x").doubleValue()).isEqualTo(59089.45);
        assertThat(JsonOutput.MAPPER.convertValue(java.util.Arrays.asList(0.25, Double.NaN), List.class)).containsExactly(0.25, null);
    }

    @Test
    void enumsAreLowerCaseNames_includingConstantsWithBodies() {
        assertThat(JsonOutput.write(List.of(Kind.FIRST_ONE, Kind.SECOND))).isEqualTo("[\"first_one\",\"second\"]");
    }

    record Point(double x, int n) {
    }

    enum Kind {
        FIRST_ONE,
        SECOND {
            @Override
            public String toString() {
                return "2";
            }
        }
    }

    private static String write(ObjectMapper m, Object v) {
        try {
            return m.writeValueAsString(v);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
