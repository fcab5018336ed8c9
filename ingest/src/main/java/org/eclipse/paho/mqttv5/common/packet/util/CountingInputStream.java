package org.eclipse.paho.mqttv5.common.packet.util;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ecofoyer's replacement for Eclipse Paho 1.2.5's class of the same name (same public API), which the MQTT client
 * uses to parse every incoming packet. Paho's version overrides only {@code read()}, so {@code readFully} of a
 * message (twice per PUBLISH: the packet, then its payload) went one byte at a time through a synchronized
 * {@code ByteArrayInputStream.read()}: 38 % of the load test JVM's CPU samples at 5,000 messages/s. This one passes
 * bulk reads through. Paho's own copy is left out of the packaged jar (app's shade filter) and this one comes first
 * on the module's class path; {@code PahoPatchTest} and {@code PahoPatchIT} check that it is the one in use. Remove
 * it when Paho fixes it.
 */
public class CountingInputStream extends InputStream {
    private final InputStream inputStream;
    private int counter;

    public CountingInputStream(InputStream inputStream) {
        this.inputStream = inputStream;
    }

    @Override
    public int read() throws IOException {
        int b = inputStream.read();
        if (b != -1) {
            counter++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = inputStream.read(b, off, len);
        if (n > 0) {
            counter += n;
        }
        return n;
    }

    /** Bytes read so far. */
    public int getCounter() {
        return counter;
    }

    public void resetCounter() {
        counter = 0;
    }
}
