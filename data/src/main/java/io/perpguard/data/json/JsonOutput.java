package io.perpguard.data.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonGeneratorImpl;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.util.Locale;

/**
 * The one JSON shape every perpguard output uses (CLI {@code --json} and the HTTP API): plain numbers, non-finite
 * values as null, enums as lower-case names.
 */
public final class JsonOutput {
    /** Mapper for records and maps: NaN/∞ → null, enum → lower-case name. Thread-safe. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule()
                    .addSerializer(Double.class, new FiniteDouble())
                    .addSerializer(double.class, new FiniteDouble())
                    .addSerializer(double[].class, new FiniteDoubles())
                    .addSerializer(Enum.class, new LowerEnum()))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private JsonOutput() {
    }

    /** Compact JSON text of a value. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * Writes NaN and ±∞ as null: JSON has no such numbers. A finite number is written as the text
     * {@code Double.toString} gives (what {@code writeNumber(double)} writes), formatted into a per-thread buffer
     * instead of a new String per number — a desk answer holds dozens. Only a text generator gets the raw text.
     */
    public static final class FiniteDouble extends JsonSerializer<Double> {
        private static final ThreadLocal<Digits> DIGITS = ThreadLocal.withInitial(Digits::new);

        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (v == null || !Double.isFinite(v)) {
                g.writeNull();
            } else if (!(g instanceof JsonGeneratorImpl) || g.isEnabled(JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS)) {
                g.writeNumber(v);   // a token buffer (valueToTree, convertValue) needs the number itself, not raw text
            } else {
                Digits d = DIGITS.get();
                d.text.setLength(0);
                d.text.append(v.doubleValue());   // Double.toString's digits, without the String
                int n = d.text.length();
                d.text.getChars(0, n, d.chars, 0);
                g.writeRawValue(d.chars, 0, n);
            }
        }

        private static final class Digits {
            final StringBuilder text = new StringBuilder(32);
            final char[] chars = new char[32];
        }
    }

    /**
     * A {@code double[]} element by element as {@link FiniteDouble} writes a double: Jackson's own array serializer
     * bypasses the {@code double} serializer and wrote ±∞ as the strings {@code "Infinity"}/{@code "-Infinity"} (kelly's
     * {@code interval90} of a small journal was {@code ["-Infinity", 1.0]}).
     */
    static final class FiniteDoubles extends JsonSerializer<double[]> {
        private static final FiniteDouble ONE = new FiniteDouble();

        @Override
        public void serialize(double[] v, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartArray(v, v.length);
            for (double d : v) {
                ONE.serialize(d, g, p);
            }
            g.writeEndArray();
        }
    }

    /** Enum constants as lower-case names, each name made once per enum type. */
    @SuppressWarnings("rawtypes")
    static final class LowerEnum extends JsonSerializer<Enum> {
        private static final ClassValue<String[]> NAMES = new ClassValue<>() {
            @Override
            protected String[] computeValue(Class<?> type) {
                Object[] constants = type.getEnumConstants();
                String[] names = new String[constants.length];
                for (int i = 0; i < names.length; i++) {
                    names[i] = ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT);
                }
                return names;
            }
        };

        @Override
        public void serialize(Enum v, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(NAMES.get(v.getDeclaringClass())[v.ordinal()]);
        }
    }
}
