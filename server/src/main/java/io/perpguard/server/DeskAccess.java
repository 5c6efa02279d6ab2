package io.perpguard.server;

import io.perpguard.InvalidInputException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Who may use the desk: a loopback bind needs nothing more; any other bind needs a token (checked on every request
 * by {@link AccessGuard}). {@code extraHosts}: host names besides the bound address and loopback that requests may
 * name in their Host header (a DNS name of this machine, for instance).
 *
 * @param token      shared secret, at least 16 characters, or null (loopback only)
 * @param extraHosts further accepted Host names
 */
public record DeskAccess(String token, List<String> extraHosts) {
    /** Loopback only, no token. */
    public static final DeskAccess LOOPBACK = new DeskAccess(null, List.of());

    public DeskAccess {
        if (token != null && (token.length() < 16 || token.length() > 200 || !token.matches("[A-Za-z0-9._~+/=-]+"))) {
            throw new InvalidInputException("token", "give 16 to 200 characters from A-Z a-z 0-9 . _ ~ + / = -");
        }
        extraHosts = extraHosts == null ? List.of() : extraHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
    }

    /** A new random token (32 bytes, URL-safe base64). */
    public static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** True when {@code bind} only listens on this machine (127.0.0.0/8, ::1, localhost). */
    public static boolean isLoopback(String bind) {
        String b = bind.trim();
        if (b.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            if (!b.matches("[0-9a-fA-F:.\\[\\]%]+")) {
                return false;   // a host name: resolving it says nothing about who can reach it later
            }
            return InetAddress.getByName(b.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
