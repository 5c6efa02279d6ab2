package io.perpguard.live;

import io.perpguard.data.instrument.TierTables;
import io.perpguard.data.instrument.VenueInstruments;
import io.perpguard.instrument.Contract;
import io.perpguard.instrument.Instrument;
import io.perpguard.instrument.Instruments;
import io.perpguard.instrument.RiskTiers;
import io.perpguard.venue.Exchange;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The instruments a live account is priced with: the venue's bundled contracts, so each position is priced by its
 * venue's {@link io.perpguard.venue.MarginConvention}, with the tiers the venue reports for the account, or else
 * Binance USDⓈ-M's bundled tier of the same symbol (then the maintenance rate is an estimate, which
 * {@link #note} says).
 */
public final class LiveInstruments {
    private LiveInstruments() {
    }

    public static Instruments of(String venue, Map<String, RiskTiers> venueTiers) {
        return of(venue, venueTiers, Map.of());
    }

    /**
     * @param venueContracts contract rules the venue reported (OKX's contract values), over the bundled ones
     */
    public static Instruments of(String venue, Map<String, RiskTiers> venueTiers, Map<String, Contract> venueContracts) {
        Exchange ex = exchange(venue);
        // a Binance symbol perpguard does not bundle: the venue's contract rules (tick, step), else the default contract
        Instruments binance = venueTiers.isEmpty() ? TierTables.bundled() : TierTables.bundled().withTiers(venueTiers,
                ex == Exchange.BINANCE ? s -> venueContracts.getOrDefault(s, TierTables.defaultContract(s)) : TierTables::defaultContract);
        if (ex == Exchange.BINANCE) {
            return binance;
        }
        Map<String, Contract> contracts = new LinkedHashMap<>(VenueInstruments.contracts(ex));
        contracts.putAll(venueContracts);
        Map<String, Instrument> m = new LinkedHashMap<>();
        for (Map.Entry<String, Contract> e : contracts.entrySet()) {
            RiskTiers t = venueTiers.get(e.getKey());
            // Binance's notional tiers stand in only where the venue also tiers by notional (not OKX: by contracts)
            if (t == null && ex == Exchange.BINANCE_COINM) {
                t = VenueInstruments.bundledCoinm().get(e.getKey());   // coin brackets: never USDⓈ-M's notional ones
            } else if (t == null && ex != Exchange.OKX && ex != Exchange.XT && binance.bySymbol().containsKey(e.getKey())) {
                t = binance.bySymbol().get(e.getKey()).tiers();
            }
            if (t != null) {
                m.put(e.getKey(), new Instrument(e.getValue(), t));
            }
        }
        return new Instruments(m, "no bundled " + ex.displayName() + " contract for it");
    }

    /**
     * {@code base} with the instruments of {@code symbols} built from what the venue reported for them (a position
     * opened after start); a symbol still without tiers or contract rules stays out.
     */
    public static Instruments adding(Instruments base, String venue, Set<String> symbols, Map<String, RiskTiers> venueTiers,
                                     Map<String, Contract> venueContracts) {
        Instruments more = of(venue, venueTiers, venueContracts);
        Map<String, Instrument> m = new LinkedHashMap<>(base.bySymbol());
        for (String s : symbols) {
            if (!m.containsKey(s) && more.contains(s)) {
                m.put(s, more.get(s));
            }
        }
        return new Instruments(m, base.unknownHint(), base.withoutTables());
    }

    /** What the trader is told at start about how exact the figures are (null: the venue's own rules and tiers). */
    public static String note(String venue, Map<String, RiskTiers> venueTiers) {
        Exchange ex = exchange(venue);
        if (ex == Exchange.BINANCE || !venueTiers.isEmpty()) {
            return null;
        }
        if (ex == Exchange.BINANCE_COINM) {
            return venue + ": the account's COIN-M brackets could not be read (/dapi/v2/leverageBracket); BTCUSD_PERP is priced with "
                    + "the bundled brackets, other symbols are shown without liquidation prices or margin ratios until they can";
        }
        if (ex == Exchange.OKX || ex == Exchange.XT) {
            return venue + ": " + ex.displayName() + "'s tier tables could not be read (" + (ex == Exchange.OKX ? "/api/v5/public/position-tiers"
                    : "leverage/bracket/detail") + "); positions are shown without liquidation prices or margin ratios until they can";
        }
        return venue + ": margin by " + ex.displayName() + "'s rules (perpguard's venue convention); the maintenance tiers are ESTIMATES "
                + "(Binance USDⓈ-M's bundled tiers of the same symbol, the venue's risk limits are not read yet)";
    }

    /**
     * The venue whose rules price a live account of {@code venue} (a connector's id): Bybit's V5 connector reads a
     * unified trading account. The desk stores it as a mirrored sub-account's exchange.
     */
    public static Exchange exchange(String venue) {
        return "bybit".equals(venue) ? Exchange.BYBIT_UTA : Exchange.parse("exchange", venue);
    }
}
