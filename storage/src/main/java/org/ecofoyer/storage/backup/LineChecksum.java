package org.ecofoyer.storage.backup;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A table's fingerprint in text COPY form: the number of lines (rows) and the sum, modulo 2^64, of the first 8 bytes of
 * each line's SHA-256. A sum does not depend on the rows' order (a table has none, and a restored one comes back in
 * another physical order), yet a row changed, lost or added changes it. Text COPY ends every row with a newline and
 * escapes the newlines inside values, so a line is a row.
 */
final class LineChecksum {
    static final String ALGORITHM = "sha256-line-sum64";

    private final MessageDigest digest;
    private long rows;
    private long sum;

    LineChecksum() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    void update(byte[] b, int off, int len) {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == '\n') {
                digest.update(b, start, i + 1 - start);
                sum += ByteBuffer.wrap(digest.digest()).getLong();
                rows++;
                start = i + 1;
            }
        }
        if (start < end) {
            digest.update(b, start, end - start);
        }
    }

    long rows() {
        return rows;
    }

    /** Bytes written pass to {@code out} and through this sum; closing it leaves {@code out} open (a zip's entry). */
    OutputStream passingTo(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                update(b, off, len);
                out.write(b, off, len);
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Bytes written only go through this sum. */
    OutputStream sink() {
        return passingTo(OutputStream.nullOutputStream());
    }

    /** Bytes read from {@code in} pass through this sum. */
    InputStream reading(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    update(b, off, n);
                }
                return n;
            }
        };
    }

    String value() {
        return HexFormat.of().toHexDigits(sum);
    }
}
