package io.perpguard.server;

import io.perpguard.InvalidInputException;
import io.perpguard.alerts.AlertState;
import io.perpguard.data.store.Database;
import io.perpguard.data.store.StoreFailure;
import io.perpguard.alerts.MarginAlert;
import io.perpguard.venue.CollateralRule;
import io.perpguard.margin.CollateralAsset;
import io.perpguard.margin.MarginMode;
import io.perpguard.margin.Position;
import io.perpguard.margin.PositionSide;
import io.perpguard.margin.Side;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accounts, sub-accounts, positions and alerts in the desk's database (plain JDBC). Amounts are exact
 * {@link BigDecimal}s; conversion to {@code double} happens only when a row becomes a core {@link Position}.
 */
public final class DeskStore {
    /** Decimal places of the stored money columns (wallets, added margin: {@code decimal(28, 8)}). */
    static final int MONEY_SCALE = 8;
    /** Decimal places of the stored prices and quantities ({@code decimal(30, 10)}). */
    static final int PRICE_SCALE = 10;
    /** Decimal places of the stored leverage ({@code decimal(10, 4)}). */
    static final int LEVERAGE_SCALE = 4;

    private final DeskDatabase db;

    public DeskStore(DeskDatabase db) {
        this.db = db;
    }

    /** The database's identity ({@link DeskDatabase#instanceId()}): another database, another id, though alert ids restart at 1. */
    public String databaseId() {
        return db.instanceId();
    }

    /** An account: a trader, owning sub-accounts. */
    public record AccountRow(long id, String name, String createdAt) {
    }

    /**
     * A sub-account: its own wallet and positions (cross positions share that wallet), on one venue: {@code binance}
     * (USDⓈ-M, wallet in USDT) or {@code binance-coinm} (COIN-M, wallet in the coin of its contracts). {@code currency}:
     * the coin of a COIN-M wallet where it is stored (V8: a mirrored coin wallet, a hand-entered one given it when created
     * or edited, or once it held a position), else null.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record SubAccountRow(long id, long accountId, String name, BigDecimal walletBalance, String exchange, String currency) {
        /** A USDⓈ-M sub-account (as every sub-account before V6). */
        public SubAccountRow(long id, long accountId, String name, BigDecimal walletBalance) {
            this(id, accountId, name, walletBalance, io.perpguard.venue.Exchange.BINANCE.id());
        }

        /** A sub-account whose currency is its venue's or its positions' (none stored: every sub-account before V8). */
        public SubAccountRow(long id, long accountId, String name, BigDecimal walletBalance, String exchange) {
            this(id, accountId, name, walletBalance, exchange, null);
        }

        /** The venue whose rules price it. */
        public io.perpguard.venue.Exchange venue() {
            return io.perpguard.venue.Exchange.parse("exchange", exchange);
        }

        /** On the desk's own venue (Binance USDⓈ-M, the replay's): the desk's instruments and marks, a wallet in USDT. */
        public boolean onDeskVenue() {
            return venue() == io.perpguard.venue.Exchange.BINANCE;
        }
    }

    /**
     * A stored position; {@code markPrice} is the last mark given by the user (the feed's mark wins when it has one).
     * {@code qty} is the engine's size: base units for a linear contract, USD face for an inverse one, whose whole
     * {@code contracts} are kept too (null: a linear position).
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record PositionRow(long id, long subAccountId, String symbol, Side side, BigDecimal qty, BigDecimal entryPrice,
                              BigDecimal leverage, MarginMode marginMode, PositionSide positionSide, BigDecimal marginAdded,
                              BigDecimal markPrice, BigDecimal contracts) {
        /** A linear position. */
        public PositionRow(long id, long subAccountId, String symbol, Side side, BigDecimal qty, BigDecimal entryPrice,
                           BigDecimal leverage, MarginMode marginMode, PositionSide positionSide, BigDecimal marginAdded, BigDecimal markPrice) {
            this(id, subAccountId, symbol, side, qty, entryPrice, leverage, marginMode, positionSide, marginAdded, markPrice, null);
        }

        /** The core position, marked at {@code markPrice} (NaN: the stored mark); inverse when it is held in contracts. */
        public Position toPosition(double markPrice) {
            return new Position(symbol, side, qty.doubleValue(), entryPrice.doubleValue(), leverage.doubleValue(), marginMode,
                    positionSide, marginAdded.doubleValue(), Double.isNaN(markPrice) ? this.markPrice.doubleValue() : markPrice,
                    contracts == null ? io.perpguard.venue.ContractType.LINEAR : io.perpguard.venue.ContractType.INVERSE);
        }
    }

    /** A stored alert. */
    public record AlertRow(long id, String raisedAt, long markTimeMs, String subject, Long subAccountId, Long positionId,
                           String symbol, String kind, BigDecimal threshold, BigDecimal marginRatio, String message) {
    }

    //-------------------------------------------------------------------------
    public List<AccountRow> accounts() {
        return query("select id, name, created_at from desk_account order by id", ps -> { },
                rs -> new AccountRow(rs.getLong(1), rs.getString(2), String.valueOf(rs.getTimestamp(3).toInstant())));
    }

    /**
     * The account a list filter names: a deleted or never-created one is a 404 naming {@code field} ({@code
     * /api/subaccounts?accountId=999} answered [], as if the account were merely empty).
     */
    public void requireAccount(long id, String field) {
        if (query("select id from desk_account where id = ?", ps -> ps.setLong(1, id), rs -> rs.getLong(1)).isEmpty()) {
            throw new NotFound("account " + id, field);
        }
    }

    /** {@link #requireAccount} for a sub-account filter. */
    public void requireSubAccount(long id, String field) {
        if (query("select id from desk_sub_account where id = ?", ps -> ps.setLong(1, id), rs -> rs.getLong(1)).isEmpty()) {
            throw new NotFound("sub-account " + id, field);
        }
    }

    public AccountRow account(long id) {
        List<AccountRow> l = query("select id, name, created_at from desk_account where id = ?", ps -> ps.setLong(1, id),
                rs -> new AccountRow(rs.getLong(1), rs.getString(2), String.valueOf(rs.getTimestamp(3).toInstant())));
        if (l.isEmpty()) {
            throw new NotFound("account " + id);
        }
        return l.get(0);
    }

    public AccountRow createAccount(String name) {
        long id = insert("insert into desk_account (name) values (?)", ps -> ps.setString(1, name), "name", "account '" + name + "' exists");
        return account(id);
    }

    /**
     * Deletes an account with its sub-accounts, their positions, closed positions and alerts (foreign keys on delete
     * cascade; alerts since V5). Returns the alert subjects ({@code sub:ID}, {@code pos:ID}) whose rule state to forget.
     */
    public List<String> deleteAccount(long id) {
        account(id);
        List<String> subjects = new ArrayList<>();
        for (SubAccountRow s : subAccounts(id)) {
            subjects.addAll(subjects(s.id()));
        }
        update("delete from desk_account where id = ?", ps -> ps.setLong(1, id));
        return subjects;
    }

    /** The alert subjects of a sub-account: its cross ratio and each of its open positions. */
    private List<String> subjects(long subId) {
        List<String> out = new ArrayList<>();
        out.add("sub:" + subId);
        for (PositionRow p : positions(subId)) {
            out.add("pos:" + p.id());
        }
        return out;
    }

    //-------------------------------------------------------------------------
    public List<SubAccountRow> subAccounts(Long accountId) {
        String sql = "select id, account_id, name, wallet_balance, exchange, currency from desk_sub_account"
                + (accountId == null ? "" : " where account_id = ?") + " order by id";
        return query(sql, ps -> {
            if (accountId != null) {
                ps.setLong(1, accountId);
            }
        }, DeskStore::subAccount);
    }

    public SubAccountRow subAccount(long id) {
        List<SubAccountRow> l = query("select id, account_id, name, wallet_balance, exchange, currency from desk_sub_account where id = ?",
                ps -> ps.setLong(1, id), DeskStore::subAccount);
        if (l.isEmpty()) {
            throw new NotFound("sub-account " + id);
        }
        return l.get(0);
    }

    public SubAccountRow createSubAccount(long accountId, String name, BigDecimal wallet) {
        return createSubAccount(accountId, name, wallet, io.perpguard.venue.Exchange.BINANCE);
    }

    /** A sub-account on {@code exchange} (Binance USDⓈ-M or COIN-M). */
    public SubAccountRow createSubAccount(long accountId, String name, BigDecimal wallet, io.perpguard.venue.Exchange exchange) {
        return createSubAccount(accountId, name, wallet, exchange, null);
    }

    /** A sub-account on {@code exchange} whose wallet is in {@code currency} (a COIN-M coin; null: the venue's or its positions'). */
    public SubAccountRow createSubAccount(long accountId, String name, BigDecimal wallet, io.perpguard.venue.Exchange exchange, String currency) {
        account(accountId);
        long id = insert("insert into desk_sub_account (account_id, name, wallet_balance, exchange, currency) values (?, ?, ?, ?, ?)", ps -> {
            ps.setLong(1, accountId);
            ps.setString(2, name);
            ps.setBigDecimal(3, wallet);
            ps.setString(4, exchange.id());
            ps.setString(5, currency);
        }, "name", "sub-account '" + name + "' exists in account " + accountId);
        return subAccount(id);
    }

    /** Stores the coin a COIN-M sub-account's wallet is in (the mirror's coin wallet, a hand-entered one's first position's). */
    SubAccountRow updateSubAccountCurrency(long id, String currency) {
        subAccount(id);
        update("update desk_sub_account set currency = ? where id = ?", ps -> {
            ps.setString(1, currency);
            ps.setLong(2, id);
        });
        return subAccount(id);
    }

    /** The symbols a sub-account holds or has held (its open and closed positions), each once. */
    List<String> symbolsHeld(long subAccountId) {
        return query("select symbol from desk_position where sub_account_id = ? union select symbol from desk_closed_position where sub_account_id = ?",
                ps -> {
                    ps.setLong(1, subAccountId);
                    ps.setLong(2, subAccountId);
                }, rs -> rs.getString(1));
    }

    public SubAccountRow updateSubAccount(long id, String name, BigDecimal wallet) {
        return updateSubAccount(id, name, wallet, null);
    }

    /**
     * Renames and sets the wallet, and the wallet's coin where {@code currency} is given (a COIN-M coin; null: the stored
     * one is left as it is), in one statement.
     */
    public SubAccountRow updateSubAccount(long id, String name, BigDecimal wallet, String currency) {
        SubAccountRow old = subAccount(id);
        // a rename onto another sub-account's name is the same refusal as creating it (it was blamed on 'symbol', with
        // the database's constraint text)
        update("update desk_sub_account set name = ?, wallet_balance = ?, currency = coalesce(?, currency) where id = ?", ps -> {
            ps.setString(1, name);
            ps.setBigDecimal(2, wallet);
            ps.setString(3, currency);
            ps.setLong(4, id);
        }, "name", "sub-account '" + name + "' exists in account " + old.accountId());
        return subAccount(id);
    }

    /**
     * Moves a sub-account to another venue. Only the live mirror does this (a hand-entered sub-account keeps the venue it
     * was created on): a mirrored row written before the mirror stored the watched venue says {@code binance}.
     */
    SubAccountRow updateSubAccountExchange(long id, io.perpguard.venue.Exchange exchange) {
        subAccount(id);
        update("update desk_sub_account set exchange = ? where id = ?", ps -> {
            ps.setString(1, exchange.id());
            ps.setLong(2, id);
        });
        return subAccount(id);
    }

    /** Deletes a sub-account with its positions, closed positions and alerts; returns the alert subjects to forget. */
    public List<String> deleteSubAccount(long id) {
        subAccount(id);
        List<String> subjects = subjects(id);
        update("delete from desk_sub_account where id = ?", ps -> ps.setLong(1, id));
        return subjects;
    }

    //-------------------------------------------------------------------------
    private static final String POSITION_COLUMNS = "id, sub_account_id, symbol, side, qty, entry_price, leverage, margin_mode, "
            + "position_side, margin_added, mark_price, contracts";

    public List<PositionRow> positions(Long subAccountId) {
        String sql = "select " + POSITION_COLUMNS + " from desk_position" + (subAccountId == null ? "" : " where sub_account_id = ?") + " order by id";
        return query(sql, ps -> {
            if (subAccountId != null) {
                ps.setLong(1, subAccountId);
            }
        }, DeskStore::position);
    }

    public PositionRow position(long id) {
        List<PositionRow> l = query("select " + POSITION_COLUMNS + " from desk_position where id = ?", ps -> ps.setLong(1, id), DeskStore::position);
        if (l.isEmpty()) {
            throw new NotFound("position " + id);
        }
        return l.get(0);
    }

    /**
     * {@code GET /api/positions/{id}}: an open position; one closed or liquidated is a 404 that says so and where it is
     * listed (it read "position 7 not found", as if the id had never been used, while a change to it is a 409 naming it).
     */
    public PositionRow openPositionToRead(long id) {
        List<PositionRow> l = query("select " + POSITION_COLUMNS + " from desk_position where id = ?", ps -> ps.setLong(1, id), DeskStore::position);
        if (!l.isEmpty()) {
            return l.get(0);
        }
        String closed = closedDescription(id);
        if (closed == null) {
            throw new NotFound("position " + id);
        }
        throw new NotFound("position " + id + " is closed (" + closed + "): this lists open positions; GET /api/closed lists it", "id", true);
    }

    /**
     * An open position about to be {@code changed} ("closed again", "edited", "deleted"): one already closed or liquidated
     * is a 409 naming it (its id exists, in {@code GET /api/closed}; it answered 404 as if it never had), an id never
     * used a 404.
     */
    public PositionRow openPosition(long id, String changed) {
        List<PositionRow> l = query("select " + POSITION_COLUMNS + " from desk_position where id = ?", ps -> ps.setLong(1, id), DeskStore::position);
        if (!l.isEmpty()) {
            return l.get(0);
        }
        throw closedConflict(id, changed);
    }

    /** The 409 of a change to a position that was closed; a 404 when the id was never an open position. */
    RuntimeException closedConflict(long id, String changed) {
        String closed = closedDescription(id);
        if (closed == null) {
            return new NotFound("position " + id);
        }
        return new Conflict("id", "position " + id + " is already closed (" + closed + "): it cannot be " + changed
                + "; GET /api/closed lists it");
    }

    /** How position {@code id} was closed ("SOLUSDT long, closed at 230.12 on ..."), or null when it never was. */
    private String closedDescription(long id) {
        List<String> closed = query("select symbol, side, reason, close_price, closed_at_ms from desk_closed_position where position_id = ?",
                ps -> ps.setLong(1, id), rs -> rs.getString(1) + " " + rs.getString(2) + ", "
                        + ("liquidation".equals(rs.getString(3)) ? "liquidated" : "closed") + " at " + strip(rs.getBigDecimal(4)).toPlainString()
                        + " on " + java.time.Instant.ofEpochMilli(rs.getLong(5)));
        return closed.isEmpty() ? null : closed.get(0);
    }

    public PositionRow createPosition(PositionRow p) {
        long id = insert("insert into desk_position (sub_account_id, symbol, side, qty, entry_price, leverage, margin_mode, position_side, "
                + "margin_added, mark_price, contracts) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> bindPosition(ps, p), "symbol",
                p.symbol() + " " + p.positionSide().label() + " is already open in sub-account " + p.subAccountId());
        return position(id);
    }

    public PositionRow updatePosition(long id, PositionRow p) {
        position(id);
        update("update desk_position set sub_account_id = ?, symbol = ?, side = ?, qty = ?, entry_price = ?, leverage = ?, margin_mode = ?, "
                + "position_side = ?, margin_added = ?, mark_price = ?, contracts = ? where id = ?", ps -> {
            bindPosition(ps, p);
            ps.setLong(12, id);
        });
        return position(id);
    }

    public void deletePosition(long id) {
        openPosition(id, "deleted");
        update("delete from desk_position where id = ?", ps -> ps.setLong(1, id));
    }

    private static void bindPosition(PreparedStatement ps, PositionRow p) throws SQLException {
        ps.setLong(1, p.subAccountId());
        ps.setString(2, p.symbol());
        ps.setString(3, p.side().label());
        ps.setBigDecimal(4, p.qty());
        ps.setBigDecimal(5, p.entryPrice());
        ps.setBigDecimal(6, p.leverage());
        ps.setString(7, p.marginMode().label());
        ps.setString(8, p.positionSide().label());
        ps.setBigDecimal(9, p.marginAdded());
        ps.setBigDecimal(10, p.markPrice());
        ps.setBigDecimal(11, p.contracts());
    }

    //-------------------------------------------------------------------------
    /**
     * A position the desk closed: by liquidation (the venue's rule) or by the trader; its PnL is in the wallet, in the
     * sub-account's currency (coin for COIN-M, whose positions keep their {@code contracts}; null: linear). {@code provisional}:
     * a mirrored live position's close whose figures are the desk's until the venue reports it (V13), said in words —
     * {@value #PROVISIONAL_DESK_LABEL} or {@value #PROVISIONAL_NO_REPORT_LABEL}; null (left out of the JSON) once final.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record ClosedRow(long id, long subAccountId, long positionId, String symbol, Side side, BigDecimal qty,
                            BigDecimal entryPrice, BigDecimal leverage, MarginMode marginMode, String reason,
                            BigDecimal closePrice, BigDecimal markPrice, BigDecimal realizedPnl, long closedAtMs, BigDecimal contracts,
                            String provisional, @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) BigDecimal fee,
                            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String feeAsset) {
        /** {@code closedAtMs} as an ISO-8601 instant. */
        @com.fasterxml.jackson.annotation.JsonProperty
        public String closedAt() {
            return java.time.Instant.ofEpochMilli(closedAtMs).toString();
        }
    }

    /**
     * One position to close: the open row, why, at what price, for what realized PnL; {@code venueCloseMs} the time of the
     * live watcher's close line it is booked from (a mirrored position, V12), null for the desk's and the trader's closes.
     */
    public record Closing(PositionRow position, String reason, double closePrice, double markPrice, double realizedPnl, Long venueCloseMs,
                          String provisional, Double fee, String feeAsset) {
        public Closing(PositionRow position, String reason, double closePrice, double markPrice, double realizedPnl, Long venueCloseMs,
                       String provisional) {
            this(position, reason, closePrice, markPrice, realizedPnl, venueCloseMs, provisional, null, null);
        }

        public Closing(PositionRow position, String reason, double closePrice, double markPrice, double realizedPnl, Long venueCloseMs) {
            this(position, reason, closePrice, markPrice, realizedPnl, venueCloseMs, null);
        }

        public Closing(PositionRow position, String reason, double closePrice, double markPrice, double realizedPnl) {
            this(position, reason, closePrice, markPrice, realizedPnl, null);
        }

        /** This closing with its figures the desk's until the venue reports it ({@link #PROVISIONAL_DESK}, {@link #PROVISIONAL_NO_REPORT}). */
        public Closing provisional(String why) {
            return new Closing(position, reason, closePrice, markPrice, realizedPnl, venueCloseMs, why, fee, feeAsset);
        }

        /** This closing with the commission the venue charged for the trades that closed it (V14; null: not reported). */
        public Closing withFee(Double venueFee, String asset) {
            return new Closing(position, reason, closePrice, markPrice, realizedPnl, venueCloseMs, provisional, venueFee,
                    venueFee == null ? null : asset);
        }
    }

    /** V13 {@code provisional}: a mirrored position the desk settled as liquidated at its own mark before the venue closed it. */
    public static final String PROVISIONAL_DESK = "desk";
    /** V13 {@code provisional}: a mirrored position gone from the watcher's view with no close line of it (closed at its last mark). */
    public static final String PROVISIONAL_NO_REPORT = "no-report";
    static final String PROVISIONAL_DESK_LABEL = "liquidated at the desk's mark (no venue report yet)";
    static final String PROVISIONAL_NO_REPORT_LABEL = "closed (no venue report yet)";

    private static String provisionalLabel(String code) {
        return code == null ? null : PROVISIONAL_DESK.equals(code) ? PROVISIONAL_DESK_LABEL : PROVISIONAL_NO_REPORT_LABEL;
    }

    private static final String CLOSED_COLUMNS = "id, sub_account_id, position_id, symbol, side, qty, entry_price, leverage, margin_mode, "
            + "reason, close_price, mark_price, realized_pnl, closed_at_ms, contracts, provisional, fee, fee_asset";

    /** Closed positions, newest first ({@code subAccountId} null: all). */
    public List<ClosedRow> closedPositions(Long subAccountId, int limit) {
        String sql = "select " + CLOSED_COLUMNS + " from desk_closed_position" + (subAccountId == null ? "" : " where sub_account_id = ?")
                + " order by id desc";
        return query(sql, ps -> {
            ps.setMaxRows(limit);
            if (subAccountId != null) {
                ps.setLong(1, subAccountId);
            }
        }, DeskStore::closedRow);
    }

    private static ClosedRow closedRow(ResultSet rs) throws SQLException {
        return new ClosedRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), Side.parse("side", rs.getString(5)),
                strip(rs.getBigDecimal(6)), strip(rs.getBigDecimal(7)), strip(rs.getBigDecimal(8)), MarginMode.parse("marginMode", rs.getString(9)),
                rs.getString(10), strip(rs.getBigDecimal(11)), strip(rs.getBigDecimal(12)), strip(rs.getBigDecimal(13)), rs.getLong(14),
                strip(rs.getBigDecimal(15)), provisionalLabel(rs.getString(16)), strip(rs.getBigDecimal(17)), rs.getString(18));
    }

    /**
     * Where a page of {@code GET /api/closed} ends: the last row's close time and id. The list is ordered by close time,
     * newest first, ties by id (a close time is never changed once booked: the order is stable while a client walks it).
     * Written {@code CLOSEDATMS_ID} ({@code before=1760126400000_42}).
     */
    public record ClosedCursor(long closedAtMs, long id) {
        static final String FORM = "the next link's before, closedAtMs_id (e.g. 1760126400000_42)";

        @Override
        public String toString() {
            return closedAtMs + "_" + id;
        }

        /** Reads {@code text} as written by {@link #toString()}; anything else is refused naming {@code field}. */
        static ClosedCursor parse(String text, String field) {
            int u = text.indexOf('_');
            try {
                if (u > 0 && text.chars().allMatch(ch -> ch == '_' || ch >= '0' && ch <= '9')) {
                    ClosedCursor c = new ClosedCursor(Long.parseLong(text.substring(0, u)), Long.parseLong(text.substring(u + 1)));
                    if (c.id >= 1) {
                        return c;
                    }
                }
            } catch (NumberFormatException e) {
                // falls through to the refusal (too long, a second '_')
            }
            throw new InvalidInputException(field, "'" + io.perpguard.data.io.Excerpt.of(text) + "' is not a cursor of this list: give " + FORM);
        }
    }

    /** One page of closed positions; {@code next}: where the following page starts, null on the last page. */
    public record ClosedPage(List<ClosedRow> rows, ClosedCursor next) {
    }

    /**
     * Up to {@code limit} closed positions older than {@code before} (null: from the newest), by close time then id, newest
     * first (keyset paging: each row is on exactly one page however many there are; {@code subAccountId} null: all).
     */
    public ClosedPage closedPage(Long subAccountId, int limit, ClosedCursor before) {
        String sql = "select " + CLOSED_COLUMNS + " from desk_closed_position where 1 = 1"
                + (subAccountId == null ? "" : " and sub_account_id = ?")
                + (before == null ? "" : " and (closed_at_ms < ? or (closed_at_ms = ? and id < ?))")
                + " order by closed_at_ms desc, id desc";
        List<ClosedRow> rows = query(sql, ps -> {
            ps.setMaxRows(limit + 1);   // one more says whether there is a next page
            int i = 1;
            if (subAccountId != null) {
                ps.setLong(i++, subAccountId);
            }
            if (before != null) {
                ps.setLong(i++, before.closedAtMs());
                ps.setLong(i++, before.closedAtMs());
                ps.setLong(i, before.id());
            }
        }, DeskStore::closedRow);
        if (rows.size() <= limit) {
            return new ClosedPage(rows, null);
        }
        ClosedRow last = rows.get(limit - 1);
        return new ClosedPage(rows.subList(0, limit), new ClosedCursor(last.closedAtMs(), last.id()));
    }

    /**
     * Closes positions of one sub-account in one transaction: each row moves to {@code desk_closed_position} and the
     * wallet becomes {@code walletAfter}. A position already gone (closed concurrently) makes the whole call a no-op.
     */
    public boolean close(long subAccountId, List<Closing> closings, BigDecimal walletAfter, long timeMs) {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                for (Closing k : closings) {
                    PositionRow p = k.position();
                    try (PreparedStatement del = c.prepareStatement("delete from desk_position where id = ? and sub_account_id = ?")) {
                        del.setLong(1, p.id());
                        del.setLong(2, subAccountId);
                        if (del.executeUpdate() != 1) {
                            c.rollback();
                            return false;
                        }
                    }
                    try (PreparedStatement ins = c.prepareStatement("insert into desk_closed_position (sub_account_id, position_id, symbol, side, qty, "
                            + "entry_price, leverage, margin_mode, position_side, margin_added, reason, close_price, mark_price, realized_pnl, closed_at_ms, "
                            + "contracts, venue_close_ms, provisional, fee, fee_asset) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        ins.setLong(1, subAccountId);
                        ins.setLong(2, p.id());
                        ins.setString(3, p.symbol());
                        ins.setString(4, p.side().label());
                        ins.setBigDecimal(5, p.qty());
                        ins.setBigDecimal(6, p.entryPrice());
                        ins.setBigDecimal(7, p.leverage());
                        ins.setString(8, p.marginMode().label());
                        ins.setString(9, p.positionSide().label());
                        ins.setBigDecimal(10, p.marginAdded());
                        ins.setString(11, k.reason());
                        ins.setBigDecimal(12, BigDecimal.valueOf(k.closePrice()));
                        ins.setBigDecimal(13, BigDecimal.valueOf(k.markPrice()));
                        ins.setBigDecimal(14, money(k.realizedPnl()));
                        ins.setLong(15, timeMs);
                        ins.setBigDecimal(16, p.contracts());
                        if (k.venueCloseMs() == null) {
                            ins.setNull(17, java.sql.Types.BIGINT);
                        } else {
                            ins.setLong(17, k.venueCloseMs());
                        }
                        ins.setString(18, k.provisional());
                        ins.setBigDecimal(19, k.fee() == null || !Double.isFinite(k.fee()) ? null : money(k.fee()));
                        ins.setString(20, k.fee() == null ? null : k.feeAsset());
                        ins.executeUpdate();
                    }
                }
                try (PreparedStatement up = c.prepareStatement("update desk_sub_account set wallet_balance = ? where id = ?")) {
                    up.setBigDecimal(1, walletAfter);
                    up.setLong(2, subAccountId);
                    up.executeUpdate();
                }
                c.commit();
                Database.sync(c);   // a trader's close is acknowledged; a liquidation is rare: both forced to the device
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * The position of a closed row read by the re-books' select (id, sub_account_id, position_id, symbol, side, qty,
     * entry_price, leverage, margin_mode, position_side, margin_added, contracts, ...), marked at {@code price}.
     */
    private static PositionRow closedRow(ResultSet rs, double price) throws SQLException {
        return new PositionRow(rs.getLong(3), rs.getLong(2), rs.getString(4), Side.parse("side", rs.getString(5)),
                rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getBigDecimal(8), MarginMode.parse("marginMode", rs.getString(9)),
                PositionSide.parse("positionSide", rs.getString(10)), rs.getBigDecimal(11), BigDecimal.valueOf(price), rs.getBigDecimal(12));
    }

    /**
     * Re-books as the venue's liquidation a mirrored close already booked as "closed" from the live watcher's close line of
     * {@code venueCloseMs} ({@code symbol}'s {@code side}, in one of {@code subAccountIds}), which the watcher relabelled
     * "liquidated" when the venue's liquidation order came after the update that closed it (V12): the same row gets the
     * reason, the close and mark price {@code price} and the realized PnL {@code pnl} gives for its position at that price
     * (NaN: the booked close price) — the figures it would have had with the report first — in one transaction, forced to
     * the device. The id of the row re-booked; null when none is booked as closed from that line (never booked, or already
     * re-booked).
     */
    public Long rebookAsLiquidation(java.util.Collection<Long> subAccountIds, String symbol, Side side, long venueCloseMs, double price,
                                    java.util.function.ToDoubleFunction<PositionRow> pnl) {
        if (subAccountIds.isEmpty()) {
            return null;
        }
        String in = String.join(", ", java.util.Collections.nCopies(subAccountIds.size(), "?"));
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                PositionRow row = null;
                long closedId = -1;
                try (PreparedStatement q = c.prepareStatement("select id, sub_account_id, position_id, symbol, side, qty, entry_price, leverage, "
                        + "margin_mode, position_side, margin_added, contracts, close_price from desk_closed_position where venue_close_ms = ? and symbol = ? "
                        + "and side = ? and reason = 'closed' and sub_account_id in (" + in + ") order by id desc")) {
                    q.setLong(1, venueCloseMs);
                    q.setString(2, symbol);
                    q.setString(3, side.label());
                    int i = 4;
                    for (long id : subAccountIds) {
                        q.setLong(i++, id);
                    }
                    try (ResultSet rs = q.executeQuery()) {
                        if (rs.next()) {
                            closedId = rs.getLong(1);
                            if (!(price > 0) || !Double.isFinite(price)) {
                                price = rs.getBigDecimal(13).doubleValue();   // the report named no price: the close's stands
                            }
                            row = closedRow(rs, price);
                        }
                    }
                }
                if (row == null) {
                    c.rollback();
                    return null;
                }
                try (PreparedStatement up = c.prepareStatement("update desk_closed_position set reason = 'liquidation', close_price = ?, "
                        + "mark_price = ?, realized_pnl = ? where id = ? and reason = 'closed'")) {
                    up.setBigDecimal(1, BigDecimal.valueOf(price));
                    up.setBigDecimal(2, BigDecimal.valueOf(price));
                    up.setBigDecimal(3, money(pnl.applyAsDouble(row)));
                    up.setLong(4, closedId);
                    if (up.executeUpdate() != 1) {
                        c.rollback();
                        return null;
                    }
                }
                c.commit();
                Database.sync(c);   // as a close: the re-booked liquidation is acknowledged
                return closedId;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * Re-books with the venue's figures a mirrored close the desk booked provisionally (V13: settled as liquidated at the
     * desk's own mark, or gone from the view with no close line) when the live watcher's close line of it arrives: the
     * newest closed row of {@code symbol}'s {@code side} in {@code subAccountIds}, if that row is provisional and of the
     * line's size {@code qty} (NaN: not known, not compared), gets the line's {@code reason} ({@code liquidation} or
     * {@code closed}), the close and mark price {@code price} (not positive or NaN: its own stands), the realized PnL
     * {@code pnl} gives for its position at that price, and {@code venueCloseMs} (V12: so a later relabel of the line finds
     * it) — one row, in one transaction forced to the device, the figures it would have had with the report first. The id
     * of the row re-booked; null when the key's newest close is final or of another size (the line is about another holding).
     */
    public Long rebookFromVenue(java.util.Collection<Long> subAccountIds, String symbol, Side side, double qty, String reason, double price,
                                long venueCloseMs, java.util.function.ToDoubleFunction<PositionRow> pnl) {
        return rebookFromVenue(subAccountIds, symbol, side, qty, reason, price, venueCloseMs, pnl, null, null);
    }

    /**
     * As {@link #rebookFromVenue(java.util.Collection, String, Side, double, String, double, long, java.util.function.ToDoubleFunction)},
     * with the commission the venue charged for the trades that closed it, {@code fee} in {@code feeAsset} (V14; null: not
     * reported, the column stays null).
     */
    public Long rebookFromVenue(java.util.Collection<Long> subAccountIds, String symbol, Side side, double qty, String reason, double price,
                                long venueCloseMs, java.util.function.ToDoubleFunction<PositionRow> pnl, Double fee, String feeAsset) {
        if (subAccountIds.isEmpty()) {
            return null;
        }
        String in = String.join(", ", java.util.Collections.nCopies(subAccountIds.size(), "?"));
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                PositionRow row = null;
                long closedId = -1;
                try (PreparedStatement q = c.prepareStatement("select id, sub_account_id, position_id, symbol, side, qty, entry_price, leverage, "
                        + "margin_mode, position_side, margin_added, contracts, close_price, provisional from desk_closed_position where symbol = ? "
                        + "and side = ? and sub_account_id in (" + in + ") order by id desc")) {
                    q.setMaxRows(1);
                    q.setString(1, symbol);
                    q.setString(2, side.label());
                    int i = 3;
                    for (long id : subAccountIds) {
                        q.setLong(i++, id);
                    }
                    try (ResultSet rs = q.executeQuery()) {
                        if (rs.next() && rs.getString(14) != null
                                && !(qty > 0 && Double.isFinite(qty) && BigDecimal.valueOf(qty).compareTo(rs.getBigDecimal(6)) != 0)) {
                            closedId = rs.getLong(1);
                            if (!(price > 0) || !Double.isFinite(price)) {
                                price = rs.getBigDecimal(13).doubleValue();   // the line named no price: the booked one stands
                            }
                            row = closedRow(rs, price);
                        }
                    }
                }
                if (row == null) {
                    c.rollback();
                    return null;
                }
                try (PreparedStatement up = c.prepareStatement("update desk_closed_position set reason = ?, close_price = ?, mark_price = ?, "
                        + "realized_pnl = ?, venue_close_ms = ?, fee = ?, fee_asset = ?, provisional = null where id = ? and provisional is not null")) {
                    up.setString(1, reason);
                    up.setBigDecimal(2, BigDecimal.valueOf(price));
                    up.setBigDecimal(3, BigDecimal.valueOf(price));
                    up.setBigDecimal(4, money(pnl.applyAsDouble(row)));
                    up.setLong(5, venueCloseMs);
                    up.setBigDecimal(6, fee == null || !Double.isFinite(fee) ? null : money(fee));
                    up.setString(7, fee == null ? null : feeAsset);
                    up.setLong(8, closedId);
                    if (up.executeUpdate() != 1) {
                        c.rollback();
                        return null;
                    }
                }
                c.commit();
                Database.sync(c);   // as a close: the venue's figures are acknowledged
                return closedId;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    //-------------------------------------------------------------------------
    /**
     * The pools of the shared-collateral sub-accounts (V10), by sub-account id, each asset in its pool's order with its
     * venue's rule; a one-wallet sub-account has no entry.
     */
    public Map<Long, List<CollateralAsset>> collateral() {
        Map<Long, List<double[]>> tiers = new HashMap<>();
        query("select collateral_id, up_to, ratio from desk_collateral_tier order by collateral_id, ordinal", ps -> { }, rs -> {
            BigDecimal upTo = rs.getBigDecimal(2);
            tiers.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new double[]{
                    upTo == null ? Double.POSITIVE_INFINITY : upTo.doubleValue(), rs.getBigDecimal(3).doubleValue()});
            return null;
        });
        Map<Long, List<CollateralAsset>> out = new LinkedHashMap<>();
        query("select id, sub_account_id, asset, amount, index_price, liability_ratio, haircut_pnl from desk_collateral order by sub_account_id, ordinal",
                ps -> { }, rs -> {
                    List<double[]> t = tiers.getOrDefault(rs.getLong(1), List.of());
                    double[] upTo = new double[t.size()], ratio = new double[t.size()];
                    for (int i = 0; i < t.size(); i++) {
                        upTo[i] = t.get(i)[0];
                        ratio[i] = t.get(i)[1];
                    }
                    out.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(new CollateralAsset(rs.getString(3), rs.getBigDecimal(4).doubleValue(),
                            rs.getBigDecimal(5).doubleValue(), new CollateralRule(upTo, ratio, rs.getBigDecimal(6).doubleValue(), rs.getBoolean(7))));
                    return null;
                });
        return out;
    }

    /** The pool of one sub-account (empty: a one-wallet sub-account). */
    public List<CollateralAsset> collateral(long subAccountId) {
        return collateral().getOrDefault(subAccountId, List.of());
    }

    /**
     * The marks at which each pool's indexes were read (V11), by sub-account id and symbol: an asset in a contract's own
     * coin moves with that contract's mark from there ({@link io.perpguard.margin.CollateralPool#withIndexesMovedSince}).
     * A pool without any has no entry (its indexes held).
     */
    public Map<Long, Map<String, Double>> collateralMarks() {
        Map<Long, Map<String, Double>> out = new LinkedHashMap<>();
        query("select sub_account_id, symbol, mark_price from desk_collateral_mark order by sub_account_id, symbol", ps -> { }, rs -> {
            out.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getBigDecimal(3).doubleValue());
            return null;
        });
        return out;
    }

    /** The marks of one sub-account's pool (empty: none stored). */
    public Map<String, Double> collateralMarks(long subAccountId) {
        return collateralMarks().getOrDefault(subAccountId, Map.of());
    }

    /** As {@link #replaceCollateral(long, List, Map)}, no marks stored: every index held where it was read. */
    public void replaceCollateral(long subAccountId, List<CollateralAsset> assets) {
        replaceCollateral(subAccountId, assets, Map.of());
    }

    /**
     * Replaces a sub-account's pool with {@code assets} and the marks its indexes were read at ({@code indexMarks}, by
     * symbol) in one transaction (empty assets: it is a one-wallet sub-account again, no mark kept). Each double is stored
     * by its shortest decimal text, so it is read back as the same double.
     */
    public void replaceCollateral(long subAccountId, List<CollateralAsset> assets, Map<String, Double> indexMarks) {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                for (String table : new String[]{"desk_collateral", "desk_collateral_mark"}) {
                    try (PreparedStatement del = c.prepareStatement("delete from " + table + " where sub_account_id = ?")) {
                        del.setLong(1, subAccountId);
                        del.executeUpdate();
                    }
                }
                if (!assets.isEmpty()) {
                    for (Map.Entry<String, Double> m : new java.util.TreeMap<>(indexMarks).entrySet()) {
                        if (m.getValue() == null || !(m.getValue() > 0) || !Double.isFinite(m.getValue())) {
                            continue;   // no usable mark: that contract's coin is held at its index
                        }
                        try (PreparedStatement ins = c.prepareStatement("insert into desk_collateral_mark (sub_account_id, symbol, mark_price) values (?, ?, ?)")) {
                            ins.setLong(1, subAccountId);
                            ins.setString(2, m.getKey());
                            ins.setBigDecimal(3, BigDecimal.valueOf(m.getValue()));
                            ins.executeUpdate();
                        }
                    }
                }
                for (int i = 0; i < assets.size(); i++) {
                    CollateralAsset a = assets.get(i);
                    long id;
                    try (PreparedStatement ins = c.prepareStatement("insert into desk_collateral (sub_account_id, ordinal, asset, amount, index_price, "
                            + "liability_ratio, haircut_pnl) values (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                        ins.setLong(1, subAccountId);
                        ins.setInt(2, i);
                        ins.setString(3, a.asset());
                        ins.setBigDecimal(4, BigDecimal.valueOf(a.amount()));
                        ins.setBigDecimal(5, BigDecimal.valueOf(a.indexPrice()));
                        ins.setBigDecimal(6, BigDecimal.valueOf(a.rule().liabilityRatio()));
                        ins.setBoolean(7, a.rule().haircutPnl());
                        ins.executeUpdate();
                        try (ResultSet rs = ins.getGeneratedKeys()) {
                            rs.next();
                            id = rs.getLong(1);
                        }
                    }
                    double[] upTo = a.rule().upTo(), ratio = a.rule().ratio();
                    for (int k = 0; k < ratio.length; k++) {
                        try (PreparedStatement ins = c.prepareStatement("insert into desk_collateral_tier (collateral_id, ordinal, up_to, ratio) values (?, ?, ?, ?)")) {
                            ins.setLong(1, id);
                            ins.setInt(2, k);
                            ins.setBigDecimal(3, Double.isInfinite(upTo[k]) ? null : BigDecimal.valueOf(upTo[k]));
                            ins.setBigDecimal(4, BigDecimal.valueOf(ratio[k]));
                            ins.executeUpdate();
                        }
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Money to the cent's hundred-thousandth, as the wallet column (DECIMAL(28, 8)): {@link io.perpguard.Money}, as JSON writes it. */
    static BigDecimal money(double v) {
        return io.perpguard.Money.decimal(v);
    }

    //-------------------------------------------------------------------------
    /** Stores an alert with the line the trader reads and returns its row. */
    public AlertRow addAlert(String subject, Long subAccountId, Long positionId, String symbol, MarginAlert a, String message) {
        long id = insert("insert into desk_alert (mark_time_ms, subject, sub_account_id, position_id, symbol, kind, threshold, margin_ratio, message) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setLong(1, a.timeMs());
            ps.setString(2, subject);
            setLong(ps, 3, subAccountId);
            setLong(ps, 4, positionId);
            ps.setString(5, symbol);
            ps.setString(6, a.kind().label());
            ps.setBigDecimal(7, decimal(a.threshold()));
            ps.setBigDecimal(8, Double.isFinite(a.marginRatio()) ? decimal(a.marginRatio()) : null);   // null: infinite (margin balance gone)
            ps.setString(9, message.length() > 500 ? message.substring(0, 500) : message);
        }, "alert", "cannot store alert", false);
        return alerts(1, id).get(0);
    }

    /** Newest alerts first; {@code onlyId} restricts to one row. */
    public List<AlertRow> alerts(int limit, Long onlyId) {
        String sql = "select id, raised_at, mark_time_ms, subject, sub_account_id, position_id, symbol, kind, threshold, margin_ratio, message "
                + "from desk_alert" + (onlyId == null ? "" : " where id = ?") + " order by id desc";
        return query(sql, ps -> {
            ps.setMaxRows(limit);
            if (onlyId != null) {
                ps.setLong(1, onlyId);
            }
        }, DeskStore::alertRow);
    }

    /**
     * The alerts stored after {@code afterId}, oldest first, at most {@code limit}: what an event-stream client that last saw
     * {@code afterId} missed while it was away ({@code Last-Event-ID}).
     */
    public List<AlertRow> alertsAfter(long afterId, int limit) {
        return query("select id, raised_at, mark_time_ms, subject, sub_account_id, position_id, symbol, kind, threshold, margin_ratio, message "
                + "from desk_alert where id > ? order by id", ps -> {
            ps.setMaxRows(limit);
            ps.setLong(1, afterId);
        }, DeskStore::alertRow);
    }

    private static AlertRow alertRow(ResultSet rs) throws SQLException {
        return new AlertRow(rs.getLong(1), String.valueOf(rs.getTimestamp(2).toInstant()), rs.getLong(3), rs.getString(4),
                (Long) rs.getObject(5, Long.class), (Long) rs.getObject(6, Long.class), rs.getString(7), rs.getString(8),
                strip(rs.getBigDecimal(9)), strip(rs.getBigDecimal(10)), rs.getString(11));
    }

    /** The alert rules' memory of every subject, as last stored. */
    public Map<String, AlertState> alertStates() {
        Map<String, AlertState> out = new HashMap<>();
        query("select subject, fired_mask, liquidated, last_ratio, last_time_ms, window_start_ms, window_low, fast_fired from desk_alert_state",
                ps -> { }, rs -> out.put(rs.getString(1), new AlertState(rs.getLong(2), rs.getBoolean(3), ratio(rs, 4), rs.getLong(5),
                        rs.getLong(6), ratio(rs, 7), rs.getBoolean(8))));
        return out;
    }

    /** Stores (replaces) a subject's alert state. */
    public void saveAlertState(String subject, AlertState st) {
        Binder values = ps -> {
            ps.setLong(1, st.firedMask());
            ps.setBoolean(2, st.liquidated());
            setRatio(ps, 3, st.lastRatio());
            ps.setLong(4, st.lastTimeMs());
            ps.setLong(5, st.windowStartMs());
            setRatio(ps, 6, st.windowLow());
            ps.setBoolean(7, st.fastFired());
            ps.setString(8, subject);
        };
        // portable upsert (H2 and PostgreSQL): update, insert when there was nothing to update
        if (updated("update desk_alert_state set fired_mask = ?, liquidated = ?, last_ratio = ?, last_time_ms = ?, window_start_ms = ?, "
                + "window_low = ?, fast_fired = ? where subject = ?", values) == 0) {
            updated("insert into desk_alert_state (fired_mask, liquidated, last_ratio, last_time_ms, window_start_ms, window_low, fast_fired, subject) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?)", values);
        }
    }

    /** Forgets a subject's alert state (its position or sub-account changed). */
    public void deleteAlertState(String subject) {
        updated("delete from desk_alert_state where subject = ?", ps -> ps.setString(1, subject));
    }

    private static double ratio(ResultSet rs, int col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? Double.NaN : v;
    }

    /** NaN → null; an infinite ratio (margin balance gone) is kept as ±1e300, which compares the same way. */
    private static void setRatio(PreparedStatement ps, int i, double v) throws SQLException {
        if (Double.isNaN(v)) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, Math.max(-1e300, Math.min(1e300, v)));
        }
    }

    /** Row counts of every desk table, for tests and /api/health. */
    public long count(String table) {
        if (!table.matches("desk_[a-z_]+")) {
            throw new InvalidInputException("table", table);
        }
        return query("select count(*) from " + table, ps -> { }, rs -> rs.getLong(1)).get(0);
    }

    //-------------------------------------------------------------------------
    private static SubAccountRow subAccount(ResultSet rs) throws SQLException {
        return new SubAccountRow(rs.getLong(1), rs.getLong(2), rs.getString(3), strip(rs.getBigDecimal(4)), rs.getString(5), rs.getString(6));
    }

    private static PositionRow position(ResultSet rs) throws SQLException {
        return new PositionRow(rs.getLong(1), rs.getLong(2), rs.getString(3), Side.parse("side", rs.getString(4)),
                strip(rs.getBigDecimal(5)), strip(rs.getBigDecimal(6)), strip(rs.getBigDecimal(7)),
                MarginMode.parse("marginMode", rs.getString(8)), PositionSide.parse("positionSide", rs.getString(9)),
                strip(rs.getBigDecimal(10)), strip(rs.getBigDecimal(11)), strip(rs.getBigDecimal(12)));
    }

    static BigDecimal strip(BigDecimal d) {
        if (d == null) {
            return null;
        }
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private static BigDecimal decimal(double v) {
        return BigDecimal.valueOf(v).setScale(8, java.math.RoundingMode.HALF_EVEN);
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder b, Mapper<T> m) {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            b.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(m.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private void update(String sql, Binder b) {
        update(sql, b, null, null);
    }

    /** An update whose clash with a unique row is refused as {@code clashField: clashMessage}. */
    private void update(String sql, Binder b, String clashField, String clashMessage) {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            b.bind(ps);
            ps.executeUpdate();
            Database.sync(c);
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                if (clashField != null) {
                    throw conflict(e, clashField, clashMessage);
                }
                throw new InvalidInputException("symbol", "the change clashes with an existing row (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
            throw failed(e);
        }
    }

    private int updated(String sql, Binder b) {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            b.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private long insert(String sql, Binder b, String field, String duplicateMessage) {
        return insert(sql, b, field, duplicateMessage, true);
    }

    /** {@code durable}: forced to the device before returning (user writes); alerts, re-derivable, skip the fsync. */
    private long insert(String sql, Binder b, String field, String duplicateMessage, boolean durable) {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            b.bind(ps);
            ps.executeUpdate();
            long id;
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                id = rs.getLong(1);
            }
            if (durable) {
                Database.sync(c);
            }
            return id;
        } catch (SQLException e) {
            // SQLState class 23: integrity constraint violation (unique key)
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                throw conflict(e, field, duplicateMessage);
            }
            throw failed(e);
        }
    }

    /** A unique key's clash (SQLState 23505) is a {@link Conflict}; another integrity failure stays a 400. */
    private static InvalidInputException conflict(SQLException e, String field, String message) {
        return "23505".equals(e.getSQLState()) ? new Conflict(field, message) : new InvalidInputException(field, message);
    }

    /**
     * A write that would duplicate a stored row — a taken name, a second position of a symbol and side: HTTP 409 (the
     * request is well formed; the book already holds what it would add), one line naming the field.
     */
    public static final class Conflict extends InvalidInputException {
        public Conflict(String field, String message) {
            super(field, message);
        }
    }

    /** The failure to report; a full disk or a lost database also makes the next request reopen it. */
    private StoreException failed(SQLException e) {
        StoreException f = new StoreException(e);
        db.reopenAfter(f);
        return f;
    }

    /** A row that does not exist (HTTP 404); {@code field}: the query parameter or body field that named it, or null. */
    public static final class NotFound extends RuntimeException {
        private final String field;

        public NotFound(String what) {
            this(what, null);
        }

        public NotFound(String what, String field) {
            this(what + " not found", field, true);
        }

        /** {@code message} as given (after the field's name). */
        NotFound(String message, String field, boolean asGiven) {
            super((field == null ? "" : field + ": ") + message);
            this.field = field;
        }

        /** The query parameter or field that named the missing row, or null (a path id). */
        public String field() {
            return field;
        }
    }

    /** A database failure: HTTP 507 on a full disk, 503 when the database is unavailable, else 500; nothing stored. */
    public static final class StoreException extends StoreFailure {
        StoreException(SQLException e) {
            super("the desk's database failed", e);
        }
    }
}
