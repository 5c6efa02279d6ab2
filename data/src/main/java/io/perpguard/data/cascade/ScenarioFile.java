package io.perpguard.data.cascade;

import com.fasterxml.jackson.databind.JsonNode;
import io.perpguard.InvalidInputException;
import io.perpguard.cascade.Band;
import io.perpguard.cascade.CascadeScenario;
import io.perpguard.cascade.DepthModel;
import io.perpguard.cascade.EngineSpec;
import io.perpguard.cascade.FlowModel;
import io.perpguard.cascade.Halt;
import io.perpguard.cascade.LadderSpec;
import io.perpguard.cascade.LeverageMix;
import io.perpguard.cascade.MarketSpec;
import io.perpguard.cascade.ShockLeg;
import io.perpguard.data.json.JsonInput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads cascade scenarios: a JSON file, or one of the built-in event fixtures shipped as resources
 * ({@code io/perpguard/data/cascade/NAME.json}, listed in {@code index.txt}). Format: see docs/cascade.md.
 */
public final class ScenarioFile {
    private static final String DIR = "/io/perpguard/data/cascade/";

    private ScenarioFile() {
    }

    // the fields each object may hold (docs/cascade.md); anything else is refused with the nearest name
    private static final Set<String> ROOT = Set.of("name", "description", "start", "horizonMinutes", "dtSeconds", "seed", "markets",
            "bands", "sources", "inputs");
    private static final Set<String> MARKET = Set.of("symbol", "price", "ladder", "depth", "engine", "flow", "shocks", "halts");
    private static final Set<String> LADDER = Set.of("oiUsd", "positions", "longMix", "shortMix", "entrySpreadPct", "accountNotionalUsd",
            "tiersSymbol", "clearancePct");
    private static final Set<String> DEPTH = Set.of("bidDepth1PctUsd", "askDepth1PctUsd", "beta", "minMultiplier", "stressRefPct",
            "withdrawSeconds", "returnSeconds", "refillUsdPerSecPerPct", "anchorSeconds", "valueSeconds");
    private static final Set<String> ENGINE = Set.of("throughputUsdPerSec", "limitAtBankruptcy", "insuranceFundUsd", "adl", "markLagSeconds",
            "iocAtBankruptcy");
    private static final Set<String> FLOW = Set.of("stressRefPct", "closeBasePerHour", "closeStressPerHour", "newLongPerHour",
            "newShortPerHour", "newOpenStressCap");
    static final Set<String> LEG = Set.of("startMinute", "durationMinutes", "sellUsd", "fundamentalPct");
    private static final Set<String> HALT = Set.of("startMinute", "durationMinutes");
    private static final Set<String> BAND = Set.of("id", "description", "metric", "low", "high", "source");

    /** Names of the built-in scenarios, in listing order. */
    public static List<String> builtInNames() {
        String idx = resource("index.txt");
        List<String> names = new ArrayList<>();
        for (String line : idx.split("\\R")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.trim());
            }
        }
        return names;
    }

    /** A built-in scenario by name, or a scenario file by path. */
    public static CascadeScenario load(String nameOrFile) {
        if (builtInNames().contains(nameOrFile)) {
            return parse(JsonInput.parse("scenario " + nameOrFile, resource(nameOrFile + ".json")));
        }
        Path p = Path.of(nameOrFile);
        if (!Files.exists(p)) {
            throw new InvalidInputException("scenario", "'" + nameOrFile + "' is neither a built-in scenario ("
                    + String.join(", ", builtInNames()) + ") nor an existing file");
        }
        JsonNode root = JsonInput.readFile("scenario", p);
        return JsonInput.inFile(p, () -> parse(root));   // "markets[0].price: …" named no file
    }

    private static String resource(String name) {
        try (InputStream in = ScenarioFile.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DIR + name + " missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DIR + name, e);
        }
    }

    /**
     * A market's price in a scenario or event file: above 0, at most 10⁹ ({@code InputBounds.price}, the bound of every
     * price), named by its path. A price of 1e300 was run (a cascade of Infinity notionals), and 0 or -7353 was refused
     * as "market.price", naming neither the market nor the file.
     */
    static double price(JsonNode m, String path) {
        return io.perpguard.InputBounds.price(path, JsonInput.literalNumber(m, "price", path));
    }

    /**
     * An amount in USD (open interest, depth, a sell, an insurance fund, a throughput) in a scenario or event file, or
     * {@code fallback} when absent: at most 10¹⁵ either way ({@code InputBounds.MAX_AMOUNT}, the bound of every amount);
     * the model judges its sign as before. {@code "oiUsd": 1e300} was run.
     */
    static double usd(JsonNode o, String name, String path, double fallback) {
        double v = JsonInput.literalNumber(o, name, path, fallback);
        return Double.isNaN(v) ? v : io.perpguard.Checks.inRange(path, v, -io.perpguard.InputBounds.MAX_AMOUNT, io.perpguard.InputBounds.MAX_AMOUNT);
    }

    /** {@link #usd(JsonNode, String, String, double)}, required. */
    static double usd(JsonNode o, String name, String path) {
        return io.perpguard.Checks.inRange(path, JsonInput.literalNumber(o, name, path), -io.perpguard.InputBounds.MAX_AMOUNT,
                io.perpguard.InputBounds.MAX_AMOUNT);
    }

    /** Builds a scenario from its JSON tree; every bad value names its path. */
    public static CascadeScenario parse(JsonNode root) {
        JsonInput.object(root, "scenario");
        JsonInput.onlyKnown(root, "", ROOT);
        String name = JsonInput.text(root, "name", "name");
        long start = 0;
        String startText = JsonInput.text(root, "start", "start", null);
        if (startText != null) {
            try {
                start = Instant.parse(startText).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("start", "'" + startText + "' is not an ISO-8601 instant such as 2025-10-10T13:00:00Z");
            }
        }
        List<MarketSpec> markets = new ArrayList<>();
        JsonNode ms = JsonInput.array(root, "markets", "markets");
        for (int i = 0; i < ms.size(); i++) {
            markets.add(market(JsonInput.object(ms.get(i), "markets[" + i + "]"), "markets[" + i + "]"));
        }
        List<Band> bands = bands(root);
        List<String> sources = new ArrayList<>();
        JsonNode src = root.get("sources");
        if (src != null && src.isArray()) {
            src.forEach(n -> sources.add(n.asText()));
        }
        return new CascadeScenario(name, JsonInput.text(root, "description", "description", ""), start,
                JsonInput.literalNumber(root, "horizonMinutes", "horizonMinutes"), JsonInput.literalNumber(root, "dtSeconds", "dtSeconds", 1),
                JsonInput.wholeNumber(root, "seed", "seed", 1, 9e15), markets, bands, sources);
    }

    static List<Band> bands(JsonNode root) {
        List<Band> bands = new ArrayList<>();
        JsonNode bs = root.get("bands");
        if (bs != null && bs.isArray()) {
            for (int i = 0; i < bs.size(); i++) {
                String p = "bands[" + i + "]";
                JsonNode b = JsonInput.object(bs.get(i), p);
                JsonInput.onlyKnown(b, p + ".", BAND);
                bands.add(new Band(JsonInput.text(b, "id", p + ".id"), JsonInput.text(b, "description", p + ".description", ""),
                        JsonInput.text(b, "metric", p + ".metric"),
                        JsonInput.literalNumber(b, "low", p + ".low", Double.NEGATIVE_INFINITY),
                        JsonInput.literalNumber(b, "high", p + ".high", Double.POSITIVE_INFINITY),
                        JsonInput.text(b, "source", p + ".source", "")));
            }
        }
        return bands;
    }

    static List<Halt> halts(JsonNode m, String p) {
        List<Halt> halts = new ArrayList<>();
        JsonNode hs = m.get("halts");
        if (hs != null && hs.isArray()) {
            for (int i = 0; i < hs.size(); i++) {
                String q = p + ".halts[" + i + "]";
                JsonNode h = JsonInput.object(hs.get(i), q);
                JsonInput.onlyKnown(h, q + ".", HALT);
                halts.add(new Halt(JsonInput.literalNumber(h, "startMinute", q + ".startMinute"), JsonInput.literalNumber(h, "durationMinutes", q + ".durationMinutes")));
            }
        }
        return halts;
    }

    static EngineSpec engine(JsonNode m, String p) {
        JsonNode e = JsonInput.object(m.get("engine"), p + ".engine");
        JsonInput.onlyKnown(e, p + ".engine.", ENGINE);
        boolean limit = bool(e, "limitAtBankruptcy", p + ".engine.limitAtBankruptcy", false);
        boolean ioc = bool(e, "iocAtBankruptcy", p + ".engine.iocAtBankruptcy", false);
        if (limit && ioc) {
            throw new InvalidInputException(p + ".engine.iocAtBankruptcy", "true excludes limitAtBankruptcy true (BitMEX's "
                    + "resting limits or Binance's IOC limits with the rest to the fund): set at most one");
        }
        return new EngineSpec(usd(e, "throughputUsdPerSec", p + ".engine.throughputUsdPerSec", 0), limit,
                usd(e, "insuranceFundUsd", p + ".engine.insuranceFundUsd", 0),
                bool(e, "adl", p + ".engine.adl", true), JsonInput.literalNumber(e, "markLagSeconds", p + ".engine.markLagSeconds", 0),
                ioc);
    }

    static ShockLeg leg(JsonNode s, String q) {
        return new ShockLeg(JsonInput.literalNumber(s, "startMinute", q + ".startMinute"),
                JsonInput.literalNumber(s, "durationMinutes", q + ".durationMinutes"),
                usd(s, "sellUsd", q + ".sellUsd", 0), JsonInput.literalNumber(s, "fundamentalPct", q + ".fundamentalPct", 0));
    }

    static long instant(JsonNode root, String name, String path) {
        String text = JsonInput.text(root, name, path, null);
        if (text == null) {
            return 0;
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(path, "'" + text + "' is not an ISO-8601 instant such as 2025-10-10T13:00:00Z");
        }
    }

    private static MarketSpec market(JsonNode m, String p) {
        JsonInput.onlyKnown(m, p + ".", MARKET);
        JsonNode l = JsonInput.object(m.get("ladder"), p + ".ladder");
        JsonInput.onlyKnown(l, p + ".ladder.", LADDER);
        LadderSpec ladder = new LadderSpec(usd(l, "oiUsd", p + ".ladder.oiUsd"),
                (int) JsonInput.wholeNumber(l, "positions", p + ".ladder.positions", 100_000, 5_000_000),
                LeverageMix.parse(p + ".ladder.longMix", JsonInput.text(l, "longMix", p + ".ladder.longMix")),
                LeverageMix.parse(p + ".ladder.shortMix", JsonInput.text(l, "shortMix", p + ".ladder.shortMix")),
                JsonInput.literalNumber(l, "entrySpreadPct", p + ".ladder.entrySpreadPct"),
                usd(l, "accountNotionalUsd", p + ".ladder.accountNotionalUsd", 10_000),
                JsonInput.text(l, "tiersSymbol", p + ".ladder.tiersSymbol", "BTCUSDT"),
                JsonInput.literalNumber(l, "clearancePct", p + ".ladder.clearancePct", 0));
        JsonNode d = JsonInput.object(m.get("depth"), p + ".depth");
        JsonInput.onlyKnown(d, p + ".depth.", DEPTH);
        double bid = usd(d, "bidDepth1PctUsd", p + ".depth.bidDepth1PctUsd");
        DepthModel depth = new DepthModel(bid, usd(d, "askDepth1PctUsd", p + ".depth.askDepth1PctUsd", bid),
                JsonInput.literalNumber(d, "beta", p + ".depth.beta", 0.78), JsonInput.literalNumber(d, "minMultiplier", p + ".depth.minMultiplier", 1),
                JsonInput.literalNumber(d, "stressRefPct", p + ".depth.stressRefPct", 1),
                JsonInput.literalNumber(d, "withdrawSeconds", p + ".depth.withdrawSeconds", 5),
                JsonInput.literalNumber(d, "returnSeconds", p + ".depth.returnSeconds", 300),
                usd(d, "refillUsdPerSecPerPct", p + ".depth.refillUsdPerSecPerPct", 0),
                JsonInput.literalNumber(d, "anchorSeconds", p + ".depth.anchorSeconds", 0),
                JsonInput.literalNumber(d, "valueSeconds", p + ".depth.valueSeconds", 0));
        EngineSpec engine = engine(m, p);
        FlowModel flow = FlowModel.NONE;
        JsonNode f = m.get("flow");
        if (f != null && !f.isNull()) {
            JsonInput.object(f, p + ".flow");
            JsonInput.onlyKnown(f, p + ".flow.", FLOW);
            flow = new FlowModel(JsonInput.literalNumber(f, "stressRefPct", p + ".flow.stressRefPct", 1),
                    JsonInput.literalNumber(f, "closeBasePerHour", p + ".flow.closeBasePerHour", 0),
                    JsonInput.literalNumber(f, "closeStressPerHour", p + ".flow.closeStressPerHour", 0),
                    JsonInput.literalNumber(f, "newLongPerHour", p + ".flow.newLongPerHour", 0),
                    JsonInput.literalNumber(f, "newShortPerHour", p + ".flow.newShortPerHour", 0),
                    JsonInput.literalNumber(f, "newOpenStressCap", p + ".flow.newOpenStressCap", 0));
        }
        List<ShockLeg> shocks = new ArrayList<>();
        JsonNode sh = JsonInput.array(m, "shocks", p + ".shocks");
        for (int i = 0; i < sh.size(); i++) {
            String q = p + ".shocks[" + i + "]";
            JsonNode s = JsonInput.object(sh.get(i), q);
            JsonInput.onlyKnown(s, q + ".", LEG);
            shocks.add(leg(s, q));
        }
        List<Halt> halts = halts(m, p);
        return new MarketSpec(JsonInput.text(m, "symbol", p + ".symbol"), price(m, p + ".price"), ladder, depth,
                engine, flow, shocks, halts);
    }

    static boolean bool(JsonNode o, String name, String path, boolean fallback) {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw new InvalidInputException(path, n + " is not true or false");
        }
        return n.booleanValue();
    }
}
