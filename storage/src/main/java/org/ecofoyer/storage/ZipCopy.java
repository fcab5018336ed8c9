package org.ecofoyer.storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.postgresql.PGConnection;

/**
 * Streams a query's CSV out of PostgreSQL ({@code COPY ... TO STDOUT}) into one entry of a zip: the household export's
 * parts use it so that no table is held in memory whatever its size.
 */
public final class ZipCopy {
    private ZipCopy() {
    }

    /**
     * Writes entry {@code name} from {@code sql}, a {@code COPY (...) TO STDOUT} statement with one {@code %s} where
     * {@code value} goes as a quoted SQL literal (COPY takes no bind parameters).
     */
    public static void copy(Connection c, ZipOutputStream zip, String name, String sql, String value) throws SQLException, IOException {
        zip.putNextEntry(new ZipEntry(name));
        c.unwrap(PGConnection.class).getCopyAPI().copyOut(String.format(sql, literal(value)), new NonClosing(zip));
        zip.closeEntry();
    }

    /** {@code s} as a standard-conforming SQL string literal. */
    static String literal(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a NUL character cannot be in an SQL literal");
        }
        return "'" + s.replace("'", "''") + "'";
    }

    /** Keeps COPY from closing the zip stream. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
