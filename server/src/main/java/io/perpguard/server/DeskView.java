package io.perpguard.server;

import io.perpguard.checklist.MarketContext;
import io.perpguard.checklist.PreTradeCheck;
import io.perpguard.app.CheckUseCase;
import io.perpguard.app.json.ReportJson;
import io.perpguard.instrument.Instruments;
import io.perpguard.margin.Account;
import io.perpguard.margin.AccountReport;
import io.perpguard.margin.MarginCalculator;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prices the stored sub-accounts at the current marks: for each, the {@code calc --account} report plus, per position,
 * its id, the distance to liquidation in % and in ATR (hourly ATR(14) of the replayed bars).
 */
final class DeskView {
    private final DeskStore store;
    private final DeskPricing pricing;
    private final MarkSource marks;
    private final BarHistory bars;

    DeskView(DeskStore store, Instruments instruments, MarkSource marks, BarHistory bars) {
        this(store, DeskPricing.uniform(instruments, marks), marks, bars);
    }

    /** A desk whose sub-accounts are priced each in its own context (a live account by its venue, at its own marks). */
    DeskView(DeskStore store, DeskPricing pricing, MarkSource marks, BarHistory bars) {
        this.store = store;
        this.pricing = pricing;
        this.marks = marks;
        this.bars = bars;
    }

    /** One priced sub-account, with what the alert monitor needs and how it was priced. */
    record Priced(DeskStore.SubAccountRow sub, List<DeskStore.PositionRow> rows, AccountReport report, String error, DeskPricing.Context pricing) {
    }

    /** Builds the core account of a sub-account at the given marks (stored marks for symbols the feed lacks). */
    static Account account(DeskStore.SubAccountRow sub, List<DeskStore.PositionRow> rows, Map<String, Double> marks) {
        List<Position> ps = new ArrayList<>();
        for (DeskStore.PositionRow r : rows) {
            Double m = marks.get(r.symbol());
            ps.add(r.toPosition(m == null ? Double.NaN : m));
        }
        return new Account(sub.walletBalance().doubleValue(), ps);
    }

    List<Priced> price(Map<String, Double> marks) {
        List<DeskStore.PositionRow> all = store.positions(null);
        List<Priced> out = new ArrayList<>();
        for (DeskStore.SubAccountRow sub : store.subAccounts(null)) {
            List<DeskStore.PositionRow> rows = all.stream().filter(p -> p.subAccountId() == sub.id()).toList();
            DeskPricing.Context ctx = pricing.of(sub, marks);
            try {
                out.add(new Priced(sub, rows, MarginCalculator.evaluate(account(sub, rows, ctx.marks()), ctx.instruments()), null, ctx));
            } catch (IllegalArgumentException e) {
                out.add(new Priced(sub, rows, null, e.getMessage(), ctx));
            }
        }
        return out;
    }

    /** The JSON of {@code GET /api/desk} and of the stream's {@code tick} event. */
    Map<String, Object> snapshot(List<Priced> priced, long timeMs, Map<String, Double> marks) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timeMs", timeMs);
        m.put("time", java.time.Instant.ofEpochMilli(timeMs).toString());
        m.put("marks", marks);
        m.put("replay", this.marks.status());
        m.put("source", this.marks.kind());
        m.put("fundingRates", this.marks.fundingRates());
        Map<String, Double> atr = new LinkedHashMap<>();
        for (String s : bars.symbols()) {
            MarketContext ctx = bars.recent(s, CheckUseCase.BARS_USED);
            atr.put(s, ctx.lastAtr(PreTradeCheck.ATR_PERIOD));
        }
        m.put("atr", atr);
        List<Object> subs = new ArrayList<>();
        for (Priced p : priced) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", p.sub().id());
            s.put("accountId", p.sub().accountId());
            s.put("name", p.sub().name());
            s.put("walletBalance", p.sub().walletBalance());
            s.put("closed", closed(p.sub().id()));
            // per account: one stale live account greys out its own gauges only; marks say what they are
            s.put("markSource", p.pricing().markSource());
            s.put("stale", p.pricing().stale());
            s.put("staleReason", p.pricing().staleReason());
            if (p.report() == null) {
                s.put("error", p.error());
                s.put("positions", List.of());
            } else {
                Map<String, Object> rep = ReportJson.account(p.report());
                List<Object> positions = new ArrayList<>();
                for (int i = 0; i < p.rows().size(); i++) {
                    PositionReport pr = p.report().positions().get(i);
                    Map<String, Object> pj = new LinkedHashMap<>();
                    pj.put("id", p.rows().get(i).id());
                    pj.putAll(ReportJson.position(pr));
                    double a = atr.getOrDefault(pr.symbol(), Double.NaN);
                    pj.put("atr", a);
                    pj.put("distanceToLiquidationAtr", Math.abs(pr.liquidationPriceExact() - pr.markPrice()) / a);
                    pj.put("markSource", p.pricing().marks().containsKey(pr.symbol()) ? p.pricing().markSource() : "stored");
                    positions.add(pj);
                }
                rep.put("positions", positions);
                s.putAll(rep);
                s.put("hasCross", p.report().positions().stream().anyMatch(x -> x.marginMode() == MarginMode.CROSS));
                Worst w = worst(p.report(), atr);
                // the gauge and every summary: the worst of the cross ratio and each isolated position's (null: margin gone)
                s.put("worstRatio", w.ratio());
                s.put("worstSubject", w.subject());
                s.put("equity", p.report().walletBalance() + p.report().unrealizedPnl());
                s.put("nearestLiquidationPct", w.nearestPct());
                s.put("nearestLiquidationAtr", w.nearestAtr());
                s.put("nearestLiquidationSymbol", w.nearestSymbol());
            }
            subs.add(s);
        }
        m.put("subAccounts", subs);
        return m;
    }

    /** The sub-account's last closed positions (liquidated or closed by the trader), newest first. */
    private List<Object> closed(long subId) {
        List<Object> out = new ArrayList<>();
        for (DeskStore.ClosedRow c : store.closedPositions(subId, 20)) {
            Map<String, Object> cj = new LinkedHashMap<>();
            cj.put("id", c.id());
            cj.put("positionId", c.positionId());
            cj.put("symbol", c.symbol());
            cj.put("side", c.side().label());
            cj.put("marginMode", c.marginMode().label());
            cj.put("qty", c.qty());
            cj.put("entryPrice", c.entryPrice());
            cj.put("leverage", c.leverage());
            cj.put("reason", c.reason());
            cj.put("closePrice", c.closePrice());
            cj.put("markPrice", c.markPrice());
            cj.put("realizedPnl", c.realizedPnl());
            cj.put("closedAtMs", c.closedAtMs());
            cj.put("closedAt", java.time.Instant.ofEpochMilli(c.closedAtMs()).toString());
            out.add(cj);
        }
        return out;
    }

    /** The worst margin ratio of a sub-account and its position nearest to liquidation. */
    record Worst(double ratio, String subject, double nearestPct, double nearestAtr, String nearestSymbol) {
    }

    static Worst worst(AccountReport r, Map<String, Double> atr) {
        double ratio = 0;
        String subject = "none";
        if (r.positions().stream().anyMatch(x -> x.marginMode() == MarginMode.CROSS)) {
            ratio = r.marginRatio();
            subject = "cross";
        }
        double nearest = Double.NaN, nearestAtr = Double.NaN;
        String sym = null;
        for (PositionReport p : r.positions()) {
            if (p.marginMode() == MarginMode.ISOLATED && !(p.marginRatio() <= ratio)) {
                ratio = p.marginRatio();
                subject = p.symbol() + " " + p.side().label() + " isolated";
            }
            double d = Math.abs(p.distanceToLiquidationPct());
            if (Double.isFinite(d) && !(d >= nearest)) {
                nearest = d;
                nearestAtr = Math.abs(p.liquidationPriceExact() - p.markPrice()) / atr.getOrDefault(p.symbol(), Double.NaN);
                sym = p.symbol();
            }
        }
        return new Worst(ratio, subject, nearest, nearestAtr, sym);
    }

    /** The {@code portfolio --account} JSON of a desk account: its sub-accounts and positions at the current marks. */
    static com.fasterxml.jackson.databind.node.ObjectNode portfolioAccount(DeskStore store, long accountId, Map<String, Double> marks) {
        store.account(accountId);
        var root = io.perpguard.data.json.JsonInput.MAPPER.createObjectNode();
        var subs = root.putArray("subAccounts");
        List<DeskStore.PositionRow> all = store.positions(null);
        for (DeskStore.SubAccountRow sub : store.subAccounts(accountId)) {
            var s = subs.addObject();
            s.put("name", sub.name());
            s.put("walletBalance", sub.walletBalance());
            var ps = s.putArray("positions");
            for (DeskStore.PositionRow r : all) {
                if (r.subAccountId() != sub.id()) {
                    continue;
                }
                var p = ps.addObject();
                p.put("symbol", r.symbol());
                p.put("side", r.side().label());
                p.put("qty", r.qty());
                p.put("entryPrice", r.entryPrice());
                p.put("leverage", r.leverage());
                p.put("marginMode", r.marginMode().label());
                p.put("positionSide", r.positionSide().label());
                p.put("marginAdded", r.marginAdded());
                Double m = marks.get(r.symbol());
                p.put("markPrice", m != null ? m : r.markPrice().doubleValue());
            }
        }
        return root;
    }
}
