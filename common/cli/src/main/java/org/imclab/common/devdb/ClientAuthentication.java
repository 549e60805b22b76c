package org.imclab.common.devdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded server's {@code pg_hba.conf}, rewritten at every start so no trust line survives:
 * SCRAM-SHA-256 passwords for every connection, TCP from loopback only.
 */
final class ClientAuthentication {

    private static final String HEADER = """
            # Written by IMC Lab (org.imclab.common.devdb) at every start; local edits are overwritten.
            # Every connection authenticates with a password (SCRAM-SHA-256); TCP is accepted from loopback only.
            """;

    static final String PASSWORDS_ONLY = HEADER + """
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """;

    /**
     * For one start only, when the superuser has no password yet (a cluster from before passwords, or
     * a lost password file): the superuser may log in from loopback once to be given one. Replaced by
     * {@link #PASSWORDS_ONLY} and reloaded as soon as it has.
     */
    static final String SUPERUSER_REKEY = HEADER + """
            host    all   postgres   127.0.0.1/32   trust
            local   all   all                     scram-sha-256
            host    all   all        127.0.0.1/32   scram-sha-256
            host    all   all        ::1/128        scram-sha-256
            """;

    private ClientAuthentication() {
    }

    static void write(Path dataDirectory, String content) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + dataDirectory.resolve("pg_hba.conf"), e);
        }
    }
}
