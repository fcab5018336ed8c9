package org.ecofoyer.tools.sim;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import org.ecofoyer.drivers.tic.TicMode;

/** Writes TIC bytes to a serial port at a mode's wire settings, as a meter does (used by the meter simulator). */
public final class TicSerialWriter implements AutoCloseable {
    private final SerialPort port;
    private final boolean lineSettingsIgnored;

    private TicSerialWriter(SerialPort port, boolean lineSettingsIgnored) {
        this.port = port;
        this.lineSettingsIgnored = lineSettingsIgnored;
    }

    /** Opens {@code path} at the mode's speed, 7E1. */
    public static TicSerialWriter open(String path, TicMode mode) throws IOException {
        SerialPort p;
        try {
            p = SerialPort.getCommPort(path);
        } catch (RuntimeException e) {
            throw new IOException("no serial port " + path + ": " + e.getMessage(), e);
        }
        p.setComPortTimeouts(SerialPort.TIMEOUT_WRITE_BLOCKING, 0, 5000);
        if (!p.openPort(0)) {
            throw new IOException("cannot open serial port " + path + " (error " + p.getLastErrorCode()
                    + "): check the path and permissions (group dialout)");
        }
        boolean ignored = !p.setComPortParameters(mode.baudRate(), TicMode.DATA_BITS, SerialPort.ONE_STOP_BIT, SerialPort.EVEN_PARITY);
        return new TicSerialWriter(p, ignored);
    }

    /** Whether the port refused 7E1 (pseudo-terminals stay 8N1). */
    public boolean lineSettingsIgnored() {
        return lineSettingsIgnored;
    }

    public void write(byte[] bytes) throws IOException {
        int off = 0;
        while (off < bytes.length) {
            int n = port.writeBytes(bytes, bytes.length - off, off);
            if (n < 0) {
                throw new IOException("write to " + port.getSystemPortPath() + " failed (error " + port.getLastErrorCode() + ")");
            }
            if (n == 0) {
                throw new IOException("write to " + port.getSystemPortPath() + " timed out: is the other end still there?");
            }
            off += n;
        }
    }

    @Override
    public void close() {
        port.closePort();
    }
}
