package io.perpguard.live.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Loads a venue's API key from the environment ({@code PERPGUARD_<VENUE>_KEY}, {@code _SECRET}, {@code _PASSPHRASE})
 * or from a properties file ({@code key=}, {@code secret=}, {@code passphrase=}) that only its owner can read.
 */
public final class KeyLoader {
    private KeyLoader() {
    }

    /**
     * {@code PERPGUARD_BINANCE} for "binance": the prefix of the venue's variables. Binance COIN-M reads the same
     * variables as USDⓈ-M: one Binance key covers both futures wallets.
     */
    public static String envPrefix(String venue) {
        if (venue.trim().equalsIgnoreCase("binance-coinm")) {
            return "PERPGUARD_BINANCE";
        }
        return "PERPGUARD_" + venue.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The variable that holds the venue's key, e.g. {@code PERPGUARD_BINANCE_KEY}. */
    public static String keyVariable(String venue) {
        return envPrefix(venue) + "_KEY";
    }

    /**
     * The key from the environment under {@code prefix} (e.g. {@code PERPGUARD_BINANCE}).
     *
     * @throws KeyException naming the missing variable when the key or the secret is unset
     */
    public static Credentials fromEnv(Map<String, String> env, String prefix) {
        return fromEnv(env, prefix, false);
    }

    /**
     * As {@link #fromEnv(Map, String)}; a venue whose keys have a passphrase (OKX) names its variable with the others: "set
     * PERPGUARD_OKX_KEY and PERPGUARD_OKX_SECRET", followed, once set, by a second refusal for the passphrase.
     */
    public static Credentials fromEnv(Map<String, String> env, String prefix, boolean passphraseNeeded) {
        String k = env.get(prefix + "_KEY"), s = env.get(prefix + "_SECRET");
        if (k == null || k.isBlank()) {
            throw new KeyException("no API key: set " + prefix + "_KEY" + (passphraseNeeded ? ", " + prefix + "_SECRET and " + prefix + "_PASSPHRASE"
                    : " and " + prefix + "_SECRET") + " (a read-only key), or pass --key-file");
        }
        if (s == null || s.isBlank()) {
            throw new KeyException("no API secret: set " + prefix + "_SECRET next to " + prefix + "_KEY, or pass --key-file");
        }
        return new Credentials(k, s, env.get(prefix + "_PASSPHRASE"));
    }

    /** {@code c}, when the venue needs no passphrase or it has one; otherwise one line naming {@code prefix_PASSPHRASE}. */
    public static Credentials requirePassphrase(Credentials c, String prefix, boolean needed) {
        if (needed && c.passphrase() == null) {
            throw new KeyException("no API passphrase: set " + prefix + "_PASSPHRASE next to " + prefix + "_KEY (this venue's keys have one), "
                    + "or a passphrase=... line in the key file");
        }
        return c;
    }

    /**
     * The key from a properties file. On POSIX file systems the file must not be readable or writable by group or
     * others ({@code chmod 600}).
     */
    public static Credentials fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new KeyException("key file " + file + " does not exist or is not a file");
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            try {
                Set<PosixFilePermission> perms = posix.readAttributes().permissions();
                for (PosixFilePermission p : perms) {
                    if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                        throw new KeyException("key file " + file + " is readable by other users; run chmod 600 " + file);
                    }
                }
            } catch (IOException e) {
                throw new KeyException("key file " + file + ": cannot read its permissions");
            }
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            // the exception text could quote the file's content: say only where
            throw new KeyException("key file " + file + " cannot be read as key=... / secret=... lines");
        }
        String k = p.getProperty("key"), s = p.getProperty("secret");
        if (k == null || k.isBlank() || s == null || s.isBlank()) {
            throw new KeyException("key file " + file + " must hold a key=... and a secret=... line");
        }
        return new Credentials(k, s, p.getProperty("passphrase"));
    }
}
