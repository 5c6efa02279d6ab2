package io.perpguard.bench;

import io.perpguard.cascade.CascadeScenario;
import io.perpguard.cascade.DepthModel;
import io.perpguard.cascade.EngineSpec;
import io.perpguard.cascade.EventCascade;
import io.perpguard.cascade.FlowModel;
import io.perpguard.cascade.LadderSpec;
import io.perpguard.cascade.LeverageMix;
import io.perpguard.cascade.MarketSpec;
import io.perpguard.cascade.ShockLeg;
import io.perpguard.instrument.RiskTiers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Event-core throughput: time steps per second with 10⁵ positions on the ladder, during a cascade (a 10 % fundamental
 * drop and sell flow over the first 30 minutes, withdrawal, refill, capped engine, voluntary flow). Each invocation
 * runs one hour of 1-second steps from a fresh state; the reset to that state (O(positions)) happens before the
 * invocation, outside the timed unit.
 * Run: {@code mvn -B -q -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar CascadeStep -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class CascadeStepBenchmark {
    static final int STEPS = 3600;
    static final RiskTiers BTC = RiskTiers.of("BTCUSDT",
            new double[]{0, 50_000, 600_000, 3_000_000, 12_000_000, 70_000_000},
            new double[]{50_000, 600_000, 3_000_000, 12_000_000, 70_000_000, 1e12},
            new double[]{125, 100, 75, 50, 25, 20},
            new double[]{0.004, 0.005, 0.0065, 0.01, 0.02, 0.025});

    /**
     * {@code base}: the kernel without index feedback or defence (the unit of the earlier figures); {@code shared}: with
     * the shared model's index feedback against withdrawn depth (φ = 0.245, κ = 0.5) and the defence of endangered
     * positions (4.7 % zone, 0.45 per hour, on a 10-s clock), and market makers withdrawing against the last minute's
     * forced flow and refilling at m^λ (fRef 0.2, λ 0.5), as the bundled fit runs it. Compare the two within one run.
     */
    @Param({"base", "shared"})
    public String variant;

    EventCascade.Stepper stepper;

    @Setup(Level.Trial)
    public void setup() {
        stepper = newStepper("shared".equals(variant));
    }

    /** A fresh reset before each invocation (an invocation is thousands of steps, so the per-invocation setup is cheap). */
    @Setup(Level.Invocation)
    public void reset() {
        stepper.reset();
    }

    /** The benchmark's stepper (also timed by bench/compare). */
    static EventCascade.Stepper newStepper() {
        return newStepper(false);
    }

    /** The benchmark's stepper, with the shared model's index feedback, defence and withdrawal against forced flow when {@code shared}. */
    static EventCascade.Stepper newStepper(boolean shared) {
        LadderSpec ladder = new LadderSpec(1.4e10, 100_000, LeverageMix.parse("l", "1:0.35,2:0.2,3:0.15,5:0.1,10:0.08,20:0.06,50:0.04,100:0.02"),
                LeverageMix.parse("s", "1:0.45,2:0.2,3:0.12,5:0.1,10:0.07,20:0.04,50:0.015,100:0.005"), 4, 10_000, "BTCUSDT", 1);
        DepthModel depth = new DepthModel(2.44e8, 2.44e8, 0.78, 1 / 114.0, 0.3, 10, 600, 2.44e8 * 0.1, 60, 600,
                shared ? 0.245 : 0, shared ? 0.5 : 0, 1, 0, shared ? 0.2 : 0, shared ? 0.5 : 0);
        FlowModel flow = shared ? new FlowModel(2, 0.002, 0.03, 0.01, 0.01, 0, 4.7, 0.45) : new FlowModel(2, 0.002, 0.03, 0.01, 0.01, 0);
        MarketSpec m = new MarketSpec("BTCUSDT", 121_500, ladder, depth, new EngineSpec(0, false, 7e8, true, 300),
                flow, List.of(new ShockLeg(0, 30, 1e9, -10)), List.of());
        CascadeScenario s = CascadeScenario.single("bench", m, 60, 1, 42);
        EventCascade.Stepper st = new EventCascade(sym -> BTC).stepper(s, m, 42);
        if (st.positions() != 100_000) {
            throw new IllegalStateException("expected 100000 positions, got " + st.positions());
        }
        return st;
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public double stepsOfOneHour() {
        for (int i = 0; i < STEPS; i++) {
            stepper.step();
        }
        return stepper.lastPrice();
    }
}
