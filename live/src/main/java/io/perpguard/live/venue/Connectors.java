package io.perpguard.live.venue;

import io.perpguard.live.binance.BinanceCoinmConnector;
import io.perpguard.live.binance.BinanceUsdmConnector;
import io.perpguard.live.bybit.BybitLinearConnector;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.okx.OkxSwapConnector;
import io.perpguard.live.xt.XtUsdtConnector;

import java.util.List;
import java.util.Locale;

/** The venues perpguard can watch, by command-line id. */
public final class Connectors {
    /** Venue ids accepted by {@code --exchange}. */
    public static final List<String> VENUES = List.of("binance", "binance-coinm", "bybit", "okx", "xt");

    private Connectors() {
    }

    /** A connector for {@code venue}; one line naming the known venues otherwise. */
    public static ExchangeConnector create(String venue, Credentials credentials, ConnectorConfig config) {
        String v = venue == null ? "" : venue.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "binance", "binance-usdm" -> new BinanceUsdmConnector(credentials, config);
            case "binance-coinm", "binance-cm", "coinm" -> new BinanceCoinmConnector(credentials, config);
            case "bybit", "bybit-linear" -> new BybitLinearConnector(credentials, config);
            case "okx", "okx-swap" -> new OkxSwapConnector(credentials, config);
            case "xt", "xt.com", "xt-usdt" -> new XtUsdtConnector(credentials, config);
            default -> throw unknown("exchange", venue);
        };
    }

    /** The canonical id of a venue live watching supports; one line naming the known ones otherwise. */
    public static String requireKnown(String field, String venue) {
        String v = canonical(venue == null ? "" : venue);
        if (!VENUES.contains(v)) {
            throw unknown(field, venue);
        }
        return v;
    }

    private static io.perpguard.InvalidInputException unknown(String field, String venue) {
        return new io.perpguard.InvalidInputException(field, venue + " is not supported for live watching; known: " + String.join(", ", VENUES));
    }

    /** Canonical id: {@code binance-usdm} → {@code binance}, {@code coinm} → {@code binance-coinm}. */
    public static String canonical(String venue) {
        String v = venue.trim().toLowerCase(Locale.ROOT);
        return v.equals("binance-usdm") ? "binance" : v.equals("binance-cm") || v.equals("coinm") ? "binance-coinm" : v.equals("bybit-linear") ? "bybit" : v.equals("okx-swap") ? "okx"
                : v.equals("xt.com") || v.equals("xt-usdt") ? "xt" : v;
    }

    /** Whether the venue's keys come with a passphrase (OKX). */
    public static boolean needsPassphrase(String venue) {
        return "okx".equals(canonical(venue));
    }
}
