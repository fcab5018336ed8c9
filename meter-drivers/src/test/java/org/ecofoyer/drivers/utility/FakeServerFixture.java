package org.ecofoyer.drivers.utility;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.tools.fake.FakeUtilityServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A real fake utility server on a free loopback port, a real WebClient, and quick retries for tests. */
public abstract class FakeServerFixture {
    protected static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /** Three attempts, 50 ms backoff, Retry-After up to 5 s waited in place, 1.5 s without an answer is a timeout. */
    protected static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofSeconds(5),
            Duration.ofMillis(1500));
    protected static final ApiLimits FAST = new ApiLimits(Duration.ZERO, 0, 28, 3 * 365);

    protected Vertx vertx;
    protected WebClient web;
    protected FakeUtilityServer fake;
    /** Ticks from noon in Paris on a fixed date: no test straddles a Paris midnight, whatever the hour it runs. */
    protected final Clock clock = Clock.offset(Clock.systemUTC(),
            Duration.between(java.time.Instant.now(), java.time.Instant.parse("2026-11-18T11:00:00Z")));

    @BeforeEach
    void startFake() throws Exception {
        vertx = Vertx.vertx();
        web = WebClient.create(vertx);
        fake = await(new FakeUtilityServer(vertx, clock, PARIS).start("127.0.0.1", 0));
    }

    @AfterEach
    void stopFake() throws Exception {
        web.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    protected LocalDate today() {
        return LocalDate.now(clock.withZone(PARIS));
    }

    public static <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** The typed error a future failed with. */
    public static UtilityException failure(Future<?> f) throws Exception {
        try {
            f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(UtilityException.class);
            return (UtilityException) e.getCause();
        }
        throw new AssertionError("expected a failure, got a result");
    }
}
