package io.perpguard.stream;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Binary format of a {@link MarkTick} in the marks stores (one write per tick and task):
 * {@code version:u8=1 symbol(length:u16 UTF-8) mark:f64 index:f64 funding:f64 time:i64}. States written as JSON by
 * earlier versions (a leading '{') are still read.
 */
public final class MarkTickSerde implements Serde<MarkTick>, Serializer<MarkTick>, Deserializer<MarkTick> {
    static final byte VERSION = 1;
    private static final Deserializer<MarkTick> LEGACY = Json.state(MarkTick.class).deserializer();

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }

    @Override
    public Serializer<MarkTick> serializer() {
        return this;
    }

    @Override
    public Deserializer<MarkTick> deserializer() {
        return this;
    }

    @Override
    public byte[] serialize(String topic, MarkTick m) {
        if (m == null) {
            return null;
        }
        byte[] s = m.symbol().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 2 + s.length + 8 * 4).put(VERSION).putShort((short) s.length).put(s)
                .putDouble(m.markPrice()).putDouble(m.indexPrice()).putDouble(m.fundingRate()).putLong(m.eventTimeMs()).array();
    }

    @Override
    public MarkTick deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] == '{') {
            return LEGACY.deserialize(topic, data);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            byte v = in.get();
            if (v != VERSION) {
                throw new SerializationException("mark format " + v + " is not " + VERSION);
            }
            int len = in.getShort() & 0xFFFF;
            String symbol = new String(data, in.position(), len, StandardCharsets.UTF_8);
            in.position(in.position() + len);
            MarkTick m = new MarkTick(symbol, in.getDouble(), in.getDouble(), in.getDouble(), in.getLong());
            if (in.hasRemaining()) {
                throw new SerializationException(in.remaining() + " bytes left over after a mark");
            }
            return m;
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new SerializationException("truncated or corrupt mark (" + data.length + " bytes)", e);
        }
    }
}
