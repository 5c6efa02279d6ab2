package io.perpguard.live.venue;

/** Receives what a connector reads. Called from the connector's threads; implementations must be thread-safe. */
public interface ConnectorListener {
    /** A full REST snapshot: at start and after every reconnect. */
    void onSnapshot(AccountSnapshot snapshot);

    /** A change pushed by the account stream. */
    void onAccountUpdate(AccountUpdate update);

    /** A mark price (and funding) push. */
    void onMark(MarkUpdate mark);

    /** The venue reports that it liquidated a position (the order that closes it), before the position update. */
    void onLiquidation(String symbol, String positionSideLabel, double price, long eventTimeMs);

    /**
     * A trade of one of the account's orders, with the venue's figures of it (realized profit, commission): where the
     * venue's stream carries them (Binance's ORDER_TRADE_UPDATE, OKX's orders fills, Bybit's execution trades); the close
     * line of the position it closes carries them.
     */
    default void onFill(VenueFill fill) {
    }

    /** A fault in the data path. */
    void onFault(Fault fault);

    /**
     * Every feed is connected and resynchronised again after a fault, as of {@code timeMs} (local clock): when the snapshot
     * that resynchronised began its reads. A fault told after that time (a socket dropped meanwhile) is not over.
     */
    void onHealthy(long timeMs);
}
