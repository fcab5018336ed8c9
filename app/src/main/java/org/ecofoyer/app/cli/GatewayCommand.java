package org.ecofoyer.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.gateway.BrokerAddress;
import org.ecofoyer.gateway.BrokerPasswords;
import org.ecofoyer.gateway.Checklist;
import org.ecofoyer.gateway.GatewayActivity;
import org.ecofoyer.gateway.FirmwareConfig;
import org.ecofoyer.gateway.Gateway;
import org.ecofoyer.gateway.GatewayRegistry;
import org.ecofoyer.gateway.MosquittoFiles;
import org.ecofoyer.gateway.Onboarding;
import org.ecofoyer.gateway.TicMode;
import org.ecofoyer.ingest.source.MqttConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ecofoyer gateway ...}: the gateway registry (gateway-firmware-config's {@link GatewayRegistry}) and the broker
 * accounts made from it. Last stdout line {@code key=value} pairs; {@code add} and {@code rotate-secret} print the broker
 * password there, the one time it is known. Bad input exits 2 with the reason, nothing written.
 */
@Command(name = "gateway", description = "Gateways: register one with its own broker account, show, rotate its secret, remove;"
        + " write Mosquitto's password and ACL files.",
        subcommands = {GatewayCommand.Add.class, GatewayCommand.ListGateways.class, GatewayCommand.Show.class,
                GatewayCommand.RotateSecret.class, GatewayCommand.Remove.class, GatewayCommand.Config.class,
                GatewayCommand.ExportMosquitto.class, GatewayCommand.SetMode.class, GatewayWatchCommand.class})
public class GatewayCommand implements Runnable {
    @ParentCommand
    EcofoyerCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: try 'ecofoyer gateway add --meter CODE --firmware tasmota'");
    }

    /** Its record, the state derived at {@code now} from what ingest stored (so a gateway is silent even with the server down). */
    static KeyValues pairs(Gateway g, java.time.Instant now) {
        GatewayActivity a = g.activity();
        return KeyValues.of("id", g.id()).and("household", g.household()).and("meter", g.meter()).and("serial", g.meterSerial())
                .and("firmware", g.firmware().wireName()).and("mode", g.mode().wireName()).and("topic", g.topic())
                .and("username", g.username()).and("state", Checklist.state(g, a, now).wireName())
                .and("last-seen", g.lastSeen()).and("messages", a.messages())
                .and("error-rate", String.format(java.util.Locale.ROOT, "%.3f", a.recentErrorRate()))
                .and("mode-seen", a.modeSeen() == null ? null : a.modeSeen().wireName()).and("meter-seen", a.meterSeen())
                .and("readings-stored", a.readingsStored());
    }

    /** The registry's work in one transaction; its refusals ({@code Refusal}) are bad input: Main exits 2 with the reason. */
    static <T> T registry(EcofoyerConfig cfg, org.ecofoyer.storage.Jdbc.Work<T> work) throws java.sql.SQLException {
        return Stores.inTransaction(cfg, work);
    }

    static void printSecret(PrintWriter out, GatewayRegistry.Secret s, String what, boolean live) {
        Gateway g = s.gateway();
        out.printf("gateway '%s' %s: broker user %s, topic %s.%n", g.id(), what, g.username(), g.topic());
        out.println("The password is shown this once (only its hash is kept): put it in the gateway now"
                + (live ? "; the broker has it already (dynamic security)." : ", then run 'ecofoyer gateway export-mosquitto' for the broker."));
        out.println(KeyValues.of("id", g.id()).and("username", g.username()).and("password", s.password()).and("topic", g.topic())
                .and("meter", g.meter()).and("household", g.household()).and("firmware", g.firmware().wireName())
                .and("mode", g.mode().wireName()).line());
    }

    @Command(name = "add", description = "Register a gateway for a meter: prints its broker user, password (once) and topic.")
    static class Add implements Callable<Integer> {
        @ParentCommand
        GatewayCommand gateway;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--meter", required = true, paramLabel = "CODE", description = "the meter it reads (ecofoyer meter add)")
        String meter;

        @Option(names = "--firmware", required = true, description = "tasmota, esphome, teleinfo2mqtt, zlinky or raw")
        String firmware;

        @Option(names = "--mode", defaultValue = "auto", description = "the meter's TIC mode: auto, historique or standard (default: auto)")
        String mode;

        @Option(names = "--id", description = "its id and broker user (default: gw- and 6 random characters)")
        String id;

        @Option(names = "--serial", description = "the meter's ADCO/ADSC, when its code is not that (e.g. a PRM)")
        String serial;

        @Override
        public Integer call() throws Exception {
            EcofoyerConfig cfg = gateway.parent.config();
            Onboarding onboarding = Stores.onboarding(cfg);
            GatewayRegistry.Secret s = registry(cfg,
                    c -> onboarding.addGateway(c, new Onboarding.NewGatewayRequest(meter, firmware, mode, id, serial)));
            printSecret(spec.commandLine().getOut(), s, "registered", onboarding.liveBroker());
            return 0;
        }
    }

    @Command(name = "list", description = "Gateways, one line each: id=... meter=... firmware=... topic=... state=...")
    static class ListGateways implements Callable<Integer> {
        @ParentCommand
        GatewayCommand gateway;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--meter", paramLabel = "CODE", description = "only the gateways of this meter")
        String meter;

        @Override
        public Integer call() throws Exception {
            List<Gateway> all = registry(gateway.parent.config(),
                    c -> meter == null ? GatewayRegistry.list(c) : GatewayRegistry.ofMeter(c, new org.ecofoyer.core.MeterCode(meter)));
            java.time.Instant now = gateway.parent.clock().instant();
            all.forEach(g -> spec.commandLine().getOut().println(pairs(g, now).line()));
            return 0;
        }
    }

    @Command(name = "show", description = "A gateway: key=value pairs including state=...; --json for the whole record.")
    static class Show implements Callable<Integer> {
        @ParentCommand
        GatewayCommand gateway;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--json", description = "the whole record as JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Gateway g = registry(gateway.parent.config(),
                    c -> Onboarding.gateway(c, id));
            java.time.Instant now = gateway.parent.clock().instant();
            if (json) {
                var node = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
                pairsJson(g, node, now);
                spec.commandLine().getOut().println(node.toString());
            } else {
                spec.commandLine().getOut().println(pairs(g, now).line());
            }
            return 0;
        }

        private static void pairsJson(Gateway g, com.fasterxml.jackson.databind.node.ObjectNode n, java.time.Instant now) {
            GatewayActivity a = g.activity();
            n.put("id", g.id()).put("household", g.household()).put("meter", g.meter()).put("serial", g.meterSerial())
                    .put("firmware", g.firmware().wireName()).put("mode", g.mode().wireName()).put("topic", g.topic())
                    .put("username", g.username()).put("state", Checklist.state(g, a, now).wireName())
                    .put("lastSeen", text(g.lastSeen()))
                    .put("createdAt", g.createdAt().toString());
            n.putObject("activity").put("firstSeen", text(a.firstSeen())).put("messages", a.messages())
                    .put("badMessages", a.badMessages()).put("foreignMessages", a.foreignMessages())
                    .put("readingsStored", a.readingsStored()).put("recentMessages", a.recentMessages())
                    .put("recentBadMessages", a.recentBadMessages()).put("recentErrorRate", a.recentErrorRate())
                    .put("modeSeen", a.modeSeen() == null ? null : a.modeSeen().wireName()).put("meterSeen", a.meterSeen())
                    .put("lastFault", a.lastFault()).put("lastFaultDetail", a.lastFaultDetail()).put("lastFaultAt", text(a.lastFaultAt()))
                    .put("credentialsRefusedAt", text(a.credentialsRefusedAt()));
        }

        private static String text(java.time.Instant i) {
            return i == null ? null : i.toString();
        }
    }

    @Command(name = "set-mode", description = "Set the TIC mode the gateway reads (after changing it on the gateway):"
            + " auto, historique or standard.")
    static class SetMode implements Callable<Integer> {
        @ParentCommand
        GatewayCommand gateway;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "MODE")
        String mode;

        @Override
        public Integer call() throws Exception {
            TicMode m;
            try {
                m = TicMode.parse(mode);
            } catch (IllegalArgumentException e) {
                throw new Refused(e.getMessage());
            }
            Gateway g = registry(gateway.parent.config(), c -> GatewayRegistry.setMode(c, id, m));
            spec.commandLine().getOut().printf("gateway '%s' now reads %s mode%n", g.id(), g.mode().wireName());
            spec.commandLine().getOut().println(KeyValues.of("id", g.id()).and("mode", g.mode().wireName()).line());
            return 0;
        }
    }

    @Command(name = "rotate-secret", description = "Give a gateway a new broker password (printed once); the old one stops"
            + " working at once with dynamic security, else at the next export-mosquitto.")
    static class RotateSecret implements Callable<Integer> {
        @ParentCommand
        GatewayCommand gateway;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            EcofoyerConfig cfg = gateway.parent.config();
            Onboarding onboarding = Stores.onboarding(cfg);
            GatewayRegistry.Secret s = registry(cfg, c -> onboarding.rotateSecret(c, id));
            printSecret(spec.commandLine().getOut(), s, "has a new secret", onboarding.liveBroker());
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove a gateway; its broker account goes at once with dynamic security, else at the next export-mosquitto.")
    static class Remove implements Callable<Integer> {
        @ParentCommand
        GatewayCommand gateway;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            EcofoyerConfig cfg = gateway.parent.config();
            Onboarding onboarding = Stores.onboarding(cfg);
            registry(cfg, c -> onboarding.removeGateway(c, id));
            spec.commandLine().getOut().printf(onboarding.liveBroker() ? "gateway '%s' removed, and its broker account with it%n"
                    : "gateway '%s' removed (run 'ecofoyer gateway export-mosquitto' to close its broker account)%n", id);
            spec.commandLine().getOut().println(KeyValues.of("id", id).and("removed", true).line());
            return 0;
        }
    }

    @Command(name = "config", description = "Print the gateway's ready-to-paste firmware configuration (Tasmota console"
            + " commands, ESPHome YAML, teleinfo2mqtt environment file, Zigbee2MQTT steps); notes go to standard error.")
    static class Config implements Callable<Integer> {
        @ParentCommand
        GatewayCommand gateway;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--broker", paramLabel = "URL", description = "the broker as the gateway reaches it, tcp://host:port"
                + " or ssl://host:port (default: ingest.mqtt.url)")
        String broker;

        @Option(names = "--password-stdin", description = "the gateway's broker password, from the first line of standard input"
                + " (default: a placeholder to replace)")
        boolean stdin;

        @Override
        public Integer call() throws Exception {
            EcofoyerConfig cfg = gateway.parent.config();
            String url = broker != null ? broker : cfg.ingest().mqtt().url();
            if (url == null) {
                throw new Refused("--broker: give the broker's address as the gateway reaches it (ingest.mqtt.url is not set)");
            }
            BrokerAddress address;
            try {
                address = BrokerAddress.parse(url);
            } catch (IllegalArgumentException e) {
                throw new Refused(e.getMessage());
            }
            String password = null;
            if (stdin) {
                password = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
                if (password == null || password.isBlank()) {
                    throw new Refused("--password-stdin: no password on standard input");
                }
                password = password.strip();
            }
            Gateway g = registry(cfg, c -> Onboarding.gateway(c, id));
            FirmwareConfig fc = FirmwareConfig.of(g, address, password);
            spec.commandLine().getOut().print(fc.text());
            spec.commandLine().getOut().flush();
            fc.notes().forEach(n -> spec.commandLine().getErr().println("note: " + n));
            return 0;
        }
    }

    @Command(name = "export-mosquitto", description = "Write Mosquitto's password_file (DIR/passwd) and acl_file (DIR/acl)"
            + " from the registry, with ingest's own account; --reload-pid-file signals the broker to read them.")
    static class ExportMosquitto implements Callable<Integer> {
        @ParentCommand
        GatewayCommand gateway;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Option(names = "--reload-pid-file", paramLabel = "FILE", description = "Mosquitto's pid_file: send it SIGHUP once the files are written")
        Path pidFile;

        @Override
        public Integer call() throws Exception {
            EcofoyerConfig cfg = gateway.parent.config();
            MqttConfig mqtt = cfg.ingest().mqtt();
            if ((mqtt.username() == null) != (mqtt.password() == null)) {
                throw new Refused("ingest.mqtt.username and ingest.mqtt.password go together (ingest's own broker account)");
            }
            List<Gateway> gateways = registry(cfg, GatewayRegistry::list);
            MosquittoFiles files = new MosquittoFiles(gateways, mqtt.username(),
                    mqtt.password() == null ? null : BrokerPasswords.hash(mqtt.password()));
            files.write(out);
            PrintWriter o = spec.commandLine().getOut();
            o.printf("wrote %s and %s: %d gateway account(s)%s%n", out.resolve("passwd"), out.resolve("acl"), gateways.size(),
                    mqtt.username() == null ? "; no ingest account (ingest.mqtt.username is not set: ingest cannot read an authenticated broker)"
                            : " and ingest's (" + mqtt.username() + ")");
            boolean reloaded = false;
            if (pidFile != null) {
                reload(pidFile);
                reloaded = true;
                o.println("sent SIGHUP to the broker: it reads the new files now");
            }
            o.println(KeyValues.of("passwd", out.resolve("passwd")).and("acl", out.resolve("acl")).and("gateways", gateways.size())
                    .and("ingest-user", mqtt.username()).and("reloaded", reloaded).line());
            return 0;
        }

        /** Mosquitto reads its password and ACL files again on SIGHUP; Java sends no SIGHUP itself, so {@code kill -HUP}. */
        private static void reload(Path pidFile) throws IOException, InterruptedException {
            String pid;
            try {
                pid = Files.readString(pidFile).strip();
            } catch (IOException e) {
                throw new Refused("--reload-pid-file: cannot read " + pidFile + ": " + e.getMessage());
            }
            if (!pid.matches("\\d+")) {
                throw new Refused("--reload-pid-file: expected a process id in " + pidFile + ", got '" + pid + "'");
            }
            Process kill = new ProcessBuilder("kill", "-HUP", pid).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IOException("kill -HUP " + pid + " failed: " + new String(kill.getInputStream().readAllBytes()).strip()
                        + " (the files are written; reload the broker by hand)");
            }
        }
    }
}
