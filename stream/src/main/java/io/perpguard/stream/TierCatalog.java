package io.perpguard.stream;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.data.json.JsonInput;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.HashMap;
import java.util.Map;

/**
 * The instruments a processor prices with: the bundled Binance tiers with the tiers of the global {@code tiers}
 * store laid over them. One per processor instance (not shared between threads); {@link #refresh} re-reads the
 * store and rebuilds the snapshot only when some symbol's tiers text changed.
 */
public final class TierCatalog {
    private final Instruments base;
    private Map<String, String> seen = Map.of();
    private Instruments snapshot;

    public TierCatalog(Instruments base) {
        this.base = base;
        this.snapshot = base;
    }

    /** The bundled instruments underneath ({@link TierTables#bundled()}). */
    public static TierCatalog bundled() {
        return new TierCatalog(TierTables.bundled());
    }

    /** The current instruments. */
    public Instruments instruments() {
        return snapshot;
    }

    /** Re-reads {@code store} (symbol → validated leverageBracket JSON); cheap when nothing changed. */
    public void refresh(ReadOnlyKeyValueStore<String, String> store) {
        Map<String, String> now = new HashMap<>();
        try (KeyValueIterator<String, String> it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                if (kv.value != null) {
                    now.put(kv.key, kv.value);
                }
            }
        }
        if (now.equals(seen)) {
            return;
        }
        Map<String, RiskTiers> tiers = new HashMap<>();
        for (var e : now.entrySet()) {
            tiers.putAll(parse(e.getValue()));
        }
        snapshot = base.withTiers(tiers, TierTables::defaultContract);
        seen = now;
    }

    /**
     * Parses one {@code tiers} record: Binance's leverageBracket JSON for one symbol
     * ({@code {symbol, brackets:[...]}}) or an array holding it.
     *
     * @throws io.perpguard.InvalidInputException naming what is wrong
     */
    public static Map<String, RiskTiers> parse(String json) {
        return TierTables.parseLeverageBrackets(JsonInput.parse("value", json), "value");
    }
}
