package io.perpguard.stream;

import io.perpguard.InvalidInputException;
import io.perpguard.data.instrument.TierTables;
import io.perpguard.data.market.CandleCsv;
import io.perpguard.data.market.Loaded;
import io.perpguard.instrument.Instruments;
import io.perpguard.market.CandleSeries;
import io.perpguard.data.json.JsonOutput;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code perpguard stream replay}: realistic load for the stream application — N synthetic accounts with a
 * leverage mix opened at the first candle's price, then real mark paths from the candles, all symbols merged in
 * time order.
 */
@Command(name = "replay", header = "Produces realistic load (accounts, positions, mark ticks) for the stream job.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Produce load to a cluster: N synthetic accounts (leverage mix 2-100x, 1-5 symbols each, 80 %% cross)",
                "and mark ticks from real candle paths (open -> near extreme -> far extreme -> close per candle)."})
public final class StreamReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--candles", paramLabel = "FILE", required = true, description = "Binance kline CSV; repeat for several symbols")
    List<Path> candles;
    @Option(names = "--symbol", paramLabel = "SYMBOL", description = "symbol of a single --candles file whose name does not say it")
    String symbol;
    @Option(names = "--accounts", paramLabel = "N", required = true, description = "synthetic accounts to create")
    int accounts;
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", required = true, description = "Kafka cluster")
    String bootstrapServers;
    @Option(names = "--application-id", paramLabel = "ID", defaultValue = "perpguard-margin",
            description = "the stream application's id (names its routing topics when this command creates topics; default ${DEFAULT-VALUE})")
    String applicationId;
    @Option(names = "--partitions", paramLabel = "P", defaultValue = "6", description = "partitions of topics created here (default ${DEFAULT-VALUE})")
    int partitions;
    @Option(names = "--ticks-per-candle", paramLabel = "K", defaultValue = "4", description = "mark ticks sent per candle, open to close through high and low (default ${DEFAULT-VALUE})")
    int ticksPerCandle;
    @Option(names = "--max-candles", paramLabel = "C", defaultValue = "0", description = "use only the first C candles of each file (default ${DEFAULT-VALUE}: all)")
    int maxCandles;
    @Option(names = "--rate", paramLabel = "TICKS_PER_S", defaultValue = "0", description = "pace the ticks, per second (default ${DEFAULT-VALUE}: as fast as possible)")
    double rate;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "random seed of the synthetic accounts (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--tiers", paramLabel = "FILE", description = {"tiers published on the tiers topic first: a Binance leverageBracket JSON, or",
            "a venue's file from `tiers download --exchange ID --symbol S` (one symbol per response); repeat for several"})
    List<Path> tiers = new ArrayList<>();
    @Option(names = "--exchanges", paramLabel = "LIST", split = ",", defaultValue = "binance",
            description = {"venues the accounts are spread over, round robin (calc --exchange ids; default ${DEFAULT-VALUE});",
                    "each holds its venue's perpetual of the candles' coins and every tick is sent to each venue"})
    List<String> exchanges;
    @Option(names = "--pooled", paramLabel = "PCT", defaultValue = "0",
            description = {"percent of the accounts on a venue that shares collateral (binance, bybit-uta, okx) priced on a pool:",
                    "each states 2-3 of the candles' coins (10-40 %% of its wallet each) after its deposit, and every tick",
                    "carries indexPrice (the mark), which moves that collateral (default ${DEFAULT-VALUE})"})
    double pooled;
    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Logging.quiet();
        PrintWriter out = spec.commandLine().getOut();
        if (accounts < 1 || accounts > 10_000_000) {
            throw new InvalidInputException("accounts", accounts + " is outside 1 to 10,000,000");
        }
        io.perpguard.Checks.inRange("pooled", pooled, 0, 100);
        List<LoadGenerator.MarkPath> paths = new ArrayList<>();
        for (Path file : candles) {
            Loaded<CandleSeries> loaded = CandleCsv.read(file);
            CandleSeries c = loaded.data();
            String sym = !c.symbol().isBlank() ? c.symbol() : symbol;
            if (sym == null || sym.isBlank()) {
                throw new InvalidInputException("symbol", "cannot tell the symbol of " + file + " from its name; pass --symbol");
            }
            c = trim(new CandleSeries(sym.toUpperCase(Locale.ROOT), c.openTimeMs(), c.open(), c.high(), c.low(), c.close(), c.volume()));
            paths.add(LoadGenerator.markPath(c, ticksPerCandle));
        }
        List<io.perpguard.venue.Exchange> venues = new ArrayList<>();
        for (String id : exchanges) {
            io.perpguard.venue.Exchange ex = io.perpguard.venue.Exchange.parse("exchanges", id.trim());
            if (!venues.contains(ex)) {
                venues.add(ex);
            }
        }
        if (pooled > 0 && venues.stream().noneMatch(io.perpguard.app.PooledAccount::sharesCollateral)) {
            throw new InvalidInputException("pooled", "none of the exchanges (" + String.join(", ", exchanges) + ") lets several assets back one "
                    + "cross margin; pooled accounts need binance, bybit-uta or okx in --exchanges");
        }
        // each record to publish (key exchange:SYMBOL, or the symbol on Binance USDⓈ-M) and the stream's instruments with them
        Map<String, String> tierRecords0 = new LinkedHashMap<>();
        Map<io.perpguard.venue.Exchange, Map<String, io.perpguard.instrument.RiskTiers>> overlay = new java.util.EnumMap<>(io.perpguard.venue.Exchange.class);
        for (Path file : tiers) {
            readTiers(file, tierRecords0, overlay);
        }
        Instruments instruments = TierCatalog.venues(overlay);
        String[] symbols = paths.stream().map(LoadGenerator.MarkPath::symbol).toArray(String[]::new);
        double[] start = paths.stream().mapToDouble(p -> p.mark()[0]).toArray();
        List<LoadGenerator.Event> book = LoadGenerator.accounts(accounts, symbols, start, Math.min(5, symbols.length), instruments, seed,
                paths.stream().mapToLong(x -> x.timeMs()[0]).min().orElse(0), venues, pooled / 100);
        // the mark keys of each path: one per venue that prices its coin
        List<List<String>> keys = new ArrayList<>();
        for (String sym : symbols) {
            List<String> k = new ArrayList<>();
            for (io.perpguard.venue.Exchange ex : venues) {
                String key = StreamVenue.key(ex, ex == StreamVenue.DEFAULT ? sym : StreamVenue.perpetualOf(ex, LoadGenerator.coinOf(sym)));
                if (instruments.bySymbol().containsKey(key)) {
                    k.add(ex == StreamVenue.DEFAULT ? key : ex.id() + StreamVenue.SEP + StreamVenue.symbolOf(key));
                }
            }
            keys.add(k);
        }
        Topics topics = Topics.defaults(applicationId);
        StreamApp.ensureTopics(bootstrapServers, topics, partitions, (short) 1);

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        long t0 = System.nanoTime();
        long events = 0, ticks = 0, tierRecords = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            if (!tierRecords0.isEmpty()) {
                for (var e : tierRecords0.entrySet()) {
                    producer.send(new ProducerRecord<>(topics.tiers(), e.getKey(), e.getValue()));
                    tierRecords++;
                }
                producer.flush();
            }
            for (LoadGenerator.Event e : book) {
                producer.send(new ProducerRecord<>(topics.positions(), e.key(), e.value()));
                events++;
            }
            producer.flush();
            int[] next = new int[paths.size()];
            long tickStart = System.nanoTime();
            while (true) {
                int best = -1;
                for (int i = 0; i < paths.size(); i++) {
                    if (next[i] < paths.get(i).size() && (best < 0 || paths.get(i).timeMs()[next[i]] < paths.get(best).timeMs()[next[best]])) {
                        best = i;
                    }
                }
                if (best < 0) {
                    break;
                }
                int i = next[best]++;
                for (String key : keys.get(best)) {
                    LoadGenerator.Event tick = paths.get(best).tick(i, key, pooled > 0);
                    producer.send(new ProducerRecord<>(topics.marks(), tick.key(), tick.value()));
                    ticks++;
                }
                if (rate > 0) {
                    long due = tickStart + (long) (ticks / rate * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
            producer.flush();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Summary m = new Summary(accounts, List.of(symbols), events, ticks, tierRecords, secs, (events + ticks) / secs);
        if (json) {
            out.println(JsonOutput.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m));
            out.flush();
        } else {
            out.printf(Locale.ROOT, "replayed to %s: %,d accounts (%,d position events), %,d mark ticks of %s in %.1f s (%,.0f records/s)%n",
                    bootstrapServers, accounts, events, ticks, String.join(", ", symbols), secs, (events + ticks) / secs);
            out.flush();
        }
        return 0;
    }

    /** {@code stream replay --json}: what was produced, and how fast. */
    record Summary(long accounts, List<String> symbols, long positionEvents, long markTicks, long tierRecords, double seconds,
                   double recordsPerSecond) {
    }

    private CandleSeries trim(CandleSeries c) {
        int n = c.close().length;
        if (maxCandles <= 0 || maxCandles >= n) {
            return c;
        }
        int k = maxCandles;
        return new CandleSeries(c.symbol(), java.util.Arrays.copyOf(c.openTimeMs(), k), java.util.Arrays.copyOf(c.open(), k),
                java.util.Arrays.copyOf(c.high(), k), java.util.Arrays.copyOf(c.low(), k), java.util.Arrays.copyOf(c.close(), k),
                java.util.Arrays.copyOf(c.volume(), k));
    }

    /**
     * The tiers records of one {@code --tiers} file into {@code records} (key → value) and {@code overlay}: a Binance
     * leverageBracket file, one record per symbol keyed by it (as before); a {@code tiers download} file of another venue,
     * each response keyed {@code exchange:SYMBOL} — one symbol per response, as the compacted topic keeps one record per
     * symbol (validated here as the stream validates it, {@link TierCatalog#parse}).
     */
    private static void readTiers(Path file, Map<String, String> records,
                                  Map<io.perpguard.venue.Exchange, Map<String, io.perpguard.instrument.RiskTiers>> overlay) {
        var root = io.perpguard.data.json.JsonInput.readFile("tiers", file);
        if (!root.isObject() || !root.has("perpguardTiers")) {
            TierTables.readLeverageBrackets(file);
            for (var node : root.isArray() ? root : List.of(root)) {
                String sym = node.get("symbol").asText().toUpperCase(Locale.ROOT);
                records.put(sym, node.toString());
                overlay.computeIfAbsent(StreamVenue.DEFAULT, k -> new LinkedHashMap<>()).putAll(TierCatalog.parse(node.toString()));
            }
            return;
        }
        io.perpguard.venue.Exchange ex = io.perpguard.venue.Exchange.parse("tiers",
                io.perpguard.data.json.JsonInput.text(root, "exchange", "tiers.exchange"));
        for (var response : io.perpguard.data.json.JsonInput.array(root, "responses", "tiers.responses")) {
            Map<String, io.perpguard.instrument.RiskTiers> parsed = TierCatalog.parse(ex, response.toString());
            if (parsed.size() != 1) {
                throw new InvalidInputException("tiers", file + " has a response with the tiers of " + parsed.size() + " symbols; the tiers topic "
                        + "takes one symbol per record: download each with tiers download --exchange " + ex.id() + " --symbol SYMBOL");
            }
            String sym = parsed.keySet().iterator().next();
            records.put(ex.id() + StreamVenue.SEP + sym, response.toString());
            overlay.computeIfAbsent(ex, k -> new LinkedHashMap<>()).putAll(parsed);
        }
    }
}
