package org.ecofoyer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ecofoyer.ingest.LineDecoder.undated;
import static org.ecofoyer.ingest.TestMeters.addMeter;
import static org.ecofoyer.ingest.TestMeters.count;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.ingest.pipeline.DownsamplingConfig;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.StorageConfig;
import org.ecofoyer.storage.TestDatabases;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lossless failover on a shared subscription with persistent sessions (#19 item 1), on the test script's Mosquitto: an
 * ingest instance in a process of its own is SIGKILLed and never comes back; the broker goes on routing part of the
 * group's messages to its session. The survivor adopts that session once its lease lapses and stores every message
 * acknowledged to the gateways exactly once — counted by value: messages carry no instant (stamped on reception, each
 * process on a clock of its own), so a message stored twice would show as one value under two instants.
 *
 * <p>And the cases around it (docs/operations.md, "Several ingest instances"): the owner coming back while a peer drains
 * its session, an adopter killed while it drains, and a database unreachable from one instance only. In each the fault
 * hits work in flight: the drain is held in the writer (the {@code reading} table locked) or cut off from the database.
 */
class SessionFailoverTest {
    private static final int GATEWAYS = 4;
    private static final int MESSAGES = 400;
    /** Short for a test, long enough that a loaded 2-core box renews within two thirds of it (the fence). */
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Instant DEAD_CLOCK = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant SURVIVOR_CLOCK = Instant.parse("2026-03-02T00:00:00Z");
    private static final Instant RETURN_CLOCK = Instant.parse("2026-03-03T00:00:00Z");
    private static final Instant ADOPTER_CLOCK = Instant.parse("2026-03-04T00:00:00Z");
    private static final Pattern HOST_PORT = Pattern.compile("^jdbc:postgresql://([^:/]+):(\\d+)/");
    private final String prefix = "ecofoyer/gw/f" + UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private List<GatewayConfig> gateways() {
        List<GatewayConfig> gws = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
            gws.add(new GatewayConfig(prefix + "/" + g, "G" + g, "G" + g, GatewayFormat.RAW));
        }
        return gws;
    }

    @Test
    void aMemberKilledForGoodLosesNothingItsSessionWasHolding() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        Database db = TestDatabases.newMigratedDatabase();
        toClose.add(db);
        DataSource ds = db.dataSource();
        for (int g = 0; g < GATEWAYS; g++) {
            addMeter(ds, "G" + g);
        }
        String group = "g" + UUID.randomUUID();
        String deadId = "dead-" + UUID.randomUUID();
        FailoverChild dead = child(db.jdbcUrl(), url, deadId, group, DEAD_CLOCK).awaitReady();
        IngestHarness survivor = new IngestHarness(ds, IngestHarness.mqtt(url, "live-" + UUID.randomUUID(), group, prefix + "/#")
                .withLeaseTtl(LEASE), gateways(), new LineDecoder(), DownsamplingConfig.OFF, new TickingClock(SURVIVOR_CLOCK),
                IngestHarness.writerConfig());
        toClose.add(survivor);
        await().atMost(Duration.ofSeconds(20)).until(survivor.mqtt::isConnected);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(ds, "SELECT count(*) FROM mqtt_session_lease WHERE shared_group = ?", group) == 2);

        dead.kill(); // SIGKILL: no DISCONNECT, the broker keeps the session and queues its share for it
        TestPublisher pub = new TestPublisher(url);
        toClose.add(pub);
        for (int n = 0; n < MESSAGES; n++) {
            pub.publishSurely(prefix + "/" + (n % GATEWAYS), undated("G" + (n % GATEWAYS), n)); // acknowledged by the broker
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> survivor.failover.adoptedSessions() == 1);
        long byMember = survivor.mqtt.health().getLong("received");
        long byAdoption = survivor.failover.health().getLong("adopted_messages");
        assertThat(byAdoption).as("the kill left messages queued for the dead session").isPositive();
        assertThat(byMember).as("the survivor's own share").isPositive();
        assertThat(byMember + byAdoption).as("each message delivered once").isEqualTo(MESSAGES);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(ds, "SELECT count(*) FROM reading") >= MESSAGES);
        assertExactlyOnceByValue(ds);
        assertThat(count(ds, "SELECT count(*) FROM mqtt_session_lease WHERE client_id = ?", deadId)).isZero();
        assertThat(sessionPresent(url, deadId)).as("the broker dropped the drained session").isFalse();
    }

    /**
     * The owner comes back (a new process, the same client id) while a peer drains its session, the drain held in
     * the peer's writer. The owner must not take the session from the peer (the broker would hand it over, and what the
     * peer commits then could no longer be acknowledged: stored again when redelivered to the owner): it waits,
     * unconnected, until the peer has drained and ended the session and released the lease, then takes the lease and
     * connects. Fails on the version where the owner's renewal takes the lease back at once and the owner connects.
     */
    @Test
    void theOwnerComingBackDuringAnAdoptionWaitsForTheDrainAndThenOwnsItsSession() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        Database db = database();
        DataSource ds = db.dataSource();
        String group = "g" + UUID.randomUUID();
        String ownerId = "owner-" + UUID.randomUUID();
        FailoverChild owner = child(db.jdbcUrl(), url, ownerId, group, DEAD_CLOCK).awaitReady();
        IngestHarness adopter = instance(ds, url, "adopter-" + UUID.randomUUID(), group, SURVIVOR_CLOCK);
        await().atMost(Duration.ofSeconds(20)).until(adopter.mqtt::isConnected);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(ds, "SELECT count(*) FROM mqtt_session_lease WHERE shared_group = ?", group) == 2);
        owner.kill();
        long inFlight;
        FailoverChild back;
        try (Connection blocker = lockReadings(ds)) {
            publishAll(url);
            await().atMost(Duration.ofSeconds(60)).until(() -> ownerId.equals(adopter.failover.health().getString("adopting"))
                    && adopter.failover.health().getLong("adopting_pending") > 0);
            inFlight = adopter.failover.health().getLong("adopting_pending");

            back = child(db.jdbcUrl(), url, ownerId, group, RETURN_CLOCK);
            // The adopter's claim is renewed and the owner stays off the broker, for longer than a lease
            await().during(LEASE.multipliedBy(2)).atMost(LEASE.multipliedBy(4)).until(() -> !back.health().connected()
                    && ownerId.equals(adopter.failover.health().getString("adopting")));
            assertThat(count(ds, "SELECT count(*) FROM mqtt_session_lease WHERE client_id = ? AND holder = ?", ownerId,
                    adopter.mqtt.health().getString("client_id"))).as("the adopter holds the claim").isEqualTo(1);
            blocker.rollback();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> adopter.failover.adoptedSessions() == 1);
        back.awaitReady();
        await().atMost(Duration.ofSeconds(20)).until(() -> count(ds, "SELECT count(*) FROM reading") >= MESSAGES);
        System.out.println("owner back during an adoption: " + inFlight + " message(s) of the drain were in the adopter's writer");
        assertThat(inFlight).as("the owner came back while the drain was in flight").isPositive();
        assertThat(adopter.failover.adoptionsGivenUp()).as("the adoption was never cut off").isZero();
        assertExactlyOnceByValue(ds);
        assertThat(count(ds, "SELECT count(*) FROM mqtt_session_lease WHERE client_id = ? AND holder = ?", ownerId, ownerId))
                .as("the owner holds its own lease again").isEqualTo(1);
        assertThat(back.health().connected()).isTrue();
    }

    /**
     * An adopter is SIGKILLed while it drains a dead instance's session (its drain held in its writer, uncommitted):
     * its claim lapses like any lease, and a third instance adopts the session from where the adopter left it — and the
     * adopter's own session too. Fails on a version that adopts only leases still held by their owner (a claim that
     * lapsed would never be taken again) or that ends a session before it is drained.
     */
    @Test
    void anAdopterKilledWhileItDrainsIsFollowedByAnotherAndNothingIsLost() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        Database db = database();
        DataSource ds = db.dataSource();
        String group = "g" + UUID.randomUUID();
        String ownerId = "owner-" + UUID.randomUUID();
        FailoverChild owner = child(db.jdbcUrl(), url, ownerId, group, DEAD_CLOCK).awaitReady();
        FailoverChild adopter = child(db.jdbcUrl(), url, "adopter-" + UUID.randomUUID(), group, ADOPTER_CLOCK).awaitReady();
        await().atMost(Duration.ofSeconds(10)).until(() -> count(ds, "SELECT count(*) FROM mqtt_session_lease WHERE shared_group = ?", group) == 2);
        owner.kill();
        FailoverChild.Health atKill;
        IngestHarness third;
        try (Connection blocker = lockReadings(ds)) {
            publishAll(url);
            await().atMost(Duration.ofSeconds(60)).until(() -> ownerId.equals(adopter.health().adopting())
                    && adopter.health().adoptingPending() > 0);
            atKill = adopter.health();
            adopter.kill(); // its transactions were waiting for the lock: never committed
            third = instance(ds, url, "third-" + UUID.randomUUID(), group, SURVIVOR_CLOCK);
            blocker.rollback();
        }
        // the owner's session, then the adopter's own (one adoption at a time)
        await().atMost(Duration.ofSeconds(90)).until(() -> third.failover.adoptedSessions() == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(ds, "SELECT count(*) FROM reading") >= MESSAGES);
        System.out.println("adopter killed while draining: " + atKill.adoptingReceived() + " adopted message(s) received, "
                + atKill.adoptingPending() + " not yet committed");
        assertThat(atKill.adoptingPending()).as("the kill hit the drain in flight").isPositive();
        assertExactlyOnceByValue(ds);
        assertThat(count(ds, "SELECT count(*) FROM mqtt_session_lease WHERE shared_group = ?", group))
                .as("only the third's own lease is left").isEqualTo(1);
        assertThat(sessionPresent(url, ownerId)).as("the owner's session drained and ended").isFalse();
        assertThat(sessionPresent(url, adopter.clientId)).as("the adopter's session drained and ended").isFalse();
    }

    /**
     * The database is silent (a black hole, no RST) from one instance only, while that instance has messages in flight.
     * The rule: an instance that cannot renew its lease disconnects its own session before the lease can lapse (at two
     * thirds of the ttl), and reconnects only once it holds the lease again; so the peer that adopts the session is
     * never thrown out by the owner reconnecting, and the two never take it from each other every ttl. Fails on the
     * version without the fence: the partitioned instance, still connected to the broker, takes its session back from
     * the adopter at once (the adoption is given up), then again at each adoption. And what the cut-off instance had
     * in flight must not commit when its database comes back (the fence in the write transaction): without that check,
     * every message in flight is stored twice (measured: 200 of 200), once by the adopter from the broker's resend.
     */
    @Test
    void anInstanceCutOffFromTheDatabaseLeavesItsSessionToOnePeerAndTakesItBackWhenHealed() throws Exception {
        String url = TestEnv.require("ECO_TEST_MQTT_URL");
        Database db = database();
        DataSource ds = db.dataSource();
        Matcher m = HOST_PORT.matcher(db.jdbcUrl());
        assertThat(m.find()).isTrue();
        StallingProxy proxy = new StallingProxy(m.group(1), Integer.parseInt(m.group(2)));
        toClose.add(proxy);
        Database cutOffDb = Database.open(new StorageConfig(m.replaceFirst("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/"),
                "postgres", null, 4, null, null), null);
        toClose.add(cutOffDb);
        String group = "g" + UUID.randomUUID();
        String cutOffId = "cutoff-" + UUID.randomUUID();
        IngestHarness cutOff = instance(cutOffDb.dataSource(), url, cutOffId, group, DEAD_CLOCK);
        IngestHarness peer = instance(ds, url, "peer-" + UUID.randomUUID(), group, SURVIVOR_CLOCK);
        await().atMost(Duration.ofSeconds(20)).until(() -> cutOff.mqtt.isConnected() && peer.mqtt.isConnected());
        await().atMost(Duration.ofSeconds(10)).until(() -> count(ds, "SELECT count(*) FROM mqtt_session_lease WHERE shared_group = ?", group) == 2);

        proxy.blackHole();
        publishAll(url);
        await().atMost(Duration.ofSeconds(30)).until(() -> cutOffId.equals(peer.failover.health().getString("adopting"))
                || peer.failover.adoptedSessions() > 0);
        assertThat(cutOff.mqtt.health().getBoolean("fenced")).as("off the broker before its lease could be claimed").isTrue();
        long inFlight = cutOff.mqtt.health().getLong("pending_acks");
        // For three lease periods: the cut-off instance stays off the broker, the adoption is never cut off
        await().during(LEASE.multipliedBy(3)).atMost(LEASE.multipliedBy(5)).until(() -> !cutOff.mqtt.isConnected()
                && peer.failover.adoptionsGivenUp() == 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> peer.failover.adoptedSessions() == 1);
        assertThat(peer.failover.adoptionsGivenUp()).isZero();

        proxy.heal();
        await().atMost(Duration.ofSeconds(60)).until(() -> cutOff.mqtt.isConnected());
        await().atMost(Duration.ofSeconds(60)).until(() -> count(ds, "SELECT count(DISTINCT value) FROM reading") == MESSAGES
                && cutOff.writer.queuedReadings() == 0 && cutOff.mqtt.health().getLong("pending_acks") == 0);
        long stored = count(ds, "SELECT count(*) FROM reading");
        long refused = cutOff.writer.metrics().fencedReadings();
        System.out.println("database cut off from one instance: " + inFlight + " message(s) in flight at the fence; "
                + refused + " reading(s) refused by the fence in the write transaction; " + (stored - MESSAGES) + " stored twice");
        assertThat(inFlight).as("the partition hit messages in flight").isPositive();
        // What the cut-off instance had handed to its writer was there when the database came back, and the fence in
        // the write transaction refused it (the adopter stored those messages from the broker's resend).
        assertThat(refused).as("in-flight readings refused by the fence").isPositive();
        assertExactlyOnceByValue(ds);
        assertThat(peer.failover.adoptionsGivenUp()).as("never taken back and forth").isZero();
        assertThat(count(ds, "SELECT count(*) FROM mqtt_session_lease WHERE client_id = ? AND holder = ?", cutOffId, cutOffId))
                .as("the healed instance holds its own lease again").isEqualTo(1);
    }

    private Database database() {
        Database db = TestDatabases.newMigratedDatabase();
        toClose.add(db);
        for (int g = 0; g < GATEWAYS; g++) {
            addMeter(db.dataSource(), "G" + g);
        }
        return db;
    }

    private IngestHarness instance(DataSource ds, String url, String clientId, String group, Instant clock) {
        IngestHarness h = new IngestHarness(ds, IngestHarness.mqtt(url, clientId, group, prefix + "/#").withLeaseTtl(LEASE),
                gateways(), new LineDecoder(), DownsamplingConfig.OFF, new TickingClock(clock), IngestHarness.writerConfig());
        toClose.add(h);
        return h;
    }

    /** Values 0..N-1 on their gateways, each acknowledged by the broker. */
    private void publishAll(String url) throws Exception {
        TestPublisher pub = new TestPublisher(url);
        toClose.add(pub);
        for (int n = 0; n < MESSAGES; n++) {
            pub.publishSurely(prefix + "/" + (n % GATEWAYS), undated("G" + (n % GATEWAYS), n));
        }
    }

    /** The writers' inserts wait behind this lock until the connection rolls back (reads go on). */
    private static Connection lockReadings(DataSource ds) throws Exception {
        Connection c = ds.getConnection();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("LOCK TABLE reading IN EXCLUSIVE MODE");
        }
        return c;
    }

    /** Values 0..N-1 each stored once, on its own gateway's meter: none lost, none under two instants. */
    private static void assertExactlyOnceByValue(DataSource ds) {
        assertThat(count(ds, "SELECT count(*) FROM reading")).isEqualTo(MESSAGES);
        assertThat(count(ds, "SELECT count(DISTINCT value) FROM reading WHERE value BETWEEN 0 AND ?", MESSAGES - 1)).isEqualTo(MESSAGES);
        assertThat(count(ds, "SELECT count(*) FROM reading r JOIN meter m ON m.id = r.meter_id"
                + " WHERE m.code = 'G' || (r.value % " + GATEWAYS + ")")).isEqualTo(MESSAGES);
    }

    private static boolean sessionPresent(String url, String clientId) throws Exception {
        MqttClient probe = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(0L); // the probe's own session goes with it
        try {
            return probe.connectWithResult(o).getSessionPresent();
        } finally {
            probe.disconnect();
            probe.close();
        }
    }

    /** An ingest instance in a process of its own ({@link IngestChild}), on a clock of its own. */
    private FailoverChild child(String jdbcUrl, String mqttUrl, String clientId, String group, Instant clock) {
        FailoverChild c = FailoverChild.start(jdbcUrl, mqttUrl, clientId, group, prefix, GATEWAYS, LEASE, clock);
        toClose.add(c);
        return c;
    }
}
