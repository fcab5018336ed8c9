package org.ecofoyer.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Mosquitto's {@code password_file} and {@code acl_file} for the registry: one account per gateway, allowed to publish
 * on its own topic and nothing else (no subscription at all: a gateway reads nothing), plus ingest's own account, which
 * reads everything. Pure text from the registry's rows ({@link #passwd}, {@link #acl}); {@link #write} puts both files in
 * place atomically, readable by their owner only.
 *
 * @param ingestUser          ingest's broker user ({@code ingest.mqtt.username}), or null when it has none
 * @param ingestPasswordHash  its password's {@code $7$} hash ({@link BrokerPasswords#hash}), or null
 */
public record MosquittoFiles(List<Gateway> gateways, String ingestUser, String ingestPasswordHash) {
    public MosquittoFiles {
        gateways = List.copyOf(gateways);
        if ((ingestUser == null) != (ingestPasswordHash == null)) {
            throw new IllegalArgumentException("ingest's broker account needs both a user and a password (ingest.mqtt.username and password)");
        }
    }

    /** {@code user:$7$...}, one line per account. */
    public String passwd() {
        StringBuilder b = new StringBuilder();
        if (ingestUser != null) {
            b.append(ingestUser).append(':').append(ingestPasswordHash).append('\n');
        }
        for (Gateway g : gateways) {
            b.append(g.username()).append(':').append(g.passwordHash()).append('\n');
        }
        return b.toString();
    }

    /**
     * Mosquitto's ACL: a {@code user} block per account. Mosquitto denies whatever no line grants, so a gateway's single
     * {@code topic write} line lets it publish there and read nothing; ingest reads every topic, shared subscriptions
     * included.
     */
    public String acl() {
        StringBuilder b = new StringBuilder("# Written by 'ecofoyer gateway export-mosquitto' from the gateway registry: do not edit.\n");
        if (ingestUser != null) {
            b.append("\nuser ").append(ingestUser).append("\ntopic read #\ntopic read $share/#\n");
        }
        for (Gateway g : gateways) {
            b.append("\n# gateway ").append(g.id()).append(" (").append(g.firmware().wireName()).append(", meter ").append(g.meter())
                    .append(")\nuser ").append(g.username()).append("\ntopic write ").append(g.topic()).append('\n');
        }
        return b.toString();
    }

    /** Writes {@code dir/passwd} and {@code dir/acl} (mode 0600 where the file system has modes), each replaced whole. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        replace(dir.resolve("passwd"), passwd());
        replace(dir.resolve("acl"), acl());
    }

    private static void replace(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system (Windows): its own ACLs apply
            }
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
