package org.ecofoyer.storage;

import java.util.regex.Pattern;

/**
 * Secrets never leave the process: addresses that may carry credentials (an MQTT URL with {@code user:password@}, a
 * JDBC URL with {@code ?password=}) are written through here wherever they are logged, shown or put in an error.
 */
public final class Redact {
    private static final Pattern USERINFO = Pattern.compile("(?<=://)([^/@?#:]*):[^/@?#]*@");
    private static final Pattern SECRET_PARAM = Pattern.compile("(?i)([?&;](?:password|passwd|pwd|secret|token|key|sslpassword)=)[^&;#]*");

    private Redact() {
    }

    /** {@code url} with any password in its user info or query replaced by {@code ***}; {@code null} stays null. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String s = USERINFO.matcher(url).replaceAll("$1:***@");
        return SECRET_PARAM.matcher(s).replaceAll("$1***");
    }

    /** A message that may quote such a URL (a driver's exception text): every URL-looking part redacted. */
    public static String text(String message) {
        return message == null ? null : url(message);
    }
}
