package io.perpguard.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Binary format of a {@link MarkTick} in the marks stores (one write per tick and task):
 * {@code version:u8=1 symbol(length:u16 UTF-8) mark:f64 index:f64 funding:f64 time:i64}. States written as JSON by
 * earlier versions (a leading '{') are still read.
 */
public final class MarkTickSerde extends BinarySerde<MarkTick> {
    static final byte VERSION = 1;

    public MarkTickSerde() {
        super("mark", VERSION, MarkTick.class);
    }

    @Override
    public byte[] serialize(String topic, MarkTick m) {
        if (m == null) {
            return null;
        }
        byte[] s = m.symbol().getBytes(StandardCharsets.UTF_8);
        return putSymbol(ByteBuffer.allocate(1 + 2 + s.length + 8 * 4).put(VERSION), s)
                .putDouble(m.markPrice()).putDouble(m.indexPrice()).putDouble(m.fundingRate()).putLong(m.eventTimeMs()).array();
    }

    @Override
    MarkTick read(ByteBuffer in) {
        return new MarkTick(symbol(in), in.getDouble(), in.getDouble(), in.getDouble(), in.getLong());
    }
}
