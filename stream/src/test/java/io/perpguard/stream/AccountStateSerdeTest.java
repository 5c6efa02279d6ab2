package io.perpguard.stream;

import io.perpguard.alerts.AlertState;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountStateSerdeTest {
    static final double[] ODD = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0, Double.MIN_VALUE, 1e300};

    static double any(Random r) {
        return r.nextInt(8) == 0 ? ODD[r.nextInt(ODD.length)] : (r.nextDouble() - 0.3) * Math.pow(10, r.nextInt(12));
    }

    static AccountState random(Random r) {
        List<HeldPosition> ps = new ArrayList<>();
        Map<String, MarkTick> marks = new HashMap<>();
        for (int i = r.nextInt(8); i > 0; i--) {
            String sym = (r.nextBoolean() ? "Ü" : "") + "S" + r.nextInt(50) + "USDT";
            ps.add(new HeldPosition(sym, Side.values()[r.nextInt(2)], any(r), any(r), any(r), MarginMode.values()[r.nextInt(2)],
                    PositionSide.values()[r.nextInt(3)], any(r)));
            marks.put(sym, new MarkTick(sym, 1 + r.nextDouble() * 1e5, r.nextBoolean() ? Double.NaN : 1 + r.nextDouble(),
                    (r.nextDouble() - 0.5) / 100, r.nextInt(3) == 0 ? AccountState.FILL_MARK : r.nextLong() & Long.MAX_VALUE));
        }
        AlertState a = new AlertState(r.nextLong(), r.nextBoolean(), any(r), r.nextLong(), r.nextLong(), any(r), r.nextBoolean());
        List<io.perpguard.data.account.AccountFile.Collateral> collateral = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (int i = r.nextInt(3) == 0 ? r.nextInt(4) : 0; i > 0; i--) {
            collateral.add(new io.perpguard.data.account.AccountFile.Collateral((r.nextBoolean() ? "Ü" : "") + "C" + i, any(r), any(r), any(r)));
            times.add(r.nextBoolean() ? 0 : r.nextLong());
        }
        return new AccountState(any(r), ps, marks, a, io.perpguard.venue.Exchange.values()[r.nextInt(io.perpguard.venue.Exchange.values().length)],
                collateral, times);
    }

    /** Every state (NaN, ±∞, −0.0, non-ASCII symbols included) comes back equal from the binary format. */
    @Property(tries = 500)
    void binaryFormat_roundTrips(@ForAll long seed) {
        AccountState s = random(new Random(seed));
        AccountStateSerde serde = new AccountStateSerde();
        byte[] b = serde.serialize("t", s);
        assertThat(serde.deserialize("t", b)).isEqualTo(s);
    }

    @Property(tries = 100)
    void legacyJson_isStillRead(@ForAll long seed) {
        AccountState s = random(new Random(seed));
        byte[] json = Json.state(AccountState.class).serializer().serialize("t", s);
        assertThat(new AccountStateSerde().deserialize("t", json)).isEqualTo(s);
    }

    /**
     * A Binance USDⓈ-M account is written as format 1, byte for byte what the stream wrote before it priced other venues
     * (a rollback still reads it); another venue's is format 2: format 1's bytes, then the venue. Format 1 and a JSON state
     * without a venue read as Binance USDⓈ-M.
     */
    @Test
    void venue_binanceStaysFormat1_otherVenuesAreFormat2_olderStatesReadAsBinance() {
        AccountStateSerde serde = new AccountStateSerde();
        AccountState binance = new AccountState(1000, List.of(new HeldPosition("BTCUSDT", Side.LONG, 0.1, 60000, 10, MarginMode.CROSS,
                PositionSide.BOTH, 0)), Map.of(), AlertState.INITIAL);
        byte[] v1 = serde.serialize("t", binance);
        assertThat(v1[0]).isEqualTo((byte) 1);
        assertThat(binance.exchange()).isEqualTo(io.perpguard.venue.Exchange.BINANCE);
        AccountState okx = new AccountState(binance.walletBalance(), binance.positions(), binance.marks(), binance.alert(),
                io.perpguard.venue.Exchange.OKX);
        byte[] v2 = serde.serialize("t", okx);
        assertThat(v2[0]).isEqualTo((byte) 2);
        assertThat(java.util.Arrays.copyOfRange(v2, 1, v1.length)).isEqualTo(java.util.Arrays.copyOfRange(v1, 1, v1.length));
        assertThat(java.util.Arrays.copyOfRange(v2, v1.length, v2.length)).isEqualTo(new byte[]{0, 3, 'o', 'k', 'x'});
        assertThat(serde.deserialize("t", v2)).isEqualTo(okx);
        assertThat(serde.deserialize("t", v1)).isEqualTo(binance);
        String json = new String(Json.state(AccountState.class).serializer().serialize("t", okx), java.nio.charset.StandardCharsets.UTF_8)
                .replace(",\"exchange\":\"OKX\"", "");
        assertThat(json).doesNotContain("exchange").contains("walletBalance");
        assertThat(serde.deserialize("t", json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).exchange())
                .isEqualTo(io.perpguard.venue.Exchange.BINANCE);
        v2[v2.length - 1] = 'q';
        assertThatThrownBy(() -> serde.deserialize("t", v2)).isInstanceOf(SerializationException.class).hasMessageContaining("venue 'okq'");
    }

    /**
     * An account with stated collateral is format 4: format 2's bytes (the venue written, Binance's too), then its assets,
     * each with its index's time; format 3 (the same without the times) still reads, every index time 0. The same account
     * without collateral is still format 1 or 2, byte for byte, and every older format reads with none.
     */
    @Test
    void collateral_isFormat4_format2BytesThenTheAssetsWithIndexTimes_format3StillRead_accountsWithoutItKeepTheirFormat() {
        AccountStateSerde serde = new AccountStateSerde();
        var btc = new io.perpguard.data.account.AccountFile.Collateral("BTC", 0.05, 0.95, 60000);
        long at = 1_700_000_123_456L;
        for (io.perpguard.venue.Exchange ex : List.of(io.perpguard.venue.Exchange.BINANCE, io.perpguard.venue.Exchange.BYBIT_UTA)) {
            AccountState plain = new AccountState(1000, List.of(new HeldPosition("BTCUSDT", Side.LONG, 0.1, 60000, 10, MarginMode.CROSS,
                    PositionSide.BOTH, 0)), Map.of(), AlertState.INITIAL, ex);
            AccountState pooled = plain.withCollateral(List.of(btc), List.of(at));
            byte[] before = serde.serialize("t", plain);
            assertThat(before[0]).isEqualTo((byte) (ex == io.perpguard.venue.Exchange.BINANCE ? 1 : 2));
            assertThat(serde.deserialize("t", before).collateral()).isEmpty();
            byte[] v4 = serde.serialize("t", pooled);
            assertThat(v4[0]).isEqualTo((byte) 4);
            byte[] venue = ex.id().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int end = before.length + (ex == io.perpguard.venue.Exchange.BINANCE ? 2 + venue.length : 0);
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.wrap(v4, end, v4.length - end);
            assertThat(tail.getShort()).isEqualTo((short) 1);
            assertThat(BinarySerde.symbol(tail)).isEqualTo("BTC");
            assertThat(new double[]{tail.getDouble(), tail.getDouble(), tail.getDouble()}).containsExactly(0.05, 0.95, 60000);
            assertThat(tail.getLong()).isEqualTo(at);
            assertThat(tail.hasRemaining()).isFalse();
            assertThat(java.util.Arrays.copyOfRange(v4, 1, before.length)).isEqualTo(java.util.Arrays.copyOfRange(before, 1, before.length));
            assertThat(serde.deserialize("t", v4)).isEqualTo(pooled);
            assertThat(serde.deserialize("t", v4).exchange()).isEqualTo(ex);
            assertThatThrownBy(() -> serde.deserialize("t", java.util.Arrays.copyOf(v4, v4.length - 4)))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("truncated");
            // format 3, as the previous version wrote it: the same bytes without the index time
            byte[] v3 = java.util.Arrays.copyOf(v4, v4.length - 8);
            v3[0] = 3;
            AccountState old = serde.deserialize("t", v3);
            assertThat(old.collateral()).containsExactly(btc);
            assertThat(old.indexTimesMs()).containsExactly(0L);
            assertThat(old).isEqualTo(pooled.withCollateral(List.of(btc)));
        }
    }

    @Test
    void truncatedBytes_failWithASerializationError() {
        AccountStateSerde serde = new AccountStateSerde();
        byte[] b = serde.serialize("t", random(new Random(1)));
        assertThatThrownBy(() -> serde.deserialize("t", java.util.Arrays.copyOf(b, b.length - 3)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("truncated");
        assertThat(serde.serialize("t", null)).isNull();
    }

    /** A symbol length or an enum ordinal pointing past the bytes is a corrupt state, not an exception of the JDK's. */
    @Test
    void corruptLengthsAndOrdinals_failWithASerializationError_asAMarkDoes() {
        AccountStateSerde serde = new AccountStateSerde();
        AccountState s = new AccountState(1000, List.of(new HeldPosition("BTCUSDT", Side.LONG, 0.1, 60000, 10, MarginMode.CROSS,
                PositionSide.BOTH, 0)), Map.of(), AlertState.INITIAL);
        byte[] longSymbol = serde.serialize("t", s);
        longSymbol[11] = (byte) 0xFF;   // version:1 wallet:8 positions:2, then the first symbol's length
        longSymbol[12] = (byte) 0xFF;
        assertThatThrownBy(() -> serde.deserialize("t", longSymbol))
                .isInstanceOf(SerializationException.class).hasMessageContaining("truncated or corrupt account state");
        byte[] badSide = serde.serialize("t", s);
        badSide[13 + "BTCUSDT".length()] = 9;   // the side's ordinal
        assertThatThrownBy(() -> serde.deserialize("t", badSide))
                .isInstanceOf(SerializationException.class).hasMessageContaining("truncated or corrupt account state");
        MarkTickSerde marks = new MarkTickSerde();
        byte[] mark = marks.serialize("t", new MarkTick("BTCUSDT", 60000, Double.NaN, 0, 1));
        mark[1] = (byte) 0xFF;
        assertThatThrownBy(() -> marks.deserialize("t", mark))
                .isInstanceOf(SerializationException.class).hasMessageContaining("truncated or corrupt mark");
        assertThatThrownBy(() -> marks.deserialize("t", java.util.Arrays.copyOf(marks.serialize("t", new MarkTick("BTCUSDT", 1, 1, 0, 1)), 60)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("bytes left over after the mark");
    }
}
