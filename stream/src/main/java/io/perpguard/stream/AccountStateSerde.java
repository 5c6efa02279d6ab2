package io.perpguard.stream;

import io.perpguard.alerts.AlertState;
import io.perpguard.data.account.AccountFile;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code accounts} store's binary format: fixed-width primitives (doubles and longs as IEEE/two's complement,
 * big-endian), symbols as length-prefixed UTF-8, enums as ordinals, a leading format version. It replaces JSON on
 * the hottest store (every mark tick reads and writes each holder's state); NaN and ±∞ round-trip as they are.
 * States written as JSON by earlier versions (a leading '{') are still read.
 * <pre>
 * version:u8=1  wallet:f64  positions:u16  { symbol  side:u8  qty:f64  entry:f64  leverage:f64  mode:u8  leg:u8  added:f64 }*
 * marks:u16  { symbol  mark:f64  index:f64  funding:f64  time:i64 }*
 * alert: fired:i64  liquidated:u8  lastRatio:f64  lastTime:i64  windowStart:i64  windowLow:f64  fastFired:u8
 * symbol = length:u16 UTF-8 bytes
 * </pre>
 * Version 2 is version 1 followed by the account's venue, {@code exchange:symbol} (its {@code calc --exchange} id). A
 * Binance USDⓈ-M account is still written as version 1, byte for byte what earlier versions wrote and read; an
 * account on another venue as version 2. Version 1 reads as Binance USDⓈ-M (the one venue the stream priced then).
 * <p>Version 3, an account with stated collateral (whatever its venue), is version 2 followed by its assets:
 * <pre>
 * collateral:u16  { asset  amount:f64  collateralRatio:f64  indexPrice:f64 }*
 * </pre>
 * <p>Version 4, written for every account with stated collateral since collateral indexes follow the {@code marks}
 * topic, is version 3 with each asset's index time after its index:
 * <pre>
 * collateral:u16  { asset  amount:f64  collateralRatio:f64  indexPrice:f64  indexTime:i64 }*
 * </pre>
 * Version 3 reads with every index time 0 (older than any tick). An account without collateral is written as before
 * (version 1 or 2), byte for byte.
 */
public final class AccountStateSerde extends BinarySerde<AccountState> {
    static final byte VERSION = 4;
    /** Stated collateral without index times (read, no longer written). */
    static final byte COLLATERAL_VERSION = 3;
    /** The format of an account on another venue than Binance USDⓈ-M, without collateral (the venue written). */
    static final byte VENUE_VERSION = 2;
    /** The format of a Binance USDⓈ-M account (no venue written). */
    static final byte BINANCE_VERSION = 1;
    private static final Side[] SIDES = Side.values();
    private static final MarginMode[] MODES = MarginMode.values();
    private static final PositionSide[] LEGS = PositionSide.values();

    public AccountStateSerde() {
        super("account state", BINANCE_VERSION, VERSION, AccountState.class);
    }

    @Override
    public byte[] serialize(String topic, AccountState s) {
        if (s == null) {
            return null;
        }
        int size = 1 + 8 + 2 + 2 + 8 + 1 + 8 + 8 + 8 + 8 + 1;
        List<byte[]> names = new ArrayList<>(s.positions().size() + s.marks().size());
        for (HeldPosition p : s.positions()) {
            byte[] b = p.symbol().getBytes(StandardCharsets.UTF_8);
            names.add(b);
            size += 2 + b.length + 1 + 8 + 8 + 8 + 1 + 1 + 8;
        }
        for (String sym : s.marks().keySet()) {
            byte[] b = sym.getBytes(StandardCharsets.UTF_8);
            names.add(b);
            size += 2 + b.length + 8 + 8 + 8 + 8;
        }
        byte[] venue = null;
        if (s.exchange() != StreamVenue.DEFAULT || s.pooled()) {
            venue = s.exchange().id().getBytes(StandardCharsets.UTF_8);
            size += 2 + venue.length;
        }
        List<byte[]> assets = new ArrayList<>(s.collateral().size());
        if (s.pooled()) {
            size += 2;
            for (AccountFile.Collateral c : s.collateral()) {
                byte[] b = c.asset().getBytes(StandardCharsets.UTF_8);
                assets.add(b);
                size += 2 + b.length + 8 + 8 + 8 + 8;
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(s.pooled() ? VERSION : venue == null ? BINANCE_VERSION : VENUE_VERSION).putDouble(s.walletBalance()).putShort((short) s.positions().size());
        int k = 0;
        for (HeldPosition p : s.positions()) {
            putSymbol(out, names.get(k++)).put((byte) p.side().ordinal()).putDouble(p.qty()).putDouble(p.entryPrice())
                    .putDouble(p.leverage()).put((byte) p.marginMode().ordinal()).put((byte) p.positionSide().ordinal())
                    .putDouble(p.marginAdded());
        }
        out.putShort((short) s.marks().size());
        for (MarkTick m : s.marks().values()) {
            putSymbol(out, names.get(k++)).putDouble(m.markPrice()).putDouble(m.indexPrice()).putDouble(m.fundingRate())
                    .putLong(m.eventTimeMs());
        }
        AlertState a = s.alert();
        out.putLong(a.firedMask()).put((byte) (a.liquidated() ? 1 : 0)).putDouble(a.lastRatio()).putLong(a.lastTimeMs())
                .putLong(a.windowStartMs()).putDouble(a.windowLow()).put((byte) (a.fastFired() ? 1 : 0));
        if (venue != null) {
            putSymbol(out, venue);
        }
        if (s.pooled()) {
            out.putShort((short) s.collateral().size());
            for (int i = 0; i < s.collateral().size(); i++) {
                AccountFile.Collateral c = s.collateral().get(i);
                putSymbol(out, assets.get(i)).putDouble(c.amount()).putDouble(c.collateralRatio()).putDouble(c.indexPrice())
                        .putLong(s.indexTimesMs().get(i));
            }
        }
        return out.array();
    }

    @Override
    AccountState read(ByteBuffer in) {
        return read(in, BINANCE_VERSION);
    }

    @Override
    AccountState read(ByteBuffer in, byte v) {
        double wallet = in.getDouble();
        int np = in.getShort() & 0xFFFF;
        List<HeldPosition> ps = new ArrayList<>(np);
        for (int i = 0; i < np; i++) {
            ps.add(new HeldPosition(symbol(in), SIDES[in.get()], in.getDouble(), in.getDouble(), in.getDouble(),
                    MODES[in.get()], LEGS[in.get()], in.getDouble()));
        }
        int nm = in.getShort() & 0xFFFF;
        Map<String, MarkTick> marks = new HashMap<>(nm * 2);
        for (int i = 0; i < nm; i++) {
            String sym = symbol(in);
            marks.put(sym, new MarkTick(sym, in.getDouble(), in.getDouble(), in.getDouble(), in.getLong()));
        }
        AlertState a = new AlertState(in.getLong(), in.get() != 0, in.getDouble(), in.getLong(), in.getLong(), in.getDouble(),
                in.get() != 0);
        io.perpguard.venue.Exchange ex = StreamVenue.DEFAULT;
        if (v != BINANCE_VERSION) {
            String id = symbol(in);
            try {
                ex = io.perpguard.venue.Exchange.parse("exchange", id);
            } catch (io.perpguard.InvalidInputException e) {
                throw new org.apache.kafka.common.errors.SerializationException("corrupt account state: venue '" + DeadLetter.cut(id, 40) + "'");
            }
        }
        List<AccountFile.Collateral> collateral = List.of();
        List<Long> times = null;
        if (v >= COLLATERAL_VERSION) {
            int nc = in.getShort() & 0xFFFF;
            collateral = new ArrayList<>(nc);
            times = new ArrayList<>(nc);
            for (int i = 0; i < nc; i++) {
                collateral.add(new AccountFile.Collateral(symbol(in), in.getDouble(), in.getDouble(), in.getDouble()));
                times.add(v == VERSION ? in.getLong() : 0L);
            }
        }
        return new AccountState(wallet, ps, marks, a, ex, collateral, times);
    }
}
