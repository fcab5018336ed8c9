package org.ecofoyer.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A gateway's commissioning checklist — broker, messages arriving, TIC mode, meter id, error rate, last values, readings
 * stored — and the plain-language diagnosis of what is wrong, derived from what ingest recorded
 * ({@link GatewayActivity}) at an instant. Pure: {@code gateway watch}, {@code gateway show}, the commissioning page and
 * ingest (which stores {@link #state}) all derive it here, so they never disagree.
 *
 * @param state     where the gateway stands
 * @param items     the checks, in the order an installer goes through them
 * @param diagnoses what to do, most likely cause first; empty when green
 */
public record Checklist(GatewayState state, List<Item> items, List<Diagnosis> diagnoses) {
    /** No message for this long: silent (a Linky sends a frame every 1 to 2 s, gateways at least every 10 s). */
    public static final Duration SILENCE = Duration.ofSeconds(60);
    /** Above this share of bad messages over the last minute the error check fails: a loose wire, interference. */
    public static final double ERROR_LIMIT = 0.05;
    /** From this share on, with enough messages, it is read as the wrong speed: the other TIC mode. */
    public static final double WRONG_MODE_RATE = 0.5;
    /** Messages over the last minute needed before an error rate means anything. */
    public static final int MIN_MESSAGES_FOR_RATE = 5;

    /** The checks' ids, in order (the page translates by them). */
    public static final List<String> ITEMS = List.of("broker", "messages", "mode", "meter", "errors", "values", "stored");
    /** The diagnoses' codes (the page translates by them). */
    public static final List<String> DIAGNOSES = List.of("bad-credentials", "broker-down", "never-seen", "silent", "wrong-meter",
            "wrong-mode", "wrong-speed", "errors");

    public enum Status {
        /** green */
        OK,
        /** nothing to judge yet */
        WAITING,
        /** red */
        FAILED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One check.
     *
     * @param id     {@code broker}, {@code messages}, {@code mode}, {@code meter}, {@code errors}, {@code values},
     *               {@code stored} (stable: the page translates by it)
     * @param status its status
     * @param detail what was seen, in words (English; the page shows its own words from {@code params})
     * @param params the figures behind it, by name
     */
    public record Item(String id, Status status, String detail, Map<String, String> params) {
        public Item {
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params)); // in order: the values shown first
        }
    }

    /**
     * A fault and what to do about it.
     *
     * @param code   {@code bad-credentials}, {@code never-seen}, {@code silent}, {@code wrong-meter}, {@code wrong-mode},
     *               {@code wrong-speed}, {@code errors}, {@code broker-down} (stable: the page translates by it)
     * @param text   the diagnosis in English, as {@code gateway watch} prints it
     * @param params the names and figures in it
     */
    public record Diagnosis(String code, String text, Map<String, String> params) {
        public Diagnosis {
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params)); // in order: the values shown first
        }
    }

    /**
     * The last values stored for the gateway's meter (its newest rows in the store).
     *
     * @param at     the newest of their instants
     * @param values channel → value (Wh, W, VA...)
     */
    public record LastValues(Instant at, Map<String, Long> values) {
        public static final LastValues NONE = new LastValues(null, Map.of());

        public LastValues {
            values = Map.copyOf(values);
        }
    }

    public Checklist {
        items = List.copyOf(items);
        diagnoses = List.copyOf(diagnoses);
    }

    /** Every check is green. */
    public boolean green() {
        return items.stream().allMatch(i -> i.status() == Status.OK);
    }

    public Item item(String id) {
        return items.stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }

    /**
     * The state alone, from the stored facts (what ingest writes to the registry): bad credentials, new, silent,
     * wrong meter, wrong mode, receiving — the first that holds.
     */
    public static GatewayState state(Gateway g, GatewayActivity a, Instant now) {
        if (a.credentialsRefusedAt() != null && (a.lastSeen() == null || a.credentialsRefusedAt().isAfter(a.lastSeen()))) {
            return GatewayState.BAD_CREDENTIALS;
        }
        if (a.lastSeen() == null) {
            return GatewayState.NEW;
        }
        if (silent(a, now)) {
            return GatewayState.SILENT;
        }
        if (wrongMeter(g, a)) {
            return GatewayState.WRONG_METER;
        }
        if (modeMismatch(g, a) || wrongSpeed(a)) {
            return GatewayState.WRONG_MODE;
        }
        return GatewayState.RECEIVING;
    }

    /**
     * The whole checklist.
     *
     * @param brokerUp whether the broker answers (ingest's connection, or the watch's own), null if unknown
     * @param stored   the meter's last stored values (the store's own proof that readings arrive)
     */
    public static Checklist of(Gateway g, GatewayActivity a, Instant now, Boolean brokerUp, LastValues stored) {
        Objects.requireNonNull(a, "activity");
        GatewayState state = state(g, a, now);
        List<Item> items = new ArrayList<>();
        List<Diagnosis> diagnoses = new ArrayList<>();
        boolean refused = state == GatewayState.BAD_CREDENTIALS;
        boolean recent = a.lastSeen() != null && !silent(a, now);

        // 1. The broker: up, and taking this gateway's credentials (its messages prove it).
        if (refused) {
            items.add(item("broker", Status.FAILED, "the broker refused " + g.username() + "'s user name or password", "user", g.username()));
            diagnoses.add(diagnosis("bad-credentials", "bad credentials: the broker refuses " + g.username() + "'s user name or password."
                    + " Type the password 'gateway add' printed into the gateway again (lost? 'ecofoyer gateway rotate-secret " + g.id()
                    + "', then 'ecofoyer gateway config " + g.id() + "'), and give the broker the accounts:"
                    + " 'ecofoyer gateway export-mosquitto --out DIR --reload-pid-file PIDFILE'", "user", g.username(), "id", g.id()));
        } else if (Boolean.FALSE.equals(brokerUp)) {
            items.add(item("broker", Status.FAILED, "the broker does not answer"));
            diagnoses.add(diagnosis("broker-down", "the broker does not answer: start it, or check ingest.mqtt.url"));
        } else if (recent || Boolean.TRUE.equals(brokerUp)) {
            items.add(item("broker", Status.OK, recent ? "the gateway's messages reach ingest through the broker" : "the broker answers"));
        } else {
            items.add(item("broker", Status.WAITING, "not checked"));
        }

        // 2. Messages arriving.
        if (a.lastSeen() == null) {
            items.add(item("messages", Status.WAITING, "no message yet on " + g.topic(), "topic", g.topic()));
            if (!refused) {
                diagnoses.add(diagnosis("never-seen", "nothing received yet on " + g.topic() + ": check that the gateway has the"
                        + " configuration of 'ecofoyer gateway config " + g.id() + "' (broker address, user " + g.username()
                        + ", topic), that it is powered and on the network", "topic", g.topic(), "id", g.id(), "user", g.username()));
            }
        } else if (!recent) {
            long quiet = Duration.between(a.lastSeen(), now).toSeconds();
            items.add(item("messages", Status.FAILED, "nothing for " + quiet + " s (last at " + a.lastSeen() + ")",
                    "seconds", Long.toString(quiet), "lastSeen", a.lastSeen().toString()));
            if (!refused) {
                diagnoses.add(diagnosis("silent", "nothing for " + quiet + " s: check the I1/I2 wiring between the meter and the"
                        + " gateway, then its power and network", "seconds", Long.toString(quiet)));
            }
        } else {
            long ago = Math.max(0, Duration.between(a.lastSeen(), now).toSeconds());
            items.add(item("messages", Status.OK, a.messages() + " message(s), the last " + ago + " s ago",
                    "messages", Long.toString(a.messages()), "seconds", Long.toString(ago)));
        }

        // 3. The TIC mode.
        if (a.modeSeen() == null) {
            items.add(item("mode", Status.WAITING, "no frame decoded yet"));
        } else if (modeMismatch(g, a)) {
            items.add(item("mode", Status.FAILED, "the meter sends " + a.modeSeen().wireName() + ", the gateway is set to "
                    + g.mode().wireName(), "seen", a.modeSeen().wireName(), "set", g.mode().wireName()));
            diagnoses.add(diagnosis("wrong-mode", "the meter sends " + a.modeSeen().wireName() + " mode, the gateway is set to "
                    + g.mode().wireName() + ": " + modeFix(g.firmware(), a.modeSeen()) + ", and register it: 'ecofoyer gateway"
                    + " set-mode " + g.id() + " " + a.modeSeen().wireName() + "'",
                    "seen", a.modeSeen().wireName(), "set", g.mode().wireName(), "fix", modeFix(g.firmware(), a.modeSeen()), "id", g.id()));
        } else {
            items.add(item("mode", Status.OK, a.modeSeen().wireName() + (g.mode() == TicMode.AUTO ? " (detected)" : ""),
                    "seen", a.modeSeen().wireName()));
        }

        // 4. The meter id.
        if (a.meterSeen() == null) {
            items.add(item("meter", Status.WAITING, "no meter id seen yet (expected " + g.meterSerial() + ")", "expected", g.meterSerial()));
        } else if (wrongMeter(g, a)) {
            items.add(item("meter", Status.FAILED, "frames from meter " + a.meterSeen() + ", expected " + g.meterSerial(),
                    "seen", a.meterSeen(), "expected", g.meterSerial()));
            diagnoses.add(diagnosis("wrong-meter", "frames from meter " + a.meterSeen() + ", this gateway is registered for "
                    + g.meterSerial() + ": is it wired to the right meter? Its messages are refused until they name "
                    + g.meterSerial(), "seen", a.meterSeen(), "expected", g.meterSerial()));
        } else {
            items.add(item("meter", Status.OK, a.meterSeen() + ", as registered", "seen", a.meterSeen(), "expected", g.meterSerial()));
        }

        // 5. The error rate over the last minute.
        String percent = String.format(java.util.Locale.ROOT, "%.0f", 100 * a.recentErrorRate());
        if (a.recentMessages() == 0) {
            items.add(item("errors", Status.WAITING, "no message over the last minute"));
        } else if (a.recentErrorRate() > ERROR_LIMIT) {
            items.add(item("errors", Status.FAILED, percent + " % of the last minute's " + a.recentMessages() + " message(s) damaged",
                    "percent", percent, "messages", Integer.toString(a.recentMessages())));
            if (wrongSpeed(a) && !modeMismatch(g, a)) {
                diagnoses.add(diagnosis("wrong-speed", percent + " % of the messages fail their checksums: the gateway probably"
                        + " reads the meter at the wrong speed (historique 1200 baud, standard 9600): set it to the meter's mode"
                        + " (the meter's display shows it), or check the I1/I2 wiring", "percent", percent));
            } else if (!wrongSpeed(a)) {
                diagnoses.add(diagnosis("errors", percent + " % of the messages fail their checksums: a loose I1/I2 wire, a long"
                        + " or unshielded cable, or interference", "percent", percent));
            }
        } else {
            items.add(item("errors", Status.OK, percent + " % damaged over the last minute", "percent", percent,
                    "messages", Integer.toString(a.recentMessages())));
        }

        // 6. The last values the gateway sent, as ingest decoded them (before downsampling: at once).
        if (a.lastValues().isEmpty()) {
            items.add(item("values", Status.WAITING, "no value received yet"));
        } else {
            List<String> shown = a.lastValues().keySet().stream().sorted(java.util.Comparator.comparingInt(Checklist::rank)
                    .thenComparing(java.util.Comparator.naturalOrder())).limit(SHOWN_VALUES).toList();
            StringBuilder sb = new StringBuilder();
            Map<String, String> p = new LinkedHashMap<>();
            for (String k : shown) {
                sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=').append(a.lastValues().get(k));
                p.put(k, Long.toString(a.lastValues().get(k)));
            }
            int more = a.lastValues().size() - shown.size();
            items.add(new Item("values", Status.OK, sb + (more > 0 ? " (+" + more + " more)" : ""), p));
        }

        // 7. Readings stored: the meter's rows in the store (downsampling writes a meter's first values at its slot,
        // within a minute of the first frame; until then they are accepted, not yet stored).
        if (stored.at() == null || a.firstSeen() == null) {
            items.add(item("stored", Status.WAITING, a.readingsStored() == 0 ? "no reading of this gateway stored yet"
                    : a.readingsStored() + " reading(s) accepted, none stored yet: the first are written within a minute",
                    "accepted", Long.toString(a.readingsStored())));
        } else {
            items.add(item("stored", Status.OK, "readings of meter " + g.meter() + " stored, the last at " + stored.at(),
                    "at", stored.at().toString(), "meter", g.meter(), "accepted", Long.toString(a.readingsStored())));
        }
        return new Checklist(state, items, diagnoses);
    }

    /** How many values the check names: the total index and the power first (a three-phase meter has some thirty). */
    static final int SHOWN_VALUES = 4;

    private static int rank(String channel) {
        return channel.equals("index.total") ? 0 : channel.startsWith("power") ? 1 : channel.startsWith("index") ? 3 : 2;
    }

    /** What to set on the gateway for the meter's mode, in its firmware's words. */
    static String modeFix(Firmware f, TicMode meterMode) {
        boolean standard = meterMode == TicMode.STANDARD;
        return switch (f) {
            case TASMOTA -> "set EnergyConfig " + (standard ? "Standard" : "Historique");
            case ESPHOME -> "set the uart's baud_rate to " + (standard ? 9600 : 1200) + " and teleinfo's historical_mode to " + !standard;
            case TELEINFO2MQTT -> "set TIC_MODE=" + (standard ? "standard" : "history");
            case ZLINKY -> "set the ZLinky's linky_mode to " + (standard ? "standard" : "historique") + " in Zigbee2MQTT";
            case RAW -> "set the serial port to " + (standard ? 9600 : 1200) + " baud, 7E1";
        };
    }

    private static boolean silent(GatewayActivity a, Instant now) {
        return a.lastSeen() != null && Duration.between(a.lastSeen(), now).compareTo(SILENCE) > 0;
    }

    private static boolean wrongMeter(Gateway g, GatewayActivity a) {
        return a.meterSeen() != null && !a.meterSeen().equals(g.meterSerial());
    }

    private static boolean modeMismatch(Gateway g, GatewayActivity a) {
        return a.modeSeen() != null && g.mode() != TicMode.AUTO && a.modeSeen() != g.mode();
    }

    private static boolean wrongSpeed(GatewayActivity a) {
        return a.recentMessages() >= MIN_MESSAGES_FOR_RATE && a.recentErrorRate() >= WRONG_MODE_RATE;
    }

    private static Item item(String id, Status s, String detail, String... params) {
        return new Item(id, s, detail, pairs(params));
    }

    private static Diagnosis diagnosis(String code, String text, String... params) {
        return new Diagnosis(code, text, pairs(params));
    }

    private static Map<String, String> pairs(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
