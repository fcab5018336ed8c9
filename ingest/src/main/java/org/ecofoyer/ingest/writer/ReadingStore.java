package org.ecofoyer.ingest.writer;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * The database side of the {@link ReadingWriter}: one batch in one transaction — meter codes resolved to ids,
 * {@code COPY} into a session-private staging table, one statement that moves the new rows into {@code reading} and
 * marks {@code reading_dirty} ({@link IngestSql#MERGE_STAGE}), the batch's {@link MeterEvent}s, then each submission's
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
    }

    /**
     * What one transaction wrote.
     *
     * @param results  per part, in order: readings written (inserted or already there) and rejected (unknown meter)
     * @param staged   readings copied in (those of known meters)
     * @param inserted readings actually inserted ({@code staged - inserted} were already stored)
     */
    record Written(List<WriteResult> results, int staged, long inserted) {
        int rejected() {
            return results.stream().mapToInt(WriteResult::rejected).sum();
        }
    }

    private final DataSource dataSource;
    private final Map<String, Integer> meterIds = new ConcurrentHashMap<>();
    private final Map<String, Long> unknownMeters = new ConcurrentHashMap<>();

    ReadingStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource);
    }

    /** Writes {@code batch} in one transaction; nothing of it is written when this throws. */
    Written write(List<? extends Part> batch) throws SQLException {
        return Jdbc.transaction(dataSource, c -> {
            Map<String, Integer> ids = resolve(c, batch);
            List<WriteResult> results = new ArrayList<>(batch.size());
            StringBuilder rows = new StringBuilder(64 * 1024);
            int staged = 0;
            for (Part s : batch) {
                int written = 0;
                int rejected = 0;
                for (Reading r : s.readings()) {
                    Integer id = ids.get(r.meter());
                    if (id == null) {
                        rejected++;
                        continue;
                    }
                    rows.append(id.intValue()).append('\t');
                    appendEscaped(rows, r.channel());
                    rows.append('\t').append(r.instant()).append('\t').append(r.value()).append('\n');
                    written++;
                }
                staged += written;
                results.add(new WriteResult(written, rejected));
            }
            long inserted = 0;
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
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(IngestSql.MERGE_STAGE)) {
                    rs.next();
                    inserted = rs.getLong(1);
                }
            }
            insertEvents(c, batch, ids);
            for (Part s : batch) {
                if (s.hook() != null) {
                    s.hook().run(c);
                }
            }
            return new Written(results, staged, inserted);
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
