package org.ecofoyer.storage.backup;

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

    String value() {
        return HexFormat.of().toHexDigits(sum);
    }
}
