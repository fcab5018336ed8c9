package org.ecofoyer.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactTest {
    @Test
    void passwordsInUserInfoAndQueriesAreHidden() {
        assertThat(Redact.url("tcp://ingest:s3cr3t@broker:1883")).isEqualTo("tcp://ingest:***@broker:1883");
        assertThat(Redact.url("ssl://user:p%40ss:word@broker:8883/x")).isEqualTo("ssl://user:***@broker:8883/x");
        assertThat(Redact.url("jdbc:postgresql://db:5432/eco?user=eco&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/eco?user=eco&password=***&ssl=true");
        assertThat(Redact.url("jdbc:postgresql://db/eco?PASSWORD=x")).isEqualTo("jdbc:postgresql://db/eco?PASSWORD=***");
        assertThat(Redact.text("cannot connect to jdbc:postgresql://u:pw@h/db: refused")).doesNotContain("pw@").contains("u:***@");
    }

    @Test
    void addressesWithoutSecretsAreUnchanged() {
        for (String u : new String[] {"tcp://127.0.0.1:1883", "tcp://user@broker:1883", "jdbc:postgresql://db:5432/eco?user=eco",
                "https://example.org/a:b", null}) {
            assertThat(Redact.url(u)).isEqualTo(u);
        }
    }
}
