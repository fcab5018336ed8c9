package org.ecofoyer.dashboard;

import java.time.Duration;
import java.util.List;
import org.ecofoyer.dashboard.web.TrustedProxies;

/**
 * Accounts, sessions and sign-in protection.
 *
 * @param sessionIdleTimeout  a session unused this long expires
 * @param sessionMaxAge       a session expires this long after sign-in, used or not
 * @param secureCookies       mark cookies {@code Secure}: set it when a TLS reverse proxy is in front
 * @param signInWindow        the sliding window over which failed sign-ins are counted
 * @param signInMaxPerAccount failed sign-ins allowed per account in the window before it is refused
 * @param signInMaxPerAddress failed sign-ins allowed per client address in the window before it is refused
 * @param invitationValidity  how long an invitation link can be used
 * @param publicUrl           the address users reach the dashboard at (for invitation links); none: the local one
 * @param trustedProxies      reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For / X-Forwarded-Proto are
 *                            believed; empty (the default): those headers are ignored
 * @param enedisConsentUrl    Enedis Data Connect's consent page, where "Connect my Linky (Enedis)" sends households
 *                            (offered only when the utility sync has an Enedis client id)
 */
public record DashboardConfig(Duration sessionIdleTimeout, Duration sessionMaxAge, Boolean secureCookies,
                              Duration signInWindow, Integer signInMaxPerAccount, Integer signInMaxPerAddress,
                              Duration invitationValidity, String publicUrl, List<String> trustedProxies,
                              String enedisConsentUrl) {
    public static final DashboardConfig DEFAULTS = new DashboardConfig(null, null, null, null, null, null, null, null, null, null);
    public static final String ENEDIS_CONSENT_URL = "https://mon-compte-particulier.enedis.fr/dataconnect/v1/oauth2/authorize";

    public DashboardConfig {
        sessionIdleTimeout = positive("sessionIdleTimeout", sessionIdleTimeout, Duration.ofHours(2));
        sessionMaxAge = positive("sessionMaxAge", sessionMaxAge, Duration.ofDays(7));
        if (sessionMaxAge.compareTo(sessionIdleTimeout) < 0) {
            throw new IllegalArgumentException("sessionMaxAge: expected at least the idle timeout ("
                    + sessionIdleTimeout + "), got " + sessionMaxAge);
        }
        secureCookies = secureCookies != null && secureCookies;
        signInWindow = positive("signInWindow", signInWindow, Duration.ofMinutes(15));
        signInMaxPerAccount = atLeastOne("signInMaxPerAccount", signInMaxPerAccount, 5);
        signInMaxPerAddress = atLeastOne("signInMaxPerAddress", signInMaxPerAddress, 20);
        invitationValidity = positive("invitationValidity", invitationValidity, Duration.ofDays(7));
        if (publicUrl != null && publicUrl.isBlank()) {
            publicUrl = null;
        }
        if (publicUrl != null && !publicUrl.matches("https?://[^\\s]+")) {
            throw new IllegalArgumentException("publicUrl: expected an http:// or https:// address, got '" + publicUrl + "'");
        }
        if (publicUrl != null && publicUrl.endsWith("/")) {
            publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
        }
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        try {
            TrustedProxies.parse(trustedProxies);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trustedProxies: " + e.getMessage(), e);
        }
        enedisConsentUrl = enedisConsentUrl == null || enedisConsentUrl.isBlank() ? ENEDIS_CONSENT_URL : enedisConsentUrl.trim();
        if (!enedisConsentUrl.matches("https?://[^\\s?#]+")) {
            throw new IllegalArgumentException("enedisConsentUrl: expected an http(s) address without query, got '" + enedisConsentUrl + "'");
        }
    }

    /** The same settings behind these reverse proxies. */
    public DashboardConfig withTrustedProxies(List<String> proxies) {
        return new DashboardConfig(sessionIdleTimeout, sessionMaxAge, secureCookies, signInWindow, signInMaxPerAccount,
                signInMaxPerAddress, invitationValidity, publicUrl, proxies, enedisConsentUrl);
    }

    private static Duration positive(String name, Duration value, Duration fallback) {
        Duration d = value == null ? fallback : value;
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": expected a positive duration, got " + d);
        }
        return d;
    }

    private static int atLeastOne(String name, Integer value, int fallback) {
        int v = value == null ? fallback : value;
        if (v < 1) {
            throw new IllegalArgumentException(name + ": expected a whole number of at least 1, got " + v);
        }
        return v;
    }

    public DashboardConfig withSessionIdleTimeout(Duration idle) {
        return new DashboardConfig(idle, sessionMaxAge.compareTo(idle) < 0 ? idle : sessionMaxAge, secureCookies,
                signInWindow, signInMaxPerAccount, signInMaxPerAddress, invitationValidity, publicUrl, trustedProxies, enedisConsentUrl);
    }
}
