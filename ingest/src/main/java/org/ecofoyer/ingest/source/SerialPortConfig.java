package org.ecofoyer.ingest.source;

import java.time.Duration;
import org.ecofoyer.drivers.tic.TicModeSetting;

/**
 * One serial TIC port (USB dongle, UART) and the meter behind it.
 *
 * @param port  device path, e.g. {@code /dev/ttyUSB0}
 * @param meter the meter's code in Ecofoyer
 * @param mode  {@code auto} (default), {@code historique} or {@code standard}
 * @param silenceAfter no frame for this long and the line is reported silent ({@code /health}, a metric, logged once):
 *                     a meter sends a frame every 1 to 2 s. Default 60 s
 */
public record SerialPortConfig(String port, String meter, TicModeSetting mode, Duration silenceAfter) {
    /** With the default silence limit (60 s). */
    public SerialPortConfig(String port, String meter, TicModeSetting mode) {
        this(port, meter, mode, null);
    }

    public SerialPortConfig {
        if (port == null || port.isBlank()) {
            throw new IllegalArgumentException("port: expected a serial device path such as /dev/ttyUSB0");
        }
        if (meter == null || meter.isBlank()) {
            throw new IllegalArgumentException("meter: expected the code of the meter on " + port);
        }
        mode = mode == null ? TicModeSetting.AUTO : mode;
        silenceAfter = silenceAfter == null ? Duration.ofSeconds(60) : silenceAfter;
        if (silenceAfter.toSeconds() < 5) {
            throw new IllegalArgumentException("silenceAfter: expected at least 5s (a meter sends a frame every 1 to 2 s), got " + silenceAfter);
        }
    }
}
