package org.ecofoyer.ingest.sync;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.Meter;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.utility.DateWindows;
import org.ecofoyer.drivers.utility.Fetched;
import org.ecofoyer.drivers.utility.MeterRef;
import org.ecofoyer.drivers.utility.Utility;
import org.ecofoyer.drivers.utility.UtilityException;
import org.ecofoyer.drivers.utility.UtilitySource;
import org.ecofoyer.drivers.utility.enedis.EnedisClient;
import org.ecofoyer.ingest.writer.CompactedDays;
import org.ecofoyer.ingest.writer.MeterFacts;
import org.ecofoyer.ingest.writer.MeterFactsStore;
import org.ecofoyer.ingest.writer.ReadingChecks;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.ingest.writer.WriterFullException;
import org.ecofoyer.storage.Jdbc;
import org.ecofoyer.storage.Meters;
import org.ecofoyer.storage.RecomputeMarks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs utility meters (kinds GAZPAR, ENEDIS_API, TELEO) from their utility's API into {@code reading}.
 *
 * <p>A sync asks for whole local days {@code [start, today)}: the whole history the API keeps on the first run
 * (backfill), then from the cursor or {@code refetchDays} back, whichever is earlier, so that late and corrected data
 * is fetched again. The period is cut into windows the API accepts; each window's readings go through the ingest
 * {@link ReadingWriter} with a {@link ReadingWriter.TransactionHook} that, in the same transaction, replaces corrected
 * values (the writer itself ignores keys it already has) and advances the meter's cursor past the window. So a sync
 * stopped anywhere (crash, kill, utility failure) leaves every day before the cursor complete and none after it
 * half-written, and the next run resumes at the cursor.
 */
public final class UtilitySync {
    private static final Logger LOG = LoggerFactory.getLogger(UtilitySync.class);

    private final Vertx vertx;
    private final Jdbc jdbc;
    private final ReadingWriter writer;
    private final Map<MeterKind, UtilitySource> sources;
    private final int refetchDays;
    private final SyncSchedule schedule;
    private final Clock clock;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final OffPeakSink offPeakSink;

    /**
     * Where the off-peak windows of an Enedis contract go (the aggregation's tariff calendar), read at each sync of an
     * {@code ENEDIS_API} meter.
     */
    @FunctionalInterface
    public interface OffPeakSink {
        /** {@code hours} as Enedis writes them ({@code HC (23h00-7h30)}); {@code firstDay}: the sync's first day. */
        Future<Void> offPeak(int meterId, String hours, LocalDate firstDay, LocalDate today, ZoneId zone);
    }

    /**
     * @param sources the configured utilities by meter kind ({@code GAZPAR}, {@code ENEDIS_API}, {@code TELEO});
     *                a meter whose utility is not configured fails with a message saying which keys to set
     */
    public UtilitySync(Vertx vertx, Jdbc jdbc, ReadingWriter writer, Map<MeterKind, UtilitySource> sources, int refetchDays,
                       SyncSchedule schedule, Clock clock) {
        this(vertx, jdbc, writer, sources, refetchDays, schedule, clock, null);
    }

    /** With {@code offPeakSink} (may be null) told the off-peak hours of each Enedis contract. */
    public UtilitySync(Vertx vertx, Jdbc jdbc, ReadingWriter writer, Map<MeterKind, UtilitySource> sources, int refetchDays,
                       SyncSchedule schedule, Clock clock, OffPeakSink offPeakSink) {
        this.offPeakSink = offPeakSink;
        this.vertx = vertx;
        this.jdbc = jdbc;
        this.writer = writer;
        this.sources = Map.copyOf(sources);
        this.refetchDays = refetchDays;
        this.schedule = schedule;
        this.clock = clock;
    }

    /** Syncs one meter now; {@code from} forces the first day (else backfill or cursor/re-fetch window). */
    public Future<SyncReport> sync(String meterCode, LocalDate from, SyncProgress progress) {
        if (!running.add(meterCode)) {
            return Future.failedFuture(new IllegalStateException("a sync of meter " + meterCode + " is already running"));
        }
        return jdbc.inTransaction(c -> begin(c, meterCode))
                .compose(start -> run(start, from, progress))
                .andThen(ar -> running.remove(meterCode));
    }

    /**
     * Connects a household's utility meter: registers it (kind {@code GAZPAR}, {@code TELEO} or {@code ENEDIS_API},
     * with the utility's id for it: PCE, water contract, PRM) if it is not there yet. The first {@link #sync} then
     * checks the consent with the utility and backfills. An existing meter with another kind or id is an error, and so
     * is an external id that another meter already holds ({@link org.ecofoyer.storage.MeterTakenException}: one household
     * at a time, enforced by {@link Meters} for every creator).
     */
    public Future<Void> connect(String meterCode, String householdId, MeterKind kind, String externalId) {
        if (!kind.fromUtility()) {
            throw new IllegalArgumentException("kind: expected GAZPAR, TELEO or ENEDIS_API, got '" + kind + "'");
        }
        return jdbc.inTransaction(c -> {
            Meter m = Meters.register(c, new Meters.Registration(new MeterCode(meterCode), new HouseholdId(householdId), kind,
                    externalId));
            if (m.kind() != kind || !externalId.equals(m.externalId())) {
                throw new IllegalArgumentException("meter '" + meterCode + "' exists as " + m.kind() + " " + m.externalId()
                        + ", not " + kind + " " + externalId + "; pick another meter id");
            }
            return (Void) null;
        });
    }

    /**
     * Asks the utility whether the operator's application may read this meter now (for Enedis, the usage point's
     * contract, which Data Connect answers only under the customer's consent). Fails with the utility's
     * {@link UtilityException}, e.g. {@code CONSENT_MISSING}; succeeds at once for utilities with no such check.
     */
    public Future<Void> verifyAccess(MeterKind kind, String externalId) {
        UtilitySource source = sources.get(kind);
        if (source instanceof EnedisClient enedis) {
            return enedis.contract(externalId).mapEmpty();
        }
        if (source == null && kind.fromUtility()) {
            return Future.failedFuture(new IllegalStateException(Utility.of(kind).orElseThrow() + " is not configured"));
        }
        return Future.succeededFuture();
    }

    /** Syncs every utility meter, one after the other. */
    public Future<List<SyncReport>> syncAll(SyncProgress progress) {
        return jdbc.run(c -> Meters.codesOf(c, MeterKind.utilities()).stream().map(MeterCode::value).toList())
                .compose(codes -> sequence(codes, progress));
    }

    /** Syncs the meters whose next run is due (and those never synced). */
    public Future<List<SyncReport>> syncDue() {
        return jdbc.run(c -> codes(c, SyncSql.DUE_METERS, Timestamp.from(clock.instant())))
                .compose(codes -> sequence(codes, SyncProgress.NONE));
    }

    /** A meter's sync state; {@code null} if it never started. */
    public Future<SyncState> state(String meterCode) {
        return jdbc.run(c -> SyncStates.of(c, meter(c, meterCode)).orElse(null));
    }

    private Future<List<SyncReport>> sequence(List<String> codes, SyncProgress progress) {
        List<SyncReport> reports = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (String code : codes) {
            chain = chain.compose(v -> sync(code, null, progress)
                    .map(r -> {
                        reports.add(r);
                        return (Void) null;
                    })
                    .recover(e -> {
                        LOG.warn("sync of meter {} failed: {}", code, e.getMessage());
                        return Future.succeededFuture();
                    }));
        }
        return chain.map(v -> reports);
    }

    private record Start(Meter meter, LocalDate cursor) {
    }

    private Start begin(Connection c, String code) throws SQLException {
        Meter m = meter(c, code);
        try (PreparedStatement ps = c.prepareStatement(SyncSql.ENSURE_STATE)) {
            ps.setInt(1, m.id());
            ps.executeUpdate();
        }
        return new Start(m, SyncStates.of(c, m).orElseThrow().cursor());
    }

    private Future<SyncReport> run(Start start, LocalDate from, SyncProgress progress) {
        Meter m = start.meter();
        UtilitySource source = sources.get(m.kind());
        Instant now = clock.instant();
        if (source == null) {
            Utility u = Utility.of(m.kind()).orElseThrow();
            String keys = u == Utility.TELEO ? "utility.teleo.username and utility.teleo.password-file"
                    : "utility." + u.name().toLowerCase() + ".client-id and utility." + u.name().toLowerCase() + ".client-secret-file";
            UtilityException e = UtilityException.credentialsRejected(u, "no credentials are configured; set " + keys
                    + " (see docs/utilities.md)");
            return finish(m, null, null, 0, 0, 0, e);
        }
        LocalDate today = LocalDate.now(clock.withZone(m.zone()));
        LocalDate oldest = today.minusDays(source.limits().historyDays());
        LocalDate first;
        if (from != null) {
            first = from;
        } else if (start.cursor() == null) {
            first = oldest;
        } else {
            LocalDate refetch = today.minusDays(refetchDays);
            first = start.cursor().isBefore(refetch) ? start.cursor() : refetch;
        }
        if (first.isBefore(oldest)) {
            first = oldest;
        }
        LocalDate begin = first;
        List<DateWindows.Window> windows = DateWindows.split(begin, today, source.limits().maxDaysPerCall());
        int total = (int) (today.toEpochDay() - begin.toEpochDay());
        MeterRef ref = new MeterRef(m.code().value(), m.externalId() == null ? "" : m.externalId(), m.zone());
        LOG.info("sync of meter {} ({}): {} to {}, {} call window(s)", m.code(), source.utility(), begin, today, windows.size());
        int[] counts = new int[3];
        return jdbc.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(SyncSql.START_RUN)) {
                ps.setInt(1, total);
                ps.setDate(2, Date.valueOf(begin));
                ps.setInt(3, m.id());
                ps.executeUpdate();
            }
            return null;
        }).compose(v -> contract(source, m, begin, today)).compose(v -> {
            progress.update(m.code().value(), 0, total);
            Future<Void> chain = Future.succeededFuture();
            for (DateWindows.Window w : windows) {
                chain = chain.compose(x -> window(source, ref, m, w).map(f -> {
                    counts[0] += (int) w.days();
                    counts[1] += f.readings().size();
                    counts[2] += f.skipped();
                    progress.update(m.code().value(), counts[0], total);
                    return null;
                }));
            }
            return chain;
        }).transform(ar -> {
            if (ar.succeeded()) {
                return finish(m, begin, today, counts[0], counts[1], counts[2], null);
            }
            Throwable t = ar.cause();
            if (t instanceof UtilityException ue) {
                return finish(m, begin, today, counts[0], counts[1], counts[2], ue);
            }
            return recordInternalFailure(m, t).compose(x -> Future.failedFuture(t));
        });
    }

    /**
     * An Enedis meter's contract: its off-peak hours feed the tariff calendar, its subscribed power is learned as the
     * meter's own (#16: {@code meter_contract}, source {@code enedis}; a household without a TIC gateway gets it this
     * way). Not fatal: the data matters more.
     */
    private Future<Void> contract(UtilitySource source, Meter m, LocalDate begin, LocalDate today) {
        if (!(source instanceof EnedisClient enedis)) {
            return Future.succeededFuture();
        }
        return enedis.contract(m.externalId())
                .compose(c -> c.offPeakHours() == null || offPeakSink == null ? Future.succeededFuture(c)
                        : offPeakSink.offPeak(m.id(), c.offPeakHours(), begin, today, m.zone()).map(c))
                .compose(c -> learnPower(m, c))
                .recover(e -> {
                    LOG.warn("meter {}: the Enedis contract could not be read or recorded ({}); the tariff calendar is unchanged",
                            m.code(), e.getMessage());
                    return Future.succeededFuture();
                });
    }

    /**
     * The contract's subscribed power, through the facts store (written only when it differs from the meter's latest
     * learned subscription, whoever told it; the option is kept: Data Connect's contract names the distribution
     * tariff, not the supplier's option).
     */
    private Future<Void> learnPower(Meter m, EnedisClient.Contract c) {
        Integer kva = c.subscribedKva();
        if (kva == null || kva < 1 || kva > Meter.MAX_SUBSCRIBED_KVA) {
            return Future.succeededFuture();
        }
        MeterFacts facts = new MeterFacts(m.code().value(), List.of(new MeterFacts.Contract(clock.instant(), kva, null)), List.of(),
                MeterFacts.ENEDIS);
        return submit(List.of(), new MeterFactsStore(facts), "sync:enedis-contract");
    }

    /** Fetches one window and commits its readings together with the cursor. */
    private Future<Fetched> window(UtilitySource source, MeterRef ref, Meter m, DateWindows.Window w) {
        return source.fetch(ref, w.from(), w.to())
                .recover(e -> e instanceof UtilityException ue && ue.kind() == UtilityException.Kind.NO_DATA
                        ? Future.succeededFuture(Fetched.empty()) : Future.failedFuture(e))
                .compose(f -> {
                    if (f.skipped() > 0) {
                        LOG.warn("sync of meter {}: {} unusable record(s) from {} for {} to {} skipped", m.code(), f.skipped(),
                                source.utility(), w.from(), w.to());
                    }
                    return submit(f.readings(), hook(m.id(), f.readings(), w), "sync:" + source.utility()).map(r -> f);
                });
    }

    private Future<Void> submit(List<Reading> readings, ReadingWriter.TransactionHook hook, String sourceName) {
        return writer.submit(readings, List.of(), hook, sourceName).<Void>mapEmpty().recover(e -> {
            if (e instanceof WriterFullException) {
                Promise<Void> later = Promise.promise();
                vertx.setTimer(500, id -> submit(readings, hook, sourceName).onComplete(later));
                return later.future();
            }
            return Future.failedFuture(e);
        });
    }

    static ReadingWriter.TransactionHook hook(int meterId, List<Reading> readings, DateWindows.Window w) {
        return c -> {
            if (!readings.isEmpty()) {
                correct(c, meterId, readings);
            }
            try (PreparedStatement ps = c.prepareStatement(SyncSql.ADVANCE)) {
                ps.setDate(1, Date.valueOf(w.to()));
                ps.setDate(2, Date.valueOf(w.to()));
                ps.setInt(3, (int) w.days());
                ps.setInt(4, meterId);
                ps.executeUpdate();
            }
        };
    }

    private static void correct(Connection c, int meterId, List<Reading> all) throws SQLException {
        // A corrected value no meter can produce stays out of reading (the writer holds it in quarantine).
        List<Reading> readings = all.stream().filter(r -> ReadingChecks.impossible(r) == null).toList();
        String[] channels = new String[readings.size()];
        Timestamp[] instants = new Timestamp[readings.size()];
        Long[] values = new Long[readings.size()];
        for (int i = 0; i < readings.size(); i++) {
            Reading r = readings.get(i);
            channels[i] = r.channel();
            instants[i] = Timestamp.from(r.instant());
            values[i] = r.value();
        }
        Instant earliest = null;
        int changed = 0;
        try (PreparedStatement ps = c.prepareStatement(SyncSql.CORRECT)) {
            Array a1 = c.createArrayOf("text", channels);
            Array a2 = c.createArrayOf("timestamptz", instants);
            Array a3 = c.createArrayOf("bigint", values);
            ps.setArray(1, a1);
            ps.setArray(2, a2);
            ps.setArray(3, a3);
            ps.setInt(4, meterId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant i = rs.getTimestamp(1).toInstant();
                    earliest = earliest == null || i.isBefore(earliest) ? i : earliest;
                    changed++;
                }
            }
        }
        // corrections of compacted days: the block holds the value the readers see, so it takes the correction too
        for (Instant i : CompactedDays.correct(c, meterId, readings)) {
            earliest = earliest == null || i.isBefore(earliest) ? i : earliest;
            changed++;
        }
        if (earliest != null) {
            LOG.info("meter id {}: {} value(s) corrected by the utility since {}", meterId, changed, earliest);
            RecomputeMarks.mark(c, meterId, earliest);
        }
    }

    private Future<SyncReport> finish(Meter m, LocalDate from, LocalDate to, int days, int readings, int skipped,
                                      UtilityException error) {
        Instant now = clock.instant();
        Instant next = error == null ? schedule.afterSuccess(now, m.zone()) : schedule.afterFailure(now, m.zone(), error);
        if (error != null) {
            LOG.warn("sync of meter {} stopped: {}; next try at {}", m.code(), error.getMessage(), next);
        } else {
            LOG.info("sync of meter {} done: {} day(s), {} reading(s); next at {}", m.code(), days, readings, next);
        }
        return jdbc.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(error == null ? SyncSql.SUCCEEDED : SyncSql.FAILED)) {
                int i = 1;
                if (error != null) {
                    ps.setString(i++, error.getMessage());
                    ps.setString(i++, error.kind().name());
                }
                ps.setTimestamp(i++, Timestamp.from(next));
                ps.setInt(i++, readings);
                ps.setInt(i, m.id());
                ps.executeUpdate();
            }
            return new SyncReport(m.code().value(), from, to, days, readings, skipped, error);
        });
    }

    private Future<Void> recordInternalFailure(Meter m, Throwable t) {
        Instant next = clock.instant().plusSeconds(900);
        return jdbc.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(SyncSql.FAILED)) {
                ps.setString(1, "internal error: " + t.getMessage());
                ps.setString(2, "INTERNAL");
                ps.setTimestamp(3, Timestamp.from(next));
                ps.setNull(4, java.sql.Types.INTEGER);
                ps.setInt(5, m.id());
                ps.executeUpdate();
            }
            return (Void) null;
        }).otherwiseEmpty();
    }

    private Meter meter(Connection c, String code) throws SQLException {
        Meter m = Meters.byCode(c, new MeterCode(code)).orElseThrow(() -> new IllegalArgumentException("no meter '" + code
                + "'; list the meters with 'ecofoyer sync --all' or register it first"));
        if (!m.kind().fromUtility()) {
            throw new IllegalArgumentException("meter '" + code + "' is a " + m.kind()
                    + " meter: only GAZPAR, ENEDIS_API and TELEO meters are synced from a utility");
        }
        return m;
    }

    private static List<String> codes(Connection c, String sql, Timestamp now) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (now != null) {
                ps.setTimestamp(1, now);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
