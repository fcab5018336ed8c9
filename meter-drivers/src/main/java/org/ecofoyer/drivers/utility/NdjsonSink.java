package org.ecofoyer.drivers.utility;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Receives an HTTP body as it arrives and hands it on one NDJSON line at a time, so that a large answer is never
 * held whole in memory. Blank lines are skipped, a final line without newline is handed on at the end, and the first
 * few kilobytes are kept verbatim to explain an error answer.
 */
public final class NdjsonSink implements WriteStream<Buffer> {
    private static final int HEAD = 4096;
    private static final int MAX_LINE = 1 << 20;

    private final Consumer<String> lines;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final StringBuilder head = new StringBuilder();
    private boolean tooLong;

    public NdjsonSink(Consumer<String> lines) {
        this.lines = lines;
    }

    /** The beginning of the body, for error messages and error mapping. */
    public String head() {
        return head.toString();
    }

    @Override
    public Future<Void> write(Buffer data) {
        byte[] bytes = data.getBytes();
        if (head.length() < HEAD) {
            String s = new String(bytes, StandardCharsets.UTF_8);
            head.append(s, 0, Math.min(s.length(), HEAD - head.length()));
        }
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                pending.write(bytes, start, i - start);
                emit(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
                start = i + 1;
            }
        }
        pending.write(bytes, start, bytes.length - start);
        if (pending.size() > MAX_LINE) {
            tooLong = true;
            pending.reset();
        }
        return Future.succeededFuture();
    }

    /** Whether a line longer than 1 MiB was dropped. */
    public boolean lineTooLong() {
        return tooLong;
    }

    private void emit(String line) {
        String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (!l.isBlank()) {
            lines.accept(l);
        }
    }

    @Override
    public Future<Void> end() {
        if (pending.size() > 0) {
            emit(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
        }
        return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        return this;
    }
}
