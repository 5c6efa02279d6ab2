package io.perpguard.live;

import io.perpguard.InvalidInputException;
import io.perpguard.live.alert.AlertChannel;
import io.perpguard.live.alert.EmailChannel;
import io.perpguard.live.alert.HttpDelivery;
import io.perpguard.live.alert.Outbox;
import io.perpguard.live.alert.TelegramChannel;
import io.perpguard.live.alert.WebhookChannel;
import io.perpguard.live.keys.Credentials;
import io.perpguard.live.keys.KeyLoader;
import io.perpguard.live.venue.ConnectorConfig;
import io.perpguard.live.venue.Connectors;
import io.perpguard.live.watch.AccountWatcher;
import io.perpguard.live.watch.WatchSink;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Options shared by {@code watch} and {@code serve --live}: which accounts, where the venue is, where alerts go. */
public final class LiveOptions {
    /** The environment (tests replace it). */
    /** Where keys and secrets are read from (the environment; tests substitute a map). */
    public static Function<String, String> env = System::getenv;

    @Option(names = "--exchange", paramLabel = "VENUE", description = "venue: binance (USDⓈ-M futures), binance-coinm (COIN-M futures, the same Binance key), bybit (V5 USDT and inverse perpetuals, unified account), okx (USDT and coin-margined swaps; key, secret and passphrase) or xt (USDT-M futures)")
    String exchange;
    @Option(names = "--account", paramLabel = "NAME", description = "name shown in lines and alerts (default: the exchange)")
    String account;
    @Option(names = "--config", paramLabel = "FILE", description = "several accounts (venues, sub-accounts) from a JSON file; see docs/live.md")
    Path config;
    @Option(names = "--key-file", paramLabel = "FILE", description = "key=..., secret=... (passphrase=...) file readable only by you")
    Path keyFile;
    @Option(names = "--rest-url", paramLabel = "URL", description = "REST host (default https://fapi.binance.com; COIN-M https://dapi.binance.com; Bybit https://api.bybit.com; OKX https://www.okx.com; XT https://fapi.xt.com)")
    String restUrl;
    @Option(names = "--ws-url", paramLabel = "URL", description = "WebSocket root (default wss://fstream.binance.com, /market and /private added; COIN-M wss://dstream.binance.com; Bybit wss://stream.bybit.com; OKX wss://ws.okx.com:8443; XT wss://fstream.xt.com)")
    String wsUrl;
    @Option(names = "--account-url", paramLabel = "URL", description = "Binance key-permission host (default https://api.binance.com, or --rest-url when given)")
    String accountUrl;
    @Option(names = "--webhook", paramLabel = "URL", description = "POST every alert as JSON here (repeatable); signed with PERPGUARD_WEBHOOK_SECRET when set")
    List<String> webhooks = new ArrayList<>();
    @Option(names = "--telegram-chat", paramLabel = "CHAT_ID", description = "send alerts to this Telegram chat (bot token in PERPGUARD_TELEGRAM_TOKEN)")
    String telegramChat;
    @Option(names = "--telegram-api", paramLabel = "URL", description = "Telegram Bot API host (default https://api.telegram.org)")
    String telegramApi;
    @Option(names = "--smtp", paramLabel = "HOST:PORT", description = "send alerts by e-mail through this SMTP server (password in PERPGUARD_SMTP_PASSWORD)")
    String smtp;
    @Option(names = "--smtp-user", paramLabel = "USER", description = "SMTP login")
    String smtpUser;
    @Option(names = "--mail-from", paramLabel = "ADDRESS", description = "sender address")
    String mailFrom;
    @Option(names = "--mail-to", paramLabel = "ADDRESS", description = "recipient address(es), comma separated")
    String mailTo;
    @Option(names = "--state", paramLabel = "DIR", description = "where the alert outbox and state live (default ~/.perpguard/live)")
    Path state;
    @Option(names = "--allow-trading-key", description = "accept a key that can trade or withdraw (not recommended)")
    boolean allowTradingKey;

    private List<String> hooks = List.of();

    /** The accounts to watch: from --config, or one from --exchange with its key from the environment or --key-file. */
    public List<LiveMonitor.AccountSpec> accounts() {
        if (config == null && (exchange == null || exchange.isBlank())) {
            throw new InvalidInputException("exchange", "is missing: --exchange " + String.join("|", Connectors.VENUES) + " or --config FILE");
        }
        Map<String, String> envMap = new EnvMap();
        ConnectorConfig defaults = ConnectorConfig.defaults().withUrls(restUrl, wsUrl).withAccountUrl(accountUrl);
        List<LiveMonitor.AccountSpec> accounts = new ArrayList<>();
        hooks = new ArrayList<>(webhooks);
        if (config != null) {
            LiveConfig.Parsed p = LiveConfig.read(config, envMap, defaults);
            accounts.addAll(p.accounts());
            hooks.addAll(p.webhooks());
        } else {
            String venue = Connectors.canonical(exchange);
            Connectors.create(venue, new Credentials("probe", "probe"), defaults).close();   // unknown venue: one line, before any key talk
            Credentials c = KeyLoader.requirePassphrase(keyFile != null ? KeyLoader.fromFile(keyFile) : KeyLoader.fromEnv(envMap, KeyLoader.envPrefix(venue), Connectors.needsPassphrase(venue)),
                    KeyLoader.envPrefix(venue), Connectors.needsPassphrase(venue));
            accounts.add(new LiveMonitor.AccountSpec(account != null ? account : venue, venue, c, defaults));
        }
        return accounts;
    }

    /** Where the outbox and alert state live. */
    public Path stateDir() {
        return state != null ? state : Path.of(System.getProperty("user.home"), ".perpguard", "live");
    }

    /** Builds the monitor (checks each key's permissions); a refused key or unreachable venue is one line, exit 2. */
    public LiveMonitor monitor(List<LiveMonitor.AccountSpec> accounts, List<AlertChannel> channels, AccountWatcher.Settings settings,
                        WatchSink screen, Outbox.Listener deliveries) {
        try {
            return new LiveMonitor(accounts, channels, settings, stateDir(), allowTradingKey, screen, deliveries);
        } catch (io.perpguard.live.venue.VenueException e) {
            throw new InvalidInputException("exchange", e.getMessage());
        }
    }

    /** Webhooks (--webhook and the config file's), Telegram and e-mail channels. Call after {@link #accounts()}. */
    public List<AlertChannel> channels() {
        List<String> all = hooks.isEmpty() ? webhooks : hooks;
        List<AlertChannel> out = new ArrayList<>();
        String secret = env.apply("PERPGUARD_WEBHOOK_SECRET");
        for (String h : all) {
            URI u = HttpDelivery.httpUrl("webhook", h);   // not a URL, not http(s), port out of range: one line
            out.add(new WebhookChannel(u, secret));
        }
        if (telegramChat != null) {
            String token = env.apply("PERPGUARD_TELEGRAM_TOKEN");
            if (token == null || token.isBlank()) {
                throw new InvalidInputException("telegram-chat", "needs the bot token in PERPGUARD_TELEGRAM_TOKEN, which is not set");
            }
            // never quoted: the token is a password. A malformed one would be found at the first alert only (a URL
            // that cannot be built), retried for ever
            if (!TELEGRAM_TOKEN.matcher(token.trim()).matches()) {
                throw new InvalidInputException("PERPGUARD_TELEGRAM_TOKEN", "is not a bot token (digits:letters, as BotFather gives it)");
            }
            if (telegramChat.isBlank()) {
                throw new InvalidInputException("telegram-chat", "is empty; give the chat id");
            }
            if (telegramApi != null) {
                HttpDelivery.httpUrl("telegram-api", telegramApi);
            }
            out.add(new TelegramChannel(telegramApi, token, telegramChat));
        }
        if (smtp != null) {
            int colon = smtp.lastIndexOf(':');
            int port;
            try {
                if (colon >= 0 && !io.perpguard.Checks.digits(smtp.substring(colon + 1))) {   // Integer.parseInt reads ٥٨٧ as 587
                    throw new NumberFormatException(smtp);
                }
                port = colon < 0 ? 587 : Integer.parseInt(smtp.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("smtp", smtp + " is not HOST:PORT");
            }
            String host = colon < 0 ? smtp : smtp.substring(0, colon);
            if (host.isBlank()) {
                throw new InvalidInputException("smtp", smtp + " is not HOST:PORT");
            }
            if (port < 1 || port > 65535) {
                throw new InvalidInputException("smtp", "port " + port + " is outside 1 to 65535");
            }
            if (mailTo == null) {
                throw new InvalidInputException("mail-to", "is missing: --smtp needs --mail-to ADDRESS");
            }
            mailAddresses("mail-to", mailTo);
            if (mailFrom != null) {
                mailAddresses("mail-from", mailFrom);
            }
            String password = env.apply("PERPGUARD_SMTP_PASSWORD");
            if (smtpUser != null && (password == null || password.isEmpty())) {
                throw new InvalidInputException("smtp-user", "needs the password in PERPGUARD_SMTP_PASSWORD, which is not set");
            }
            out.add(new EmailChannel(new EmailChannel.Smtp(host, port, smtpUser, password,
                    mailFrom != null ? mailFrom : mailTo.split(",")[0].trim(), mailTo, port == 587)));
        }
        return out;
    }

    private static final java.util.regex.Pattern TELEGRAM_TOKEN = java.util.regex.Pattern.compile("[0-9]{1,20}:[A-Za-z0-9_-]{10,100}");

    /** Refuses text that is not one or more e-mail addresses (comma separated), strictly as RFC 822 reads them. */
    private static void mailAddresses(String field, String text) {
        try {
            jakarta.mail.internet.InternetAddress[] a = jakarta.mail.internet.InternetAddress.parse(text, true);
            if (a.length == 0) {
                throw new InvalidInputException(field, "is empty; give an e-mail address");
            }
            for (jakarta.mail.internet.InternetAddress x : a) {
                x.validate();
                if (!x.getAddress().contains("@")) {
                    throw new jakarta.mail.internet.AddressException("no @");
                }
            }
        } catch (jakarta.mail.internet.AddressException e) {
            throw new InvalidInputException(field, (text.length() > 60 ? text.substring(0, 60) + "…" : text) + " is not an e-mail address (name@example.com; several comma separated)");
        }
    }

    /** The environment through {@link #env}, as a map for the key loader. */
    private static final class EnvMap extends java.util.AbstractMap<String, String> {
        @Override
        public String get(Object key) {
            return env.apply((String) key);
        }

        @Override
        public java.util.Set<Entry<String, String>> entrySet() {
            return java.util.Set.of();
        }
    }
}
