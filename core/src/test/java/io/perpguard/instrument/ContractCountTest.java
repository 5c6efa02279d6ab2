package io.perpguard.instrument;

import io.perpguard.venue.ContractType;
import io.perpguard.venue.Exchange;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** Contracts ↔ base units: a size is a decimal, so the conversion carries no binary noise onto the venue's step. */
class ContractCountTest {
    /** Contract sizes the bundled venues use: OKX ETH-USDT-SWAP 0.1 ETH, BTC-USDT-SWAP 0.01, XT BTC_USDT 0.0001, LTC_USDT 0.1. */
    static final double[] SIZES = {0.1, 0.01, 0.0001, 0.001, 0.01, 1, 10, 100};

    private static Contract on(double contractSize) {
        return new Contract("X", 0.01, contractSize, contractSize, 0, 0.0005, 0.0002, 8, 0)
                .on(Exchange.OKX, ContractType.LINEAR, contractSize, "USDT");
    }

    @Test
    void sevenContractsOfATenthAreSevenTenths() {
        // 7 × 0.1 in doubles is 0.7000000000000001: calc --contracts 7 on ETH-USDT-SWAP printed 0.700 and --json qty 0.7000000000000001
        assertThat(on(0.1).qtyOfContracts(7)).isEqualTo(0.7);
        assertThat(on(0.1).qtyOfContracts(3)).isEqualTo(0.3);
        // 0.3 / 0.1 in doubles is 2.9999999999999996: the JSON's contracts said 3.0000000000000004 for 3 XT LTC_USDT contracts
        assertThat(on(0.1).contractsOf(0.3)).isEqualTo(3.0);
        assertThat(on(0.0001).contractsOf(0.1583)).isEqualTo(1583.0);
    }

    @Property(tries = 300)
    void aWholeCountIsTheDecimalProduct_andBack(@ForAll @IntRange(min = 1, max = 10_000_000) int n, @ForAll @IntRange(min = 0, max = 7) int which) {
        double size = SIZES[which];
        Contract c = on(size);
        double qty = c.qtyOfContracts(n);
        assertThat(qty).isEqualTo(BigDecimal.valueOf(n).multiply(BigDecimal.valueOf(size)).doubleValue());
        assertThat(BigDecimal.valueOf(qty).stripTrailingZeros().scale()).isLessThanOrEqualTo(Math.max(0, BigDecimal.valueOf(size).stripTrailingZeros().scale()));
        assertThat(c.contractsOf(qty)).isEqualTo(n);
    }
}
