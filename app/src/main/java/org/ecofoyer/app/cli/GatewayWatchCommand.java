package org.ecofoyer.app.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.gateway.BrokerPasswords;
import org.ecofoyer.gateway.Checklist;
import org.ecofoyer.gateway.Gateway;
import org.ecofoyer.gateway.GatewayRegistry;
import org.ecofoyer.dashboard.GatewayChecklists;
import org.ecofoyer.ingest.source.AnonymousBrokerCheck;
import org.ecofoyer.ingest.source.MqttConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Jdbc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ecofoyer gateway watch ID}: the gateway's commissioning checklist, live, in the terminal (printed again each
 * time it changes), with the diagnosis of what is wrong. It reads the registry as a client, beside a running server
 * (ingest writes what it sees there every 2 s). The broker is tried with ingest's account; with
 * {@code --password-stdin} with the gateway's own, which is how bad credentials are found (Mosquitto logs a refused
 * connection without its user name, so ingest cannot tell whose it was). {@code --until-green} exits 0 once every check
 * is green, 1 at {@code --timeout}: for scripts.
 */
@Command(name = "watch", description = {"The gateway's commissioning checklist, live: broker, messages, TIC mode, meter id,"
        + " error rate, last values, readings stored, and what to do when something is wrong.",
        "Last line: id=... state=... green=true|false. With --until-green: exit 0 when green, 1 at --timeout."})
class GatewayWatchCommand implements Callable<Integer> {
    /** How often the broker is tried again (a connection each time: not every poll). */
    static final Duration BROKER_EVERY = Duration.ofSeconds(10);

    @ParentCommand
    GatewayCommand gateway;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--until-green", description = "stop with exit 0 once every check is green (1 at --timeout)")
    boolean untilGreen;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "stop after this long (exit 1 with --until-green);"
            + " default: 300 with --until-green, else until Ctrl-C")
    Long timeoutSeconds;

    @Option(names = "--interval", paramLabel = "MILLIS", defaultValue = "1000", description = "how often the checklist is read (default: ${DEFAULT-VALUE})")
    long intervalMillis;

    @Option(names = "--broker", paramLabel = "URL", description = "the broker to try (default: ingest.mqtt.url)")
    String broker;

    @Option(names = "--password-stdin", description = "the gateway's broker password, from the first line of standard input:"
            + " checked against the registry and tried on the broker (finds bad credentials)")
    boolean passwordStdin;

    @Override
    public Integer call() throws Exception {
        EcofoyerConfig cfg = gateway.parent.config();
        PrintWriter out = spec.commandLine().getOut();
        MqttConfig mqtt = cfg.ingest().mqtt();
        String url = broker != null ? broker : mqtt.url();
        String password = passwordStdin ? readPassword() : null;
        java.time.Clock clock = gateway.parent.clock();
        Duration timeout = timeoutSeconds != null ? Duration.ofSeconds(timeoutSeconds) : untilGreen ? Duration.ofMinutes(5) : null;
        if (intervalMillis < 50 || (timeout != null && timeout.isNegative())) {
            throw new Refused("--interval: at least 50 ms; --timeout: 0 or more seconds");
        }
        try (Database db = Stores.openBesideServerMigrated(cfg)) {
            Gateway g = Jdbc.transaction(db.dataSource(), c -> GatewayRegistry.find(c, id))
                    .orElseThrow(() -> new Refused("no gateway '" + id + "'"));
            out.printf("watching gateway %s (meter %s, %s, %s, topic %s)%s%n", g.id(), g.meterSerial(), g.firmware().wireName(),
                    g.mode().wireName(), g.topic(), untilGreen ? ": until every check is green" : ": Ctrl-C to stop");
            if (password != null && !BrokerPasswords.verify(password, g.passwordHash())) {
                out.println("the password given is not " + g.id() + "'s (the registry's hash does not match): the gateway would be"
                        + " refused. Use the one 'gateway add' or 'rotate-secret' printed, or rotate it: ecofoyer gateway rotate-secret " + g.id());
            }
            Instant start = clock.instant();
            Instant brokerCheckedAt = null;
            Boolean brokerUp = null;
            String shown = null;
            Checklist last = null;
            while (true) {
                Instant now = clock.instant();
                if (url != null && (brokerCheckedAt == null || Duration.between(brokerCheckedAt, now).compareTo(BROKER_EVERY) >= 0)) {
                    brokerUp = tryBroker(db, g, url, mqtt, password, now);
                    brokerCheckedAt = now;
                }
                Boolean up = brokerUp;
                GatewayChecklists.Commissioning state = Jdbc.transaction(db.dataSource(), c -> GatewayChecklists.of(c, id, now, up))
                        .orElseThrow(() -> new Refused("gateway '" + id + "' was removed"));
                last = state.checklist();
                String text = render(last, color());
                if (!text.equals(shown)) {
                    out.print(text);
                    out.flush();
                    shown = text;
                }
                if (untilGreen && last.green()) {
                    out.println("all green: gateway " + id + " is commissioned");
                    break;
                }
                if (timeout != null && Duration.between(start, clock.instant()).compareTo(timeout) >= 0) {
                    if (untilGreen) {
                        out.println("not green after " + timeout.toSeconds() + " s");
                    }
                    break;
                }
                LockSupport.parkNanos(Duration.ofMillis(intervalMillis).toNanos()); // pacing the polls, nothing to wait for
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
            out.println(KeyValues.of("id", id).and("state", last.state().wireName()).and("green", last.green()).line());
            return untilGreen && !last.green() ? 1 : 0;
        }
    }

    /**
     * Whether the broker answers: with the gateway's account when its password was given (a refusal is recorded in the
     * registry: the gateway's state becomes bad-credentials), else with ingest's.
     */
    private Boolean tryBroker(Database db, Gateway g, String url, MqttConfig mqtt, String password, Instant now) throws java.sql.SQLException {
        if (password != null) {
            Boolean accepted = AnonymousBrokerCheck.acceptsLogin(url, g.username(), password);
            if (Boolean.FALSE.equals(accepted)) {
                Jdbc.transaction(db.dataSource(), c -> {
                    GatewayRegistry.credentialsRefused(c, g.id(), now);
                    return null;
                });
                return true; // it answered: with a refusal, which the checklist shows as bad credentials
            }
            if (Boolean.TRUE.equals(accepted) && g.activity().credentialsRefusedAt() != null) {
                Jdbc.transaction(db.dataSource(), c -> {
                    GatewayRegistry.credentialsAccepted(c, g.id());
                    return null;
                });
            }
            return accepted == null ? Boolean.FALSE : Boolean.TRUE;
        }
        Boolean accepted = AnonymousBrokerCheck.acceptsLogin(url, mqtt.username(), mqtt.password());
        return accepted == null ? Boolean.FALSE : Boolean.TRUE; // a refusal of ingest's account is still a broker that answers
    }

    private String readPassword() throws java.io.IOException {
        String p = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (p == null || p.isBlank()) {
            throw new Refused("--password-stdin: no password on standard input");
        }
        return p.strip();
    }

    private static boolean color() {
        return System.console() != null && System.getenv("NO_COLOR") == null;
    }

    /** The checklist as the terminal shows it: one line per check, then the diagnoses. */
    static String render(Checklist c, boolean color) {
        StringBuilder sb = new StringBuilder();
        sb.append("state ").append(c.state().wireName()).append(c.green() ? " — all green" : "").append('\n');
        for (Checklist.Item i : c.items()) {
            String mark = switch (i.status()) {
                case OK -> color ? "\u001b[32m[ok]\u001b[0m" : "[ok]";
                case WAITING -> color ? "\u001b[33m[..]\u001b[0m" : "[..]";
                case FAILED -> color ? "\u001b[31m[!!]\u001b[0m" : "[!!]";
            };
            sb.append("  ").append(mark).append(' ').append(String.format("%-9s", LABELS.getOrDefault(i.id(), i.id())))
                    .append(' ').append(i.detail()).append('\n');
        }
        for (Checklist.Diagnosis d : c.diagnoses()) {
            sb.append("  -> ").append(d.text()).append('\n');
        }
        return sb.toString();
    }

    private static final java.util.Map<String, String> LABELS = java.util.Map.of("broker", "broker", "messages", "messages",
            "mode", "TIC mode", "meter", "meter id", "errors", "errors", "values", "values", "stored", "stored");
}
