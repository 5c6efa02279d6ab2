package io.perpguard.stream;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A store's binary format: a leading format version, then what {@link #read} reads. Values written as JSON by
 * earlier versions (a leading '{') are still read. Bytes that end early, or point past their end (a symbol's length,
 * an enum's ordinal), fail as a {@link SerializationException} saying the value is truncated or corrupt; bytes left
 * over after a value fail too.
 */
abstract class BinarySerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
    private final String what;
    private final byte version;
    private final byte oldest;
    private final Deserializer<T> legacy;

    /**
     * @param what    the value's name in messages, e.g. {@code mark}
     * @param version the format version written and read
     * @param type    the record type earlier versions wrote as JSON
     */
    BinarySerde(String what, byte version, Class<T> type) {
        this(what, version, version, type);
    }

    /**
     * @param oldest the oldest format version still read ({@link #read(ByteBuffer, byte)} reads each from it to
     *               {@code version})
     */
    BinarySerde(String what, byte oldest, byte version, Class<T> type) {
        this.what = what;
        this.version = version;
        this.oldest = oldest;
        this.legacy = Json.state(type).deserializer();
    }

    /** Reads one value after the version byte. */
    abstract T read(ByteBuffer in);

    /** Reads one value of format {@code v} (from the oldest read to the newest) after the version byte. */
    T read(ByteBuffer in, byte v) {
        return read(in);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public final T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] == '{') {
            // written by an earlier version (JSON), e.g. still in a changelog topic
            return legacy.deserialize(topic, data);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            byte v = in.get();
            if (v < oldest || v > version) {
                throw new SerializationException(what + " format " + v + " is not " + (oldest == version ? "" + version : oldest + " to " + version));
            }
            T value = read(in, v);
            if (in.hasRemaining()) {
                throw new SerializationException(in.remaining() + " bytes left over after the " + what);
            }
            return value;
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new SerializationException("truncated or corrupt " + what + " (" + data.length + " bytes)", e);
        }
    }

    /** A symbol as written by {@link #putSymbol}: length:u16, then UTF-8 bytes. */
    static String symbol(ByteBuffer in) {
        int len = in.getShort() & 0xFFFF;
        String s = new String(in.array(), in.arrayOffset() + in.position(), len, StandardCharsets.UTF_8);
        in.position(in.position() + len);
        return s;
    }

    /** Writes a symbol's UTF-8 bytes {@code b} with their length (u16). */
    static ByteBuffer putSymbol(ByteBuffer out, byte[] b) {
        return out.putShort((short) b.length).put(b);
    }
}
