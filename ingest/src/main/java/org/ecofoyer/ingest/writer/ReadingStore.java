package org.ecofoyer.ingest.writer;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.storage.Jdbc;
import org.ecofoyer.storage.Meters;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database side of the {@link ReadingWriter}: one batch in one transaction — meter codes resolved to ids, the
 * writer's checks ({@link ReadingChecks}, with its clock), {@code COPY} into a session-private staging table, one
 * statement that moves the new rows into {@code reading} and marks {@code reading_dirty}, or holds them in
 * {@code reading_quarantine} ({@link IngestSql#MERGE_STAGE}), the batch's {@link MeterEvent}s, then each submission's
 * {@link ReadingWriter.TransactionHook}. The queue, the threads and the retries are the writer's; the statements are
 * {@link IngestSql}'s. Used by the writer threads, so thread-safe (the meter id cache is concurrent).
 */
final class ReadingStore {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingStore.class);
    private static final Duration UNKNOWN_METER_RECHECK = Duration.ofSeconds(10);

    /** What one submission brings to a batch's transaction. */
    interface Part {
        List<Reading> readings();

        List<MeterEvent> events();

        ReadingWriter.TransactionHook hook();

        /** Where the readings come from (MQTT topic, serial port, import file, utility sync), kept with quarantined ones. */
        String source();
    }

    /**
     * What one transaction wrote.
     *
     * @param results     per part, in order: readings written (inserted or already there), rejected (unknown meter),
     *                    quarantined by reason
     * @param staged      readings copied in (those of known meters) and meant for {@code reading}, quarantined ones
     *                    excepted
     * @param inserted    readings actually inserted ({@code staged - inserted} were already stored)
     * @param quarantined readings held in quarantine, by reason
     */
    record Written(List<WriteResult> results, int staged, long inserted, Map<String, Integer> quarantined) {
        int rejected() {
            return results.stream().mapToInt(WriteResult::rejected).sum();
        }
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration futureTolerance;
    private final Map<String, Integer> meterIds = new ConcurrentHashMap<>();
    private final Map<String, Long> unknownMeters = new ConcurrentHashMap<>();

    /**
     * @param clock           the receiving clock: "now" for the future-instant check and the quarantine's times
     * @param futureTolerance how far ahead of it an instant may be (meter and gateway clocks drift a little)
     */
    ReadingStore(DataSource dataSource, Clock clock, Duration futureTolerance) {
        this.dataSource = Objects.requireNonNull(dataSource);
        this.clock = Objects.requireNonNull(clock);
        this.futureTolerance = Objects.requireNonNull(futureTolerance);
    }

    /** Writes {@code batch} in one transaction; nothing of it is written when this throws. */
    Written write(List<? extends Part> batch) throws SQLException {
        Instant now = clock.instant();
        Instant latest = now.plus(futureTolerance);
        return Jdbc.transaction(dataSource, c -> {
            Map<String, Integer> ids = resolve(c, batch);
            int[] known = new int[batch.size()];
            int[] rejected = new int[batch.size()];
            String[] sources = new String[batch.size()];
            StringBuilder rows = new StringBuilder(64 * 1024);
            int staged = 0;
            for (int p = 0; p < batch.size(); p++) {
                Part s = batch.get(p);
                sources[p] = s.source();
                for (Reading r : s.readings()) {
                    Integer id = ids.get(r.meter());
                    if (id == null) {
                        rejected[p]++;
                        continue;
                    }
                    rows.append(id.intValue()).append('\t');
                    appendEscaped(rows, r.channel());
                    rows.append('\t').append(r.instant()).append('\t').append(r.value()).append('\t').append(p);
                    String reason = ReadingChecks.verdict(r, latest);
                    if (reason == null) {
                        rows.append("\t\\N\t\\N\n");
                    } else {
                        rows.append('\t').append(reason).append('\t');
                        appendEscaped(rows, ReadingChecks.detail(reason, r, latest));
                        rows.append('\n');
                    }
                    known[p]++;
                }
                staged += known[p];
            }
            long inserted = 0;
            List<Map<String, Integer>> held = new ArrayList<>(batch.size());
            for (int p = 0; p < batch.size(); p++) {
                held.add(new TreeMap<>());
            }
            Map<String, Integer> quarantined = new TreeMap<>();
            int heldTotal = 0;
            if (staged > 0) {
                try (Statement st = c.createStatement()) {
                    st.execute(IngestSql.CREATE_STAGE);
                }
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                try {
                    copy.copyIn(IngestSql.COPY_STAGE, new StringReader(rows.toString()), 64 * 1024);
                } catch (IOException e) {
                    throw new SQLException("COPY failed: " + e.getMessage(), "08006", e);
                }
                try (PreparedStatement ps = c.prepareStatement(IngestSql.MERGE_STAGE)) {
                    ps.setArray(1, c.createArrayOf("text", sources));
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setTimestamp(3, Timestamp.from(now));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            int part = rs.getInt(1);
                            if (part < 0) {
                                inserted = rs.getLong(3);
                                continue;
                            }
                            int n = (int) rs.getLong(3);
                            held.get(part).merge(rs.getString(2), n, Integer::sum);
                            quarantined.merge(rs.getString(2), n, Integer::sum);
                            heldTotal += n;
                        }
                    }
                }
            }
            List<WriteResult> results = new ArrayList<>(batch.size());
            for (int p = 0; p < batch.size(); p++) {
                int q = held.get(p).values().stream().mapToInt(Integer::intValue).sum();
                results.add(new WriteResult(known[p] - q, rejected[p], held.get(p)));
            }
            insertEvents(c, batch, ids);
            for (Part s : batch) {
                if (s.hook() != null) {
                    s.hook().run(c);
                }
            }
            return new Written(results, staged - heldTotal, inserted, quarantined);
        });
    }

    /** Forgets the cached meter ids (a meter may have been deleted since): the next batch looks its codes up again. */
    void forgetMeterIds() {
        meterIds.clear();
    }

    private void insertEvents(Connection c, List<? extends Part> batch, Map<String, Integer> ids) throws SQLException {
        PreparedStatement ps = null;
        try {
            for (Part s : batch) {
                for (MeterEvent e : s.events()) {
                    Integer id = ids.get(e.meter());
                    if (id == null) {
                        continue;
                    }
                    if (ps == null) {
                        ps = c.prepareStatement(IngestSql.INSERT_EVENT);
                    }
                    ps.setInt(1, id);
                    ps.setTimestamp(2, Timestamp.from(e.instant()));
                    ps.setString(3, e.kind());
                    ps.setString(4, e.channel());
                    ps.setString(5, e.detail());
                    ps.addBatch();
                }
            }
            if (ps != null) {
                ps.executeBatch();
            }
        } finally {
            if (ps != null) {
                ps.close();
            }
        }
    }

    /** Meter code → id, cached; codes not found are rechecked at most every few seconds (a meter may be added). */
    private Map<String, Integer> resolve(Connection c, List<? extends Part> batch) throws SQLException {
        Map<String, Integer> ids = new HashMap<>();
        Set<String> missing = new HashSet<>();
        long now = System.nanoTime();
        for (Part s : batch) {
            for (Reading r : s.readings()) {
                lookup(r.meter(), ids, missing, now);
            }
            for (MeterEvent e : s.events()) {
                lookup(e.meter(), ids, missing, now);
            }
        }
        if (!missing.isEmpty()) {
            Map<String, Integer> found = Meters.ids(c, missing);
            meterIds.putAll(found);
            ids.putAll(found);
            missing.removeAll(found.keySet());
            for (String code : missing) {
                if (unknownMeters.put(code, now + UNKNOWN_METER_RECHECK.toNanos()) == null) {
                    LOG.warn("readings for unknown meter '{}' rejected: register the meter first (rechecked every {} s)",
                            code, UNKNOWN_METER_RECHECK.toSeconds());
                }
            }
        }
        return ids;
    }

    private void lookup(String code, Map<String, Integer> ids, Set<String> missing, long now) {
        if (ids.containsKey(code)) {
            return;
        }
        Integer id = meterIds.get(code);
        if (id != null) {
            ids.put(code, id);
            return;
        }
        Long recheck = unknownMeters.get(code);
        if (recheck == null || now - recheck >= 0) {
            missing.add(code);
        }
    }

    /** Escapes a text value for {@code COPY}'s text format (tab-separated, backslash escapes). */
    private static void appendEscaped(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }
}
