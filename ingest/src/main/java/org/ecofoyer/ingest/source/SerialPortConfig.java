package org.ecofoyer.ingest.source;

import java.util.Locale;

/**
 * One serial TIC port (USB dongle, UART) and the meter behind it.
 *
 * @param port  device path, e.g. {@code /dev/ttyUSB0}
 * @param meter the meter's code in Ecofoyer
 * @param mode  {@code auto} (default), {@code historique} or {@code standard}
 */
public record SerialPortConfig(String port, String meter, String mode) {
    public SerialPortConfig {
        if (port == null || port.isBlank()) {
            throw new IllegalArgumentException("port: expected a serial device path such as /dev/ttyUSB0");
        }
        if (meter == null || meter.isBlank()) {
            throw new IllegalArgumentException("meter: expected the code of the meter on " + port);
        }
        mode = mode == null ? "auto" : mode.strip().toLowerCase(Locale.ROOT);
        if (!mode.equals("auto") && !mode.equals("historique") && !mode.equals("standard")) {
            throw new IllegalArgumentException("mode: expected auto, historique or standard, got '" + mode + "'");
        }
    }
}
