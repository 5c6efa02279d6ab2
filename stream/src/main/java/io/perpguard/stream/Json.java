package io.perpguard.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Jackson serdes. Two mappers: {@link #STATE} for state stores and routing topics (round-trips NaN and ±∞ as
 * strings, enum names as they are) and {@link #OUTPUT} for the output topics consumers read (non-finite numbers
 * as {@code null}, enums in lower case — the CLI's JSON conventions).
 */
public final class Json {
    /** Internal records: exact round trip. */
    public static final ObjectMapper STATE = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Output topics: NaN/∞ → null, enums lower-case, amounts of money at 8 decimals ({@code io.perpguard.Money}, as every front end). */
    public static final ObjectMapper OUTPUT = new ObjectMapper()
            .registerModule(new SimpleModule()
                    .addSerializer(Double.class, new io.perpguard.data.json.JsonOutput.FiniteDouble())
                    .addSerializer(double.class, new io.perpguard.data.json.JsonOutput.FiniteDouble())
                    .addSerializer(Enum.class, new LowerEnum()))
            .registerModule(io.perpguard.app.json.Json.money(Map.of(
                    AccountRisk.class, Set.of("walletBalance", "marginBalance", "maintenanceMargin", "unrealizedPnl"),
                    AccountRisk.PositionRisk.class, Set.of("notional", "maintenanceMargin", "marginBalance", "unrealizedPnl", "fundingPayment")),
                    Map.of()));

    private Json() {
    }

    /** A serde of {@code type} through {@code mapper}. */
    public static <T> Serde<T> serde(Class<T> type, ObjectMapper mapper) {
        Serializer<T> ser = (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return mapper.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON", e);
            }
        };
        Deserializer<T> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return mapper.readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from JSON", e);
            }
        };
        return Serdes.serdeFrom(ser, de);
    }

    /** Internal record serde. */
    public static <T> Serde<T> state(Class<T> type) {
        return serde(type, STATE);
    }

    /** Output record serde. */
    public static <T> Serde<T> output(Class<T> type) {
        return serde(type, OUTPUT);
    }

    @SuppressWarnings("rawtypes")
    static final class LowerEnum extends JsonSerializer<Enum> {
        @Override
        public void serialize(Enum v, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(v.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }
}
