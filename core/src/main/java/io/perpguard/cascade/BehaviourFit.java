package io.perpguard.cascade;

import io.perpguard.Checks;
import io.perpguard.instrument.RiskTiers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Fits the one {@link Behaviour} set to a list of events and scores it by leave-one-out.
 * <pre>
 * loss(θ)   = Σ_events Σ_bands [outside] · (1 + min(1, distance / scale))      scale = largest finite |bound| or width
 * search    = (1+1) evolution strategy from the defaults, fitted parameters only, in [0, 1]-normalised (log where
 *             marked) coordinates; each trial moves each parameter with probability ½ by N(0, σ²); σ ×1.5 on success,
 *             ×0.85 on failure (1/5th-rule style), bounded to [0.01, 0.3]; seeded, so the same budget gives the same set
 * leave-one-out: for each event e, θ₋ₑ = fit(all but e); out-of-sample = bands of e inside under θ₋ₑ;
 *             in-sample = bands of e inside under θ_all = fit(all)
 * </pre>
 */
public final class BehaviourFit {
    private final EventModel model;

    public BehaviourFit(Function<String, RiskTiers> tiers) {
        this.model = new EventModel(tiers);
    }

    /**
     * Band count of one or more runs.
     *
     * @param inside bands inside
     * @param total  bands
     * @param loss   see the class formula
     */
    public record Score(int inside, int total, double loss) {
        Score plus(Score o) {
            return new Score(inside + o.inside, total + o.total, loss + o.loss);
        }
    }

    /** The score of one run's bands. */
    public static Score score(CascadeResult r) {
        int in = 0;
        double loss = 0;
        for (BandResult b : r.bands()) {
            if (b.inside()) {
                in++;
                continue;
            }
            double scale = 0;
            for (double v : new double[]{b.low(), b.high(), b.high() - b.low()}) {
                if (Double.isFinite(v)) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
            double d = Double.isFinite(b.distance()) && scale > 0 ? Math.min(1, b.distance() / scale) : 1;
            loss += 1 + d;
        }
        return new Score(in, r.bands().size(), loss);
    }

    public Score score(CascadeEvent e, Behaviour b) {
        return score(model.run(e, b));
    }

    public Score score(List<CascadeEvent> events, Behaviour b) {
        Score s = new Score(0, 0, 0);
        for (CascadeEvent e : events) {
            s = s.plus(score(e, b));
        }
        return s;
    }

    /** Fits the behaviour to {@code train} with {@code budget} trials from {@code start} (see the class formula). */
    public Behaviour fit(List<CascadeEvent> train, Behaviour start, int budget, long seed) {
        Checks.inRange("budget", budget, 0, 100_000);
        Random rnd = new Random(seed);
        Behaviour best = start;
        double bestLoss = score(train, best).loss();
        double sigma = 0.15;
        int[] free = freeParams();
        for (int trial = 0; trial < budget && bestLoss > 0; trial++) {
            double[] u = toUnit(best);
            boolean moved = false;
            for (int i : free) {
                if (rnd.nextBoolean()) {
                    u[i] = clamp01(u[i] + sigma * rnd.nextGaussian());
                    moved = true;
                }
            }
            if (!moved) {
                int i = free[rnd.nextInt(free.length)];
                u[i] = clamp01(u[i] + sigma * rnd.nextGaussian());
            }
            Behaviour cand = fromUnit(u, best);
            double loss = score(train, cand).loss();
            if (loss < bestLoss) {
                best = cand;
                bestLoss = loss;
                sigma = Math.min(0.3, sigma * 1.5);
            } else {
                sigma = Math.max(0.01, sigma * 0.85);
            }
        }
        return best;
    }

    /**
     * One event's leave-one-out line.
     *
     * @param event     event name
     * @param kind      crash, control or de-levered
     * @param inSample  score under the set fitted to every event
     * @param outSample score under the set fitted without this event
     */
    public record Row(String event, String kind, Score inSample, Score outSample) {
    }

    /**
     * Fitted sets: one on every event and one per left-out event.
     *
     * @param all   fitted to every event
     * @param folds event name → fitted without that event
     */
    public record Fits(Behaviour all, Map<String, Behaviour> folds) {
        public Fits {
            folds = Map.copyOf(folds);
        }
    }

    /**
     * Runs the whole fit: every event, then once per left-out event, on {@code threads} threads (each fit is
     * independent and seeded, so the result does not depend on the thread count).
     */
    public Fits fitAll(List<CascadeEvent> events, Behaviour start, int budget, long seed, int threads) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            java.util.concurrent.Future<Behaviour> all = pool.submit(() -> fit(events, start, budget, seed));
            Map<String, java.util.concurrent.Future<Behaviour>> jobs = new LinkedHashMap<>();
            for (CascadeEvent left : events) {
                List<CascadeEvent> train = new ArrayList<>(events);
                train.remove(left);
                jobs.put(left.name(), pool.submit(() -> fit(train, start, budget, seed)));
            }
            Map<String, Behaviour> folds = new LinkedHashMap<>();
            for (Map.Entry<String, java.util.concurrent.Future<Behaviour>> j : jobs.entrySet()) {
                folds.put(j.getKey(), j.getValue().get());
            }
            return new Fits(all.get(), folds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("fit interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The leave-one-out table of stored fits (one run per event and set). */
    public List<Row> validate(List<CascadeEvent> events, Fits fits) {
        List<Row> rows = new ArrayList<>();
        for (CascadeEvent e : events) {
            Behaviour fold = fits.folds().get(e.name());
            if (fold == null) {
                throw new io.perpguard.InvalidInputException("fits", "no leave-one-out set for event '" + e.name() + "'; re-run the fit");
            }
            rows.add(new Row(e.name(), e.kind(), score(e, fits.all()), score(e, fold)));
        }
        return rows;
    }

    private static int[] freeParams() {
        List<Integer> f = new ArrayList<>();
        for (int i = 0; i < Behaviour.PARAMS.length; i++) {
            if (Behaviour.PARAMS[i].fitted()) {
                f.add(i);
            }
        }
        return f.stream().mapToInt(Integer::intValue).toArray();
    }

    static double[] toUnit(Behaviour b) {
        double[] u = new double[Behaviour.PARAMS.length];
        for (int i = 0; i < u.length; i++) {
            Behaviour.Param p = Behaviour.PARAMS[i];
            double v = b.get(i);
            u[i] = p.log() ? Math.log(v / p.lo()) / Math.log(p.hi() / p.lo()) : (v - p.lo()) / (p.hi() - p.lo());
        }
        return u;
    }

    static Behaviour fromUnit(double[] u, Behaviour base) {
        double[] v = base.values();
        for (int i = 0; i < u.length; i++) {
            Behaviour.Param p = Behaviour.PARAMS[i];
            if (!p.fitted()) {
                continue;
            }
            double x = p.log() ? p.lo() * Math.exp(u[i] * Math.log(p.hi() / p.lo())) : p.lo() + u[i] * (p.hi() - p.lo());
            v[i] = Math.max(p.lo(), Math.min(p.hi(), x));
        }
        return Behaviour.of(v);
    }

    private static double clamp01(double x) {
        return Math.max(0, Math.min(1, x));
    }
}
