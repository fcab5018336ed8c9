package org.ecofoyer.drivers.serial;

import org.ecofoyer.storage.TestServices;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A pair of connected pseudo-terminals made by socat ({@code pty,raw,echo=0}): the meter writes on one end, the
 * reader opens the other. Needs {@code ECO_TEST_SOCAT} (set by scripts/test.sh); without it, tests are skipped loudly.
 */
public final class SocatPair implements AutoCloseable {
    private final Process process;
    public final Path meterEnd;
    public final Path readerEnd;

    private SocatPair(Process process, Path meterEnd, Path readerEnd) {
        this.process = process;
        this.meterEnd = meterEnd;
        this.readerEnd = readerEnd;
    }

    /** The socat binary, or a skipped test. */
    public static String socat() {
        return TestServices.require("ECO_TEST_SOCAT");
    }

    /** Starts a pair whose ends are the symbolic links {@code dir/meter} and {@code dir/dongle}. */
    public static SocatPair start(Path dir) throws IOException {
        Path meter = dir.resolve("meter");
        Path dongle = dir.resolve("dongle");
        Files.deleteIfExists(meter);
        Files.deleteIfExists(dongle);
        Process p = new ProcessBuilder(List.of(socat(), "pty,raw,echo=0,link=" + meter, "pty,raw,echo=0,link=" + dongle))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(meter) && Files.exists(dongle));
        return new SocatPair(p, meter, dongle);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
