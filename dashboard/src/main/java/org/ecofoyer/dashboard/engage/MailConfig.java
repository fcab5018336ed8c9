package org.ecofoyer.dashboard.engage;

/**
 * The operator's SMTP server for alert and report e-mails ({@code mail:} in the configuration). No host: nothing is
 * e-mailed (alerts stay in the app, and the page says e-mail is not set up).
 *
 * @param host     the SMTP server, or null
 * @param port     its port (default 587)
 * @param from     the sender address
 * @param username the account, or null for none
 * @param password its password
 * @param startTls require STARTTLS (default true; false only for a local relay)
 * @param maxAlertMailsPerDay at most this many alert e-mails per household in 24 h (default 3); the rest stay in the app
 */
public record MailConfig(String host, Integer port, String from, String username, String password, Boolean startTls,
                         Integer maxAlertMailsPerDay) {
    public static final MailConfig NONE = new MailConfig(null, null, null, null, null, null, null);

    public MailConfig {
        host = host == null || host.isBlank() ? null : host.trim();
        port = port == null ? 587 : port;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("mail.port: from 1 to 65535, got " + port);
        }
        from = from == null || from.isBlank() ? "ecofoyer@localhost" : from.trim();
        startTls = startTls == null || startTls;
        maxAlertMailsPerDay = maxAlertMailsPerDay == null ? 3 : maxAlertMailsPerDay;
        if (maxAlertMailsPerDay < 1) {
            throw new IllegalArgumentException("mail.max-alert-mails-per-day: at least 1, got " + maxAlertMailsPerDay);
        }
    }

    public boolean configured() {
        return host != null;
    }

    @Override
    public String toString() {
        return "MailConfig[host=" + host + ", port=" + port + ", from=" + from + ", username=" + username + ", password=***]";
    }
}
