package io.perpguard.margin.fast;

import io.perpguard.instrument.RiskTiers;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TierTableTest {
    @Property(tries = 300)
    void index_isTheReferenceTier_atRandomNotionalsAndAtEveryBoundary(@ForAll long seed) {
        Random r = new Random(seed);
        RiskTiers tiers = RandomBooks.tiers(r, "XUSDT");
        TierTable tt = TierTable.of(tiers);
        for (var b : tiers.brackets()) {
            for (double x : new double[]{b.notionalFloor(), b.notionalCap(), Math.nextUp(b.notionalFloor()), Math.nextDown(b.notionalCap())}) {
                assertThat(tt.index(x)).as("notional %s", x).isEqualTo(tiers.indexFor(x));
                assertThat(tt.maintenanceMargin(x)).isEqualTo(tiers.maintenanceMargin(x));
            }
        }
        for (int i = 0; i < 200; i++) {
            double x = r.nextDouble() * tiers.maxNotional();
            assertThat(tt.index(x)).isEqualTo(tiers.indexFor(x));
        }
        // above the last cap: the last tier (open-ended), as BatchReprice
        assertThat(tt.index(tiers.maxNotional() * 3)).isEqualTo(tiers.brackets().size() - 1);
    }
}
