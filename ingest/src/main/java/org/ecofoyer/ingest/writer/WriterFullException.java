package org.ecofoyer.ingest.writer;

/** The writer's queue is full and the caller cannot wait (an event loop, or {@link ReadingWriter#trySubmit}). */
public final class WriterFullException extends RuntimeException {
    WriterFullException(String message) {
        super(message, null, false, false);
    }
}
