package io.perpguard.data.cascade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.perpguard.InvalidInputException;
import io.perpguard.cascade.Behaviour;
import io.perpguard.cascade.BehaviourFit;
import io.perpguard.cascade.CascadeEvent;
import io.perpguard.cascade.EngineSpec;
import io.perpguard.cascade.MarketState;
import io.perpguard.cascade.ShockLeg;
import io.perpguard.data.json.JsonInput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads events of the shared-parameter model (pre-event state + driver + bands, no behaviour) and the stored fits
 * ({@code fits/all.json}: the behaviour set fitted to every event; {@code fits/without-NAME.json}: one per left-out
 * event; each records the command, seed and budget that produced it). Built-in events are resources
 * {@code io/perpguard/data/cascade/events/NAME.json} listed in {@code events/index.txt}. Format: docs/cascade.md.
 */
public final class EventFile {
    private static final String DIR = "/io/perpguard/data/cascade/events/";

    private EventFile() {
    }

    /**
     * An event and the legs of its driver marked {@code "role": "trigger"} (the news shock without the observed drift).
     *
     * @param event   the event
     * @param trigger trigger legs
     */
    public record Loaded(CascadeEvent event, List<ShockLeg> trigger) {
        /** The event driven by its trigger legs only. */
        public CascadeEvent triggerOnly() {
            if (trigger.isEmpty()) {
                throw new InvalidInputException("trigger-only", "event '" + event.name() + "' has no trigger leg (role \"trigger\")");
            }
            return event.withDriver(trigger);
        }
    }

    public static List<String> builtInNames() {
        List<String> names = new ArrayList<>();
        for (String line : resource("index.txt").split("\\R")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.trim());
            }
        }
        return names;
    }

    /** Every built-in event, in index order. */
    public static List<CascadeEvent> builtIn() {
        List<CascadeEvent> out = new ArrayList<>();
        for (String n : builtInNames()) {
            out.add(load(n).event());
        }
        return out;
    }

    /** A built-in event by name, or an event file by path. */
    public static Loaded load(String nameOrFile) {
        if (builtInNames().contains(nameOrFile)) {
            return parse(JsonInput.parse("event " + nameOrFile, resource(nameOrFile + ".json")));
        }
        Path p = Path.of(nameOrFile);
        if (!Files.exists(p)) {
            throw new InvalidInputException("event", "'" + nameOrFile + "' is neither a built-in event ("
                    + String.join(", ", builtInNames()) + ") nor an existing file");
        }
        JsonNode root = JsonInput.readFile("event", p);
        return JsonInput.inFile(p, () -> parse(root));   // "markets[0].price: …" named no file
    }

    static String resource(String name) {
        try (InputStream in = EventFile.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DIR + name + " missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DIR + name, e);
        }
    }

    // the fields each object may hold (docs/cascade.md); anything else is refused with the nearest name
    private static final Set<String> ROOT = Set.of("name", "kind", "description", "start", "horizonMinutes", "dtSeconds", "seed",
            "markets", "driver", "bands", "sources", "inputs", "reporting");
    private static final Set<String> REPORTING = Set.of("venueOiShares", "reportedHigh", "sources");
    private static final Set<String> MARKET = Set.of("symbol", "price", "tiersSymbol", "accountNotionalUsd", "depthBeta", "state",
            "engine", "halts");
    private static final Set<String> STATE = Set.of("lookbackHours", "bars", "oi", "funding", "longShortRatio", "preEventOiUsd",
            "depth1PctUsd", "beta", "volumeShare");
    private static final Set<String> DRIVER = new java.util.HashSet<>(ScenarioFile.LEG);

    static {
        DRIVER.add("role");
    }

    public static Loaded parse(JsonNode root) {
        JsonInput.object(root, "event");
        JsonInput.onlyKnown(root, "", ROOT);
        List<CascadeEvent.Market> markets = new ArrayList<>();
        JsonNode ms = JsonInput.array(root, "markets", "markets");
        for (int i = 0; i < ms.size(); i++) {
            String p = "markets[" + i + "]";
            JsonNode m = JsonInput.object(ms.get(i), p);
            JsonInput.onlyKnown(m, p + ".", MARKET);
            String sym = JsonInput.text(m, "symbol", p + ".symbol");
            markets.add(new CascadeEvent.Market(sym, ScenarioFile.price(m, p + ".price"),
                    JsonInput.text(m, "tiersSymbol", p + ".tiersSymbol", sym),
                    ScenarioFile.usd(m, "accountNotionalUsd", p + ".accountNotionalUsd", 10_000),
                    JsonInput.literalNumber(m, "depthBeta", p + ".depthBeta", 0.78), state(JsonInput.object(m.get("state"), p + ".state"), p + ".state"),
                    ScenarioFile.engine(m, p), ScenarioFile.halts(m, p)));
        }
        List<ShockLeg> driver = new ArrayList<>(), trigger = new ArrayList<>();
        JsonNode d = JsonInput.array(root, "driver", "driver");
        for (int i = 0; i < d.size(); i++) {
            String q = "driver[" + i + "]";
            JsonNode l = JsonInput.object(d.get(i), q);
            JsonInput.onlyKnown(l, q + ".", DRIVER);
            ShockLeg leg = ScenarioFile.leg(l, q);
            driver.add(leg);
            if ("trigger".equals(JsonInput.text(l, "role", q + ".role", "drift"))) {
                trigger.add(leg);
            }
        }
        List<String> sources = new ArrayList<>();
        JsonNode src = root.get("sources");
        if (src != null && src.isArray()) {
            src.forEach(n -> sources.add(n.asText()));
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        JsonNode in = root.get("inputs");
        if (in != null && in.isObject()) {
            in.fields().forEachRemaining(e -> inputs.put(e.getKey(), e.getValue().asText()));
        }
        CascadeEvent e = new CascadeEvent(JsonInput.text(root, "name", "name"), JsonInput.text(root, "kind", "kind", "crash"),
                JsonInput.text(root, "description", "description", ""), ScenarioFile.instant(root, "start", "start"),
                JsonInput.literalNumber(root, "horizonMinutes", "horizonMinutes"), JsonInput.literalNumber(root, "dtSeconds", "dtSeconds", 1),
                JsonInput.wholeNumber(root, "seed", "seed", 1, 9e15), markets, driver, ScenarioFile.bands(root), sources, inputs,
                reporting(root.get("reporting")));
        return new Loaded(e, trigger);
    }

    /** The optional {@code reporting} block (venue OI shares, reported upper bounds, sources); off until asked for. */
    private static CascadeEvent.Reporting reporting(JsonNode r) {
        if (r == null || r.isNull()) {
            return null;
        }
        JsonInput.object(r, "reporting");
        JsonInput.onlyKnown(r, "reporting.", REPORTING);
        Map<String, Double> shares = new LinkedHashMap<>(), high = new LinkedHashMap<>();
        JsonNode v = r.get("venueOiShares");
        if (v != null && v.isObject()) {
            v.fieldNames().forEachRemaining(k -> shares.put(k, JsonInput.literalNumber(v, k, "reporting.venueOiShares." + k)));
        }
        JsonNode h = r.get("reportedHigh");
        if (h != null && h.isObject()) {
            h.fieldNames().forEachRemaining(k -> high.put(k, JsonInput.literalNumber(h, k, "reporting.reportedHigh." + k)));
        }
        List<String> src = new ArrayList<>();
        JsonNode s = r.get("sources");
        if (s != null && s.isArray()) {
            s.forEach(n -> src.add(n.asText()));
        }
        return new CascadeEvent.Reporting(false, shares, high, src);
    }

    private static MarketState state(JsonNode s, String p) {
        JsonInput.onlyKnown(s, p + ".", STATE);
        JsonNode bars = s.get("bars");
        int n = bars == null || !bars.isArray() ? 0 : bars.size();
        long[] t = new long[n];
        double[] hi = new double[n], lo = new double[n], cl = new double[n], qv = new double[n];
        int withVolume = 0;
        for (int i = 0; i < n; i++) {
            String q = p + ".bars[" + i + "]";
            JsonNode b = bars.get(i);
            if (!b.isArray() || b.size() < 4 || b.size() > 5) {
                throw new InvalidInputException(q, "is not [timeMs, high, low, close] or [timeMs, high, low, close, quoteVolumeUsd]");
            }
            t[i] = io.perpguard.Checks.whole(q + "[0]", JsonInput.asLiteralNumber(b.get(0), q + "[0]"), 9e15);   // epoch ms, not cut
            hi[i] = io.perpguard.InputBounds.price(q + "[1]", JsonInput.asLiteralNumber(b.get(1), q + "[1]"));   // high, low, close: prices
            lo[i] = io.perpguard.InputBounds.price(q + "[2]", JsonInput.asLiteralNumber(b.get(2), q + "[2]"));
            cl[i] = io.perpguard.InputBounds.price(q + "[3]", JsonInput.asLiteralNumber(b.get(3), q + "[3]"));
            if (b.size() == 5) {
                qv[i] = io.perpguard.Checks.inRange(q + "[4]", JsonInput.asLiteralNumber(b.get(4), q + "[4]"), 0,
                        io.perpguard.InputBounds.MAX_TRADED_VALUE);   // a bar's quote volume: a traded value
                withVolume++;
            }
        }
        if (withVolume != 0 && withVolume != n) {
            throw new InvalidInputException(p + ".bars", "quote volume must be given for every bar or for none");
        }
        JsonNode oi = s.get("oi");
        int k = oi == null || !oi.isArray() ? 0 : oi.size();
        long[] ot = new long[k];
        double[] ov = new double[k];
        for (int i = 0; i < k; i++) {
            String q = p + ".oi[" + i + "]";
            JsonNode o = oi.get(i);
            if (!o.isArray() || o.size() != 2) {
                throw new InvalidInputException(q, "is not [ISO time, USD]");
            }
            try {
                ot[i] = java.time.Instant.parse(o.get(0).asText()).toEpochMilli();
            } catch (java.time.format.DateTimeParseException ex) {
                throw new InvalidInputException(q + "[0]", "'" + o.get(0).asText() + "' is not an ISO-8601 instant");
            }
            ov[i] = io.perpguard.Checks.inRange(q + "[1]", JsonInput.asLiteralNumber(o.get(1), q + "[1]"), 0, io.perpguard.InputBounds.MAX_TRADED_VALUE);
        }
        JsonNode f = s.get("funding");
        int nf = f == null || !f.isArray() ? 0 : f.size();
        double[] fr = new double[nf];
        for (int i = 0; i < nf; i++) {
            fr[i] = JsonInput.asLiteralNumber(f.get(i), p + ".funding[" + i + "]");
        }
        return new MarketState(JsonInput.literalNumber(s, "lookbackHours", p + ".lookbackHours", 720), t, cl, hi, lo,
                withVolume == 0 ? null : qv, ot, ov, fr,
                JsonInput.literalNumber(s, "longShortRatio", p + ".longShortRatio", Double.NaN),
                ScenarioFile.usd(s, "preEventOiUsd", p + ".preEventOiUsd", Double.NaN),
                ScenarioFile.usd(s, "depth1PctUsd", p + ".depth1PctUsd", Double.NaN),
                JsonInput.literalNumber(s, "beta", p + ".beta", Double.NaN),
                JsonInput.literalNumber(s, "volumeShare", p + ".volumeShare", Double.NaN));
    }

    // --- stored fits: fits/all.json (every event) and fits/without-NAME.json (one per left-out event) ---

    /** Resource name of the fit without {@code leftOut} ({@code null}: the fit on every event). */
    public static String fitName(String leftOut) {
        return leftOut == null ? "all.json" : "without-" + leftOut + ".json";
    }

    /**
     * A fit as stored.
     *
     * @param behaviour the fitted set
     * @param leftOut   the event left out, null for the fit on every event
     * @param trainedOn the events it was fitted to
     * @param budget    loss evaluations allowed
     * @param seed      search seed
     * @param procedure the whole procedure block (command, method, start, losses)
     */
    public record StoredFit(Behaviour behaviour, String leftOut, List<String> trainedOn, int budget, long seed, JsonNode procedure) {
        public StoredFit {
            trainedOn = List.copyOf(trainedOn);
        }
    }

    /** The bundled fit without {@code leftOut} ({@code null}: on every event). */
    public static StoredFit bundledFit(String leftOut) {
        String name = fitName(leftOut);
        return storedFit(JsonInput.parse("fits/" + name, resource("fits/" + name)), "fits/" + name);
    }

    /**
     * The state the stored fit recorded after its first evaluations ({@code procedure.checkpoint}): a fit with that
     * budget, seed and start must return exactly this set and loss.
     */
    public static BehaviourFit.Checkpoint checkpoint(StoredFit f) {
        String where = "fits/" + fitName(f.leftOut()) + ".procedure.checkpoint";
        JsonNode c = JsonInput.object(f.procedure().get("checkpoint"), where);
        return new BehaviourFit.Checkpoint((int) wholeNumber(c, "evaluations", where + ".evaluations", Integer.MAX_VALUE),
                behaviour(JsonInput.object(c.get("behaviour"), where + ".behaviour"), where + ".behaviour"),
                JsonInput.literalNumber(c, "loss", where + ".loss"));
    }

    /**
     * Where the stored fit's (final) search started: {@code procedure.multiStart.finalStart} for a multi-start fit (the
     * screened point the full budget ran from), else the centre of every range. A fit from it with the checkpoint's budget
     * and the stored seed must reproduce {@link #checkpoint}.
     */
    public static Behaviour searchStart(StoredFit f) {
        JsonNode ms = f.procedure().get("multiStart");
        if (ms == null || ms.isNull()) {
            return Behaviour.defaults();   // = BehaviourFit.start(); data runs no engine (LayeringTest)
        }
        String where = "fits/" + fitName(f.leftOut()) + ".procedure.multiStart.finalStart";
        return behaviour(JsonInput.object(ms.get("finalStart"), where), where);
    }

    /**
     * W of the prior toward the centre the stored fit was made with ({@code procedure.prior}; absent = 0, no prior): a
     * re-run of the fit must use it.
     */
    public static double prior(StoredFit f) {
        JsonNode w = f.procedure().get("prior");
        if (w == null || w.isNull()) {
            return 0;
        }
        return JsonInput.asLiteralNumber(w, "fits/" + fitName(f.leftOut()) + ".procedure.prior");
    }

    /** A stored fit from its JSON tree. */
    public static StoredFit storedFit(JsonNode root, String where) {
        JsonNode proc = JsonInput.object(root.get("procedure"), where + ".procedure");
        List<String> train = new ArrayList<>();
        JsonInput.array(proc, "trainedOn", where + ".procedure.trainedOn").forEach(n -> train.add(n.asText()));
        JsonNode lo = proc.get("leftOut");
        return new StoredFit(behaviour(JsonInput.object(root.get("behaviour"), where + ".behaviour"), where + ".behaviour"),
                lo == null || lo.isNull() ? null : lo.asText(), train,
                (int) wholeNumber(proc, "budget", where + ".procedure.budget", Integer.MAX_VALUE),
                wholeNumber(proc, "seed", where + ".procedure.seed", 9e15), proc);
    }

    /**
     * The bundled fits: on every event and one per left-out event. Each must have been fitted to exactly the bundled
     * events (minus the one left out); a stale file is an error that says to re-run the fit.
     */
    public static BehaviourFit.Fits bundledFits() {
        return fits(EventFile::bundledFit, false);
    }

    /**
     * Fits written by {@code cascade --fit --leave-out each --out DIR}: {@code DIR/all.json} and one
     * {@code DIR/without-NAME.json} per bundled event, checked as the bundled ones are.
     */
    public static BehaviourFit.Fits fitsIn(java.nio.file.Path dir) {
        return fits(leftOut -> {
            java.nio.file.Path f = dir.resolve(fitName(leftOut));
            String text;
            try {
                text = java.nio.file.Files.readString(f);
            } catch (java.io.IOException e) {
                throw new InvalidInputException("fits", "cannot read " + f + " (a directory written by --fit --leave-out each --out DIR): "
                        + e.getClass().getSimpleName());
            }
            return storedFit(JsonInput.parse(f.toString(), text), f.toString());
        }, true);
    }

    /** The seed {@code DIR/all.json} records (the seed of the run that wrote the directory). */
    public static long seedIn(java.nio.file.Path dir) {
        java.nio.file.Path f = dir.resolve(fitName(null));
        try {
            return storedFit(JsonInput.parse(f.toString(), java.nio.file.Files.readString(f)), f.toString()).seed();
        } catch (java.io.IOException e) {
            throw new InvalidInputException("fits", "cannot read " + f + " (a directory written by --fit --leave-out each --out DIR): "
                    + e.getClass().getSimpleName());
        }
    }

    private static BehaviourFit.Fits fits(java.util.function.Function<String, StoredFit> load, boolean given) {
        List<String> names = builtInNames();
        StoredFit all = load.apply(null);
        checkTrained(all, names, given);
        Map<String, Behaviour> folds = new LinkedHashMap<>();
        for (String n : names) {
            StoredFit f = load.apply(n);
            List<String> train = new ArrayList<>(names);
            train.remove(n);
            checkTrained(f, train, given);
            folds.put(n, f.behaviour());
        }
        return new BehaviourFit.Fits(all.behaviour(), folds);
    }

    private static void checkTrained(StoredFit f, List<String> expected, boolean given) {
        if (!new java.util.HashSet<>(f.trainedOn()).equals(new java.util.HashSet<>(expected))) {
            if (given) {
                throw new InvalidInputException("fits", fitName(f.leftOut()) + " was fitted to " + f.trainedOn() + ", not to " + expected);
            }
            throw new IllegalStateException("fits/" + fitName(f.leftOut()) + " was fitted to " + f.trainedOn() + ", not to "
                    + expected + ": re-run perpguard cascade --fit (docs/cascade.md)");
        }
    }

    private static Behaviour behaviour(JsonNode o, String p) {
        Map<String, Double> v = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> v.put(e.getKey(), JsonInput.asLiteralNumber(e.getValue(), p + "." + e.getKey())));
        return Behaviour.of(v);
    }

    /**
     * A required whole number written as a JSON number (a fit's budget, seed, evaluations): "150" or 150.5 is refused naming
     * the field, as scenario files refuse them ({@link JsonInput#wholeNumber}); it was read as 150.
     */
    private static long wholeNumber(JsonNode o, String name, String path, double max) {
        return io.perpguard.Checks.whole(path, JsonInput.literalNumber(o, name, path), max);
    }

    /** The JSON text of one stored fit: how it was made ({@code procedure}) and the fitted set. */
    public static String fitJson(Behaviour fitted, Map<String, Object> procedure) {
        ObjectNode root = JsonInput.MAPPER.createObjectNode();
        root.set("procedure", JsonInput.MAPPER.valueToTree(procedure));
        root.set("behaviour", JsonInput.MAPPER.valueToTree(fitted.named()));
        try {
            return JsonInput.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
