package io.perpguard.server;

import io.perpguard.instrument.Instruments;

import java.util.Map;

/**
 * How the desk prices one sub-account: the instruments of its venue (so each venue's own convention and tiers
 * apply), the marks it is priced at, what those marks are, and whether they are current. The replay desk prices every
 * sub-account alike; {@code serve --live} prices a mirrored account by its venue at that account's own live marks
 * ({@link LiveDesk}).
 */
interface DeskPricing {
    /**
     * @param instruments the venue's contracts and tiers
     * @param marks       marks by symbol; a symbol left out is priced at its stored mark
     * @param markSource  what the marks are: {@code replay}, {@code live:<venue>}, {@code stored}
     * @param stale       the marks are not current (the account's feed is down or silent)
     * @param staleReason why, or null
     * @param funding     the venue's current funding by symbol, where the marks come with it (a live account's watcher);
     *                    a symbol left out has none shown
     * @param poolInstruments what a shared-collateral account's pool is priced with: each contract settled in its margin
     *                    asset (Binance Multi-Assets' {@code BTCUSDC} in USDC), as its watcher prices the pool
     */
    record Context(Instruments instruments, Map<String, Double> marks, String markSource, boolean stale, String staleReason,
                   Map<String, Funding> funding, Instruments poolInstruments) {
        /** Marks without funding (the replay, stored marks). */
        Context(Instruments instruments, Map<String, Double> marks, String markSource, boolean stale, String staleReason) {
            this(instruments, marks, markSource, stale, staleReason, Map.of());
        }

        /** A pool priced with the account's own instruments. */
        Context(Instruments instruments, Map<String, Double> marks, String markSource, boolean stale, String staleReason,
                Map<String, Funding> funding) {
            this(instruments, marks, markSource, stale, staleReason, funding, instruments);
        }
    }

    /**
     * A symbol's funding as its venue gives it now: the rate of the next payment (fraction per interval) and its time
     * ({@code nextFundingMs} 0: not given, a delivery contract has none).
     */
    record Funding(double fundingRate, long nextFundingMs) {
    }

    Context of(DeskStore.SubAccountRow sub, Map<String, Double> deskMarks);

    /** Every sub-account priced alike at the desk's marks. */
    static DeskPricing uniform(Instruments instruments, MarkSource source) {
        return (sub, marks) -> new Context(instruments, marks, source.kind(), false, null);
    }

    /**
     * Each sub-account by its venue: a USDⓈ-M one by the desk's instruments at the desk's marks, a COIN-M one by
     * {@code venues}' instruments of its exchange at the desk's marks of the same asset (BTCUSDT's mark for BTCUSD_PERP:
     * the replay records USDⓈ-M marks only; the basis between the two contracts is not modelled).
     */
    static DeskPricing byVenue(Instruments desk, java.util.function.Function<io.perpguard.venue.Exchange, Instruments> venues, MarkSource source) {
        return (sub, marks) -> {
            if (sub.onDeskVenue()) {
                return new Context(desk, marks, source.kind(), false, null);
            }
            Instruments in = venues.apply(sub.venue());
            return new Context(in, standIns(in, marks), source.kind(), false, null);
        };
    }

    /** Marks of a venue's contracts taken from the desk's USDⓈ-M marks of the same asset ({@code BTCUSD_PERP} ← {@code BTCUSDT}). */
    static Map<String, Double> standIns(Instruments venue, Map<String, Double> deskMarks) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        java.util.Set<String> symbols = new java.util.LinkedHashSet<>(venue.bySymbol().keySet());
        symbols.addAll(venue.withoutTables().keySet());
        for (String s : symbols) {
            Double m = deskMarks.get(io.perpguard.app.SymbolMatch.asset(s) + "USDT");
            if (m != null) {
                out.put(s, m);
            }
        }
        return out;
    }
}
