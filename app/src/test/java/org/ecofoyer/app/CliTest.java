package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    record Result(int code, String out, String err) {
    }

    static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    static Result run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void helpListsTheCommandsAndGlobalOptions() {
        Result r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("demo", "serve", "db", "--config", "--data-dir", "--version");
    }

    @Test
    void everySubcommandAnswersHelp() {
        Result r = run("demo", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: ecofoyer demo", "--port", "--data-dir");
        assertThat(run("sync", "-h").out()).contains("Usage: ecofoyer sync", "--connect");
    }

    @Test
    void versionPrintsTheProductVersion() {
        Result r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("ecofoyer ").contains(Version.get());
        assertThat(Version.get()).isNotEqualTo("dev");
    }

    @Test
    void unknownCommandIsAUsageError() {
        Result r = run("frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unmatched argument").contains("frobnicate").contains("Usage: ecofoyer");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Result r = run("serve", "--prot", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--prot").contains("Usage: ecofoyer serve");
    }

    @Test
    void noCommandIsAUsageError() {
        Result r = run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing command");
    }

    @Test
    void configurationErrorStopsStartUpWithExitOne(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "htp:\n  port: 1\n");
        Result r = run("--config", f.toString(), "serve");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("configuration error").contains("unknown configuration key 'htp'");
    }

    @Test
    void dbMigrateAppliesThenSaysNothingIsLeft(@TempDir Path dir) {
        Result first = run("db", "migrate", "--data-dir", dir.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("migration(s) applied").contains("TimescaleDB no");
        assertThat(first.out()).doesNotContain(": 0 migration(s)");
        Result second = run("--data-dir", dir.toString(), "db", "migrate");
        assertThat(second.code()).isZero();
        assertThat(second.out()).contains(": 0 migration(s) applied");
    }
}
