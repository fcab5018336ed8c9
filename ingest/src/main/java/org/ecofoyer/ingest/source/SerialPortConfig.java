package org.ecofoyer.ingest.source;

import org.ecofoyer.drivers.tic.TicModeSetting;

/**
 * One serial TIC port (USB dongle, UART) and the meter behind it.
 *
 * @param port  device path, e.g. {@code /dev/ttyUSB0}
 * @param meter the meter's code in Ecofoyer
 * @param mode  {@code auto} (default), {@code historique} or {@code standard}
 */
public record SerialPortConfig(String port, String meter, TicModeSetting mode) {
    public SerialPortConfig {
        if (port == null || port.isBlank()) {
            throw new IllegalArgumentException("port: expected a serial device path such as /dev/ttyUSB0");
        }
        if (meter == null || meter.isBlank()) {
            throw new IllegalArgumentException("meter: expected the code of the meter on " + port);
        }
        mode = mode == null ? TicModeSetting.AUTO : mode;
    }
}
