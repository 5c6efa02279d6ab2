package io.perpguard.stops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VolumeProfileTest {
    /**
     * Hand-built: 10 bars trade 100–102 with volume 150 each (heavy), 10 bars trade 110–112 with volume 100 each,
     * and 2 bars cross 102–110 with volume 4 each (a fast move through thin prices). Twelve bins of width 1 over
     * 100–112: the POC is in 100–102, high-volume nodes at both shelves, a low-volume node in between.
     */
    @Test
    void test_profile_twoShelvesAndAThinMiddle() {
        int n = 22;
        double[] h = new double[n], l = new double[n], v = new double[n];
        for (int i = 0; i < 10; i++) {
            h[i] = 102;
            l[i] = 100;
            v[i] = 150;
            h[12 + i] = 112;
            l[12 + i] = 110;
            v[12 + i] = 100;
        }
        h[10] = 110; l[10] = 102; v[10] = 4;
        h[11] = 110; l[11] = 102; v[11] = 4;
        VolumeProfile p = VolumeProfile.of(h, l, v, 0, n, 12);
        assertThat(p.binWidth()).isEqualTo(1.0);
        // each shelf bar puts half its volume in each of its two bins; each crossing bar 0.5 in each of 8 bins
        assertThat(p.volume()[0]).isCloseTo(750, within(1e-9));
        assertThat(p.volume()[5]).isCloseTo(1.0, within(1e-9));
        assertThat(p.volume()[11]).isCloseTo(500, within(1e-9));
        assertThat(p.pocPrice()).isIn(100.5, 101.5);
        assertThat(p.highVolumeNodes()).hasSize(2);
        assertThat(p.highVolumeNodes().get(0).price()).isBetween(100.0, 102.0);
        assertThat(p.highVolumeNodes().get(1).price()).isBetween(110.0, 112.0);
        assertThat(p.lowVolumeNodes()).hasSize(1);
        assertThat(p.lowVolumeNodes().get(0).price()).isBetween(103.0, 109.0);
    }

    @Test
    void test_profile_conservesVolume() {
        double[] h = {10, 12, 11.5, 13}, l = {9, 10, 10.5, 11}, v = {3, 7, 2, 5};
        VolumeProfile p = VolumeProfile.of(h, l, v, 0, 4, 8);
        double sum = 0;
        for (double x : p.volume()) {
            sum += x;
        }
        assertThat(sum).isCloseTo(17, within(1e-9));
    }
}
