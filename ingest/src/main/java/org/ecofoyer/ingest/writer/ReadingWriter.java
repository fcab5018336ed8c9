package org.ecofoyer.ingest.writer;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.ecofoyer.core.runtime.NamedThreads;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single way readings reach the database, for every source (serial, MQTT, utility pollers).
 *
 * <p>Submissions queue up (bounded, counted in readings) and are written by dedicated writer threads in batches,
 * by size and by age: {@code COPY} into a session-private staging table, then one {@code INSERT ... ON CONFLICT DO
 * NOTHING} into {@code reading} that also marks {@code reading_dirty} with the earliest instant inserted per meter,
 * plus the submissions' {@link MeterEvent}s and {@link TransactionHook}s, all in one transaction (that transaction,
 * and every statement in it, is {@link ReadingStore}'s; this class is the queue, the batching, the writer threads and
 * the retries). Each submission's future completes only after that commit: a source acknowledges its data then,
 * never before.
 *
 * <p>When the database is down the batch is retried with exponential backoff, forever, logged once per outage; the
 * queue fills and sources are held back (see {@link #submit}). A batch refused for its data (a constraint, a hook's
 * error) is retried one submission at a time, so that one bad submission fails alone.
 */
public final class ReadingWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingWriter.class);
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    /** Extra work done in the transaction that holds a submission's readings, e.g. advancing a sync cursor. */
    @FunctionalInterface
    public interface TransactionHook {
        void run(Connection connection) throws SQLException;
    }

    private record Submission(List<Reading> readings, List<MeterEvent> events, TransactionHook hook, String source,
                              Promise<WriteResult> promise, long enqueuedNanos) implements ReadingStore.Part {
        int size() {
            return Math.max(1, readings.size());
        }
    }

    private final ReadingStore store;
    private final Clock clock;
    private final Duration futureTolerance;
    private final WriterConfig config;
    private final IngestMetrics metrics;
    private final RateLimitedLog fencedLog = new RateLimitedLog(LOG, Duration.ofMinutes(1));
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Submission> queue = new ArrayDeque<>();
    private int queued;
    private int inFlight;
    private boolean accepting = true;
    private boolean stopped;
    private final List<Thread> threads = new ArrayList<>();
    private final Object outageLock = new Object();
    private volatile long outageSince;
    private volatile boolean databaseUp = true;
    /** Start ({@link System#nanoTime}) of each writer thread's transaction in progress, by thread id. */
    private final java.util.Map<Long, Long> attempts = new java.util.concurrent.ConcurrentHashMap<>();
    private final RateLimitedLog quarantineLog = new RateLimitedLog(LOG, Duration.ofMinutes(1));

    /** The source name of a submission that does not say where it comes from. */
    public static final String UNNAMED_SOURCE = "unnamed";
    /** How far ahead of the receiving clock an instant may be by default (meter and gateway clocks drift a little). */
    public static final Duration DEFAULT_FUTURE_TOLERANCE = Duration.ofMinutes(10);

    /** With the system clock and the default future tolerance. */
    public ReadingWriter(DataSource dataSource, WriterConfig config, IngestMetrics metrics) {
        this(dataSource, config, metrics, Clock.systemUTC(), DEFAULT_FUTURE_TOLERANCE);
    }

    /**
     * @param clock           the receiving clock: a reading later than its now plus {@code futureTolerance} goes to
     *                        quarantine (tests fix it)
     * @param futureTolerance how far ahead of the clock an instant may be
     */
    public ReadingWriter(DataSource dataSource, WriterConfig config, IngestMetrics metrics, Clock clock, Duration futureTolerance) {
        this.store = new ReadingStore(dataSource, clock, futureTolerance);
        this.clock = clock;
        this.futureTolerance = futureTolerance;
        this.config = config;
        this.metrics = metrics;
        metrics.gauge("ingest.queue.readings", "readings waiting for the database", this::queuedReadings);
        metrics.gauge("ingest.database.up", "1 when the last write succeeded and none is stalled", () -> databaseUp() ? 1 : 0);
    }

    /** Starts the writer threads. */
    public synchronized ReadingWriter start() {
        if (threads.isEmpty()) {
            ThreadFactory named = NamedThreads.pool("ingest-writer");
            for (int i = 0; i < config.threads(); i++) {
                Thread t = named.newThread(this::loop);
                threads.add(t);
                t.start();
            }
        }
        return this;
    }

    /** {@link #submit(List, List, TransactionHook, String)} with readings only, from an unnamed source. */
    public Future<WriteResult> submit(List<Reading> readings) {
        return submit(readings, List.of(), null, UNNAMED_SOURCE);
    }

    /** {@link #submit(List, List, TransactionHook, String)} with readings only. */
    public Future<WriteResult> submit(List<Reading> readings, String source) {
        return submit(readings, List.of(), null, source);
    }

    /** {@link #submit(List, List, TransactionHook, String)} from an unnamed source. */
    public Future<WriteResult> submit(List<Reading> readings, List<MeterEvent> events, TransactionHook hook) {
        return submit(readings, events, hook, UNNAMED_SOURCE);
    }

    /**
     * Queues readings (and events, and a hook) to be written in one transaction; the future completes after the
     * commit, on a writer thread (keep its handlers short), or fails if the writer is closed first.
     * When the queue is full this call <b>blocks</b> until there is room, which is how sources are held back —
     * unless called on a Vert.x event loop, where it fails fast with {@link WriterFullException} instead.
     * Readings that fail the writer's checks go to quarantine with {@code source} (the result counts them by reason).
     *
     * @param source where the readings come from, e.g. {@code mqtt:tele/linky-42/SENSOR}, {@code import:capture.txt}
     */
    public Future<WriteResult> submit(List<Reading> readings, List<MeterEvent> events, TransactionHook hook, String source) {
        return enqueue(readings, events, hook, source, !Context.isOnEventLoopThread());
    }

    /** Like {@link #submit(List, List, TransactionHook)} but never blocks: fails with {@link WriterFullException} when full. */
    public Future<WriteResult> trySubmit(List<Reading> readings, List<MeterEvent> events, TransactionHook hook) {
        return enqueue(readings, events, hook, UNNAMED_SOURCE, false);
    }

    private Future<WriteResult> enqueue(List<Reading> readings, List<MeterEvent> events, TransactionHook hook, String source,
                                        boolean mayWait) {
        Submission s = new Submission(List.copyOf(readings), List.copyOf(events), hook,
                source == null || source.isBlank() ? UNNAMED_SOURCE : source, Promise.promise(), System.nanoTime());
        lock.lock();
        try {
            while (accepting && queued > 0 && queued + s.size() > config.queueCapacity()) {
                if (!mayWait) {
                    return Future.failedFuture(new WriterFullException("ingest writer queue full (" + queued
                            + " readings waiting for the database)"));
                }
                notFull.awaitUninterruptibly();
            }
            if (!accepting) {
                return Future.failedFuture(new IllegalStateException("ingest writer is closed"));
            }
            queue.addLast(s);
            queued += s.size();
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        metrics.submitted(readings.size());
        return s.promise.future();
    }

    /** Readings queued and not yet taken by a writer thread. */
    public int queuedReadings() {
        return queued;
    }

    public int capacity() {
        return config.queueCapacity();
    }

    /** Room left in the queue, in readings. */
    public int remainingCapacity() {
        return Math.max(0, config.queueCapacity() - queued);
    }

    /**
     * False from the first failed attempt of an outage until the next commit, and while a transaction has waited for
     * the database longer than the stall timeout (a silent database: the driver's own timeouts end the wait later).
     */
    public boolean databaseUp() {
        return databaseUp && stalledSinceNanos() == 0;
    }

    /** When the current outage began (epoch ms), 0 when none; a stall counts from its transaction's start. */
    public long outageSince() {
        long since = outageSince;
        long stalled = stalledSinceNanos();
        if (since == 0 && stalled != 0) {
            return System.currentTimeMillis() - (System.nanoTime() - stalled) / 1_000_000;
        }
        return since;
    }

    /** The start of the oldest transaction in progress for longer than the stall timeout, 0 when none. */
    private long stalledSinceNanos() {
        long now = System.nanoTime();
        long limit = config.stallTimeout().toNanos();
        long oldest = 0;
        for (long start : attempts.values()) {
            if (now - start > limit && (oldest == 0 || start - oldest < 0)) {
                oldest = start;
            }
        }
        return oldest;
    }

    /** The receiving clock's now plus the future tolerance: a later instant goes to quarantine. */
    public java.time.Instant latestTrustedInstant() {
        return clock.instant().plus(futureTolerance);
    }

    /** The receiving clock (the one the checks use). */
    public Clock clock() {
        return clock;
    }

    public Duration futureTolerance() {
        return futureTolerance;
    }

    public WriterConfig config() {
        return config;
    }

    public IngestMetrics metrics() {
        return metrics;
    }

    /**
     * Stops accepting, writes what is queued (waiting at most {@code timeout}, e.g. while the database is down), then
     * stops the threads; submissions still unwritten then fail, so their sources do not acknowledge them.
     */
    public void close(Duration timeout) {
        lock.lock();
        try {
            accepting = false;
            notFull.signalAll();
            notEmpty.signalAll();
            long deadline = System.nanoTime() + timeout.toNanos();
            while ((!queue.isEmpty() || inFlight > 0) && System.nanoTime() < deadline) {
                notFull.awaitNanos(Math.max(1, deadline - System.nanoTime()));
            }
            stopped = true;
            notEmpty.signalAll();
            for (Submission s : queue) {
                s.promise.tryFail(new IllegalStateException("ingest writer closed before the database took these readings"));
            }
            queue.clear();
            queued = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private void loop() {
        while (true) {
            List<Submission> batch;
            try {
                batch = takeBatch();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                return;
            }
            try {
                writeWithRetry(batch);
            } catch (InterruptedException e) {
                fail(batch, new IllegalStateException("ingest writer stopped before the database took these readings"));
                return;
            } finally {
                lock.lock();
                try {
                    inFlight--;
                    notFull.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Waits for a full batch or for the oldest submission's age limit, then takes at most batch-size readings. */
    private List<Submission> takeBatch() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (queue.isEmpty()) {
                    if (stopped || !accepting) {
                        return null;
                    }
                    notEmpty.await();
                    continue;
                }
                long wait = queue.peekFirst().enqueuedNanos + config.batchMaxAge().toNanos() - System.nanoTime();
                if (accepting && queued < config.batchSize() && wait > 0) {
                    notEmpty.awaitNanos(wait);
                    continue;
                }
                List<Submission> batch = new ArrayList<>();
                int n = 0;
                while (!queue.isEmpty() && (batch.isEmpty() || n + queue.peekFirst().size() <= config.batchSize())) {
                    Submission s = queue.pollFirst();
                    batch.add(s);
                    n += s.size();
                }
                queued -= n;
                inFlight++;
                notFull.signalAll();
                if (!queue.isEmpty()) {
                    notEmpty.signal();
                }
                return batch;
            }
        } finally {
            lock.unlock();
        }
    }

    private void writeWithRetry(List<Submission> batch) throws InterruptedException {
        long backoff = config.retryMin().toMillis();
        boolean idsRefreshed = false;
        while (true) {
            try {
                List<WriteResult> results = writeOnce(batch);
                databaseRecovered();
                complete(batch, results);
                return;
            } catch (SQLException e) {
                if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState()) && !idsRefreshed) {
                    // A meter was deleted after its id was cached: look the codes up again, so that its readings
                    // are rejected as unknown and the rest of the batch is written.
                    store.forgetMeterIds();
                    idsRefreshed = true;
                    continue;
                }
                if (isDataError(e)) {
                    store.forgetMeterIds();
                    isolate(batch, e);
                    return;
                }
                databaseFailed(e);
            } catch (RuntimeException e) {
                LOG.error("unexpected error writing {} submissions; retrying", batch.size(), e);
                databaseFailed(new SQLException(e));
            }
            if (stopped) {
                fail(batch, new IllegalStateException("ingest writer closed while the database was unavailable"));
                return;
            }
            metrics.transactionRetried();
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, config.retryMax().toMillis());
        }
    }

    /** After a data error, each submission alone: the bad one fails, the others are written. */
    private void isolate(List<Submission> batch, SQLException cause) throws InterruptedException {
        if (batch.size() == 1) {
            Submission s = batch.get(0);
            if (cause instanceof SessionFenced) {
                metrics.fencedReadings(s.readings.size());
                fencedLog.info("fenced", "{} reading(s) of messages received on an MQTT session fenced since were not committed:"
                        + " the peer that adopts the session stores them from the broker's resend", s.readings.size());
                s.promise.tryFail(cause);
                return;
            }
            LOG.warn("the database refused a submission of {} readings for its data ({}): {}", s.readings.size(),
                    cause.getSQLState(), cause.getMessage());
            metrics.reject("refused_by_database", s.readings.size());
            s.promise.tryFail(cause);
            return;
        }
        for (Submission s : batch) {
            writeWithRetry(List.of(s));
        }
    }

    private void databaseFailed(SQLException e) {
        databaseUp = false;
        synchronized (outageLock) {
            if (outageSince == 0) {
                outageSince = System.currentTimeMillis();
                metrics.databaseOutage();
                LOG.warn("database unavailable ({}); holding {} queued readings and retrying with backoff up to {}",
                        e.getMessage(), queued, config.retryMax());
            }
        }
    }

    private void databaseRecovered() {
        databaseUp = true;
        if (outageSince != 0) {
            synchronized (outageLock) {
                if (outageSince != 0) {
                    LOG.info("database available again after {} s; writing resumed",
                            (System.currentTimeMillis() - outageSince) / 1000);
                    outageSince = 0;
                }
            }
        }
    }

    private List<WriteResult> writeOnce(List<Submission> batch) throws SQLException {
        long t0 = System.nanoTime();
        ReadingStore.Written w;
        attempts.put(Thread.currentThread().getId(), t0);
        try {
            w = store.write(batch);
        } finally {
            attempts.remove(Thread.currentThread().getId());
        }
        metrics.transaction(System.nanoTime() - t0, w.staged(), w.inserted());
        if (w.rejected() > 0) {
            metrics.reject("unknown_meter", w.rejected());
        }
        w.quarantined().forEach((reason, n) -> {
            metrics.quarantined(reason, n);
            quarantineLog.warn(reason, "{} reading(s) held in quarantine ({}): see 'ecofoyer quarantine list --reason {}'",
                    n, reason, reason);
        });
        return w.results();
    }

    private void complete(List<Submission> batch, List<WriteResult> results) {
        long now = System.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
            Submission s = batch.get(i);
            long latency = now - s.enqueuedNanos;
            metrics.committed(latency);
            try {
                s.promise.tryComplete(results.get(i));
            } catch (RuntimeException e) {
                LOG.warn("a source's commit handler failed: {}", e.toString());
            }
        }
    }

    private static void fail(List<Submission> batch, Throwable cause) {
        for (Submission s : batch) {
            s.promise.tryFail(cause);
        }
    }

    /**
     * Errors caused by the data itself (bad value, constraint, SQL or hook error), which retrying cannot fix;
     * anything else (connection lost, server shutting down, deadlock, pool timeout) is an outage and is retried.
     */
    static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        if (state == null || state.length() < 2) {
            return false;
        }
        String cls = state.substring(0, 2);
        return cls.equals("22") || cls.equals("23") || cls.equals("42") || cls.equals("P0") || cls.equals("2B") || cls.equals("0A");
    }
}
