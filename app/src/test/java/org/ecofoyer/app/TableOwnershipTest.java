package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ecofoyer.app.SqlTableScanner.Literal;
import org.ecofoyer.app.SqlTableScanner.Mention;
import org.junit.jupiter.api.Test;

/**
 * Each table has one owning module (DESIGN §11.11): only its owner's code names it in SQL; every other module goes
 * through the owner's Java interface (see the owners' table in docs/architecture.md). Read from the reactor's files:
 * <ul>
 *   <li>a table's owner is the module whose migrations create it ({@code CREATE TABLE} in
 *       {@code src/main/resources/db/migration/} or a Java migration under {@code src/main/java/db/migration/}), except
 *       {@link #OWNER_EXCEPTIONS}; a table a module's code creates itself (a session's {@code CREATE TEMP TABLE}, a
 *       benchmark's scratch table) is that module's;</li>
 *   <li>every module's {@code src/main/java}, tools included, is scanned for SQL naming a table
 *       ({@link SqlTableScanner});</li>
 *   <li>the core model's tables ({@link #CORE_MODEL}: {@code household}, {@code meter}) may be read by any module in
 *       a statement over a table of its own (to scope its rows by household or meter, or take the household's zone);
 *       a statement that only looks them up, and every write, goes through storage's {@code Households} and
 *       {@code Meters};</li>
 *   <li>anything else is a failure naming file, line and table, unless {@link #ALLOWED} says why not.</li>
 * </ul>
 */
class TableOwnershipTest {
    /** Tables created by one module's migration but owned by another (see docs/architecture.md). */
    static final Map<String, String> OWNER_EXCEPTIONS = Map.of(
            // Created by ingest's V10_1_0 with reading and meter_event: Flyway knows a migration by its version and
            // checksum, so the script cannot be split; storage's RecomputeMarks is its one owner.
            "reading_dirty", "storage");

    /** The core model's tables: readable in a module's own statements, looked up and written through storage only. */
    static final Set<String> CORE_MODEL = Set.of("household", "meter");

    /**
     * A use of another module's table that stays, and why.
     *
     * @param file  the end of the source's path
     * @param table the table
     * @param where text of the statement that holds it (null: any statement of that file)
     * @param why   the reason
     */
    record Allowed(String file, String table, String where, String why) {
    }

    private static final String MARKS = "the meters a Tempo or EJP calendar change marks, and from which local hour, is"
            + " aggregation's tariff knowledge: a query of (meter_id, since) rows handed to storage's RecomputeMarks.markAll,"
            + " the owner's interface for marking the meters a query selects, in one statement";
    private static final String LOAD_TEST_CHECK = "loadtest is ingest's verifier (a tool): it compares, row by row in SQL,"
            + " what ingest stored with its own temporary table of the rows it sent; going through an interface would"
            + " test the interface instead";
    private static final String ENGLISH = "not SQL: the commissioning diagnosis in the issue's words (\"frames from meter X,"
            + " this gateway is registered for Y\")";
    private static final String LOAD_TEST_RESET = "loadtest and bench empty their own household's meters before a run"
            + " without changing the meters' ids (an external serve under test keeps its code -> id cache): a tool's reset"
            + " that no production owner offers (production forgets data by erasure and retention only)";

    static final List<Allowed> ALLOWED = List.of(
            new Allowed("aggregation/store/RollupSql.java", "meter", "LIKE 'EJP%'", MARKS),
            new Allowed("aggregation/store/RollupSql.java", "household", "LIKE 'EJP%'", MARKS),
            new Allowed("aggregation/store/RollupSql.java", "meter", "IN ('TEMPO', 'BBR')", MARKS),
            new Allowed("aggregation/store/RollupSql.java", "household", "IN ('TEMPO', 'BBR')", MARKS),
            new Allowed("tools/load/LoadTest.java", "reading", null, LOAD_TEST_CHECK),
            new Allowed("tools/load/LoadTest.java", "meter", null, LOAD_TEST_CHECK),
            new Allowed("tools/load/SimulatedGateway.java", "reading", null, LOAD_TEST_RESET),
            new Allowed("tools/load/SimulatedGateway.java", "reading_dirty", null, LOAD_TEST_RESET),
            new Allowed("tools/load/SimulatedGateway.java", "meter_event", null, LOAD_TEST_RESET),
            new Allowed("tools/load/SimulatedGateway.java", "meter", null, LOAD_TEST_RESET),
            new Allowed("gateway/Checklist.java", "meter", "frames from meter", ENGLISH));

    /** A module's production sources and migrations, as text. */
    record Module(String name, Map<String, String> javaSources, Map<String, String> migrations) {
    }

    /** A use of another module's table. */
    record Violation(String file, int line, String module, String table, String owner, boolean write) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + module + (write ? " writes " : " reads ") + table + ", owned by " + owner
                    + (owner.equals("storage") && CORE_MODEL.contains(table)
                            ? " (look it up or write it through storage's Households / Meters)"
                            : " (go through " + owner + "'s Java interface, or allow-list it with a reason)");
        }
    }

    // --- the rules -------------------------------------------------------------------------------------------------

    /** Table → owning module. */
    static Map<String, String> owners(List<Module> modules) {
        Map<String, String> owners = new TreeMap<>();
        for (Module m : modules) {
            for (Map.Entry<String, String> f : m.migrations().entrySet()) {
                for (String table : SqlTableScanner.created(f.getValue())) {
                    String before = owners.put(table, m.name());
                    assertThat(before).as("table %s is created by %s and %s: one owner each", table, before, m.name())
                            .isIn(null, m.name());
                }
            }
        }
        for (Map.Entry<String, String> e : OWNER_EXCEPTIONS.entrySet()) {
            assertThat(owners).as("the owner exception's table %s is created by a migration", e.getKey()).containsKey(e.getKey());
            owners.put(e.getKey(), e.getValue());
        }
        return owners;
    }

    static List<Violation> violations(List<Module> modules, List<Allowed> allowed, Set<Allowed> used) {
        Map<String, String> owners = owners(modules);
        List<Violation> out = new ArrayList<>();
        for (Module m : modules) {
            Set<String> scratch = new HashSet<>();
            m.javaSources().values().forEach(src -> scratch.addAll(created(src)));
            for (Map.Entry<String, String> f : m.javaSources().entrySet()) {
                String file = f.getKey();
                String source = f.getValue();
                for (List<Literal> statement : SqlTableScanner.statements(source)) {
                    List<Mention> mentions = new ArrayList<>();
                    StringBuilder text = new StringBuilder();
                    for (Literal l : statement) {
                        mentions.addAll(SqlTableScanner.mentions(l, source));
                        text.append(l.text()).append(' ');
                    }
                    boolean ownTable = mentions.stream().anyMatch(x -> m.name().equals(owner(owners, scratch, m, x.table())));
                    for (Mention x : mentions) {
                        String owner = owner(owners, scratch, m, x.table());
                        if (owner == null || owner.equals(m.name())) {
                            continue;
                        }
                        if (CORE_MODEL.contains(x.table()) && !x.write() && ownTable) {
                            continue;
                        }
                        Allowed a = allowed.stream().filter(e -> file.endsWith(e.file()) && e.table().equals(x.table())
                                && (e.where() == null || text.toString().contains(e.where()))).findFirst().orElse(null);
                        if (a != null) {
                            used.add(a);
                            continue;
                        }
                        out.add(new Violation(file, x.line(), m.name(), x.table(), owner, x.write()));
                    }
                }
            }
        }
        return out;
    }

    /** A table's owner: its migration's module, or the module itself for a table its own code creates. */
    private static String owner(Map<String, String> owners, Set<String> scratch, Module m, String table) {
        String owner = owners.get(table);
        return owner == null && scratch.contains(table) ? m.name() : owner;
    }

    private static Set<String> created(String javaSource) {
        Set<String> out = new HashSet<>();
        for (List<Literal> statement : SqlTableScanner.statements(javaSource)) {
            statement.forEach(l -> out.addAll(SqlTableScanner.created(l.text())));
        }
        return out;
    }

    // --- the reactor -----------------------------------------------------------------------------------------------

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("pom.xml")) && read(dir.resolve("pom.xml")).contains("<modules>"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the reactor's root pom above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    static List<Module> reactor() throws IOException {
        Path root = root();
        List<Module> out = new ArrayList<>();
        Matcher m = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>").matcher(read(root.resolve("pom.xml")));
        while (m.find()) {
            Path dir = root.resolve(m.group(1));
            Map<String, String> java = files(root, dir.resolve("src/main/java"), ".java");
            Map<String, String> migrations = new LinkedHashMap<>();
            files(root, dir.resolve("src/main/resources/db/migration"), ".sql")
                    .forEach((k, v) -> migrations.put(k, SqlTableScanner.withoutComments(v)));
            java.forEach((k, v) -> {
                if (k.contains("/src/main/java/db/migration/")) {
                    migrations.put(k, String.join(" ", SqlTableScanner.statements(v).stream().flatMap(List::stream)
                            .map(Literal::text).toList()));
                }
            });
            out.add(new Module(m.group(1), java, migrations));
        }
        return out;
    }

    private static Map<String, String> files(Path root, Path dir, String suffix) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> p.toString().endsWith(suffix)).forEach(p -> out.put(root.relativize(p).toString().replace('\\', '/'), read(p)));
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyModuleUsesOnlyItsOwnTablesOrGoesThroughTheirOwner() throws IOException {
        List<Module> modules = reactor();
        assertThat(modules).extracting(Module::name).contains("storage", "ingest", "aggregation", "dashboard", "tools");
        Set<Allowed> used = new HashSet<>();
        List<Violation> violations = violations(modules, ALLOWED, used);
        assertThat(violations).as("SQL on another module's table (docs/architecture.md, the owners' table)").isEmpty();
        assertThat(ALLOWED).as("allow-list entries still needed").allMatch(used::contains);
        assertThat(ALLOWED).as("every allow-list entry says why").allMatch(a -> !a.why().isBlank());
    }

    @Test
    void theOwnersComeFromTheMigrations() throws IOException {
        Map<String, String> owners = owners(reactor());
        assertThat(owners).containsEntry("household", "storage").containsEntry("meter", "storage")
                .containsEntry("reading_dirty", "storage").containsEntry("reading", "ingest")
                .containsEntry("meter_event", "ingest").containsEntry("utility_sync", "ingest")
                .containsEntry("rollup", "aggregation").containsEntry("price", "aggregation")
                .containsEntry("tempo_day", "aggregation").containsEntry("ejp_day", "aggregation")
                .containsEntry("app_user", "dashboard").containsEntry("audit_event", "dashboard")
                .containsEntry("oauth_state", "dashboard");
    }

    // --- the guard on hand-made code -------------------------------------------------------------------------------

    private static Module module(String name, String file, String source, String migration) {
        return new Module(name, Map.of(name + "/src/main/java/" + file, source),
                migration == null ? Map.of() : Map.of(name + "/V.sql", migration));
    }

    private static List<Violation> check(String dashboardSource) {
        List<Module> modules = List.of(
                module("storage", "Meters.java", "", "CREATE TABLE household (id text); CREATE TABLE meter (id int);"),
                module("ingest", "Readings.java", "String Q = \"SELECT value FROM reading\";",
                        "CREATE TABLE reading (meter_id int); CREATE TABLE IF NOT EXISTS reading_dirty (meter_id int);"),
                module("dashboard", "Api.java", dashboardSource, "CREATE TABLE app_user (id int);"));
        return violations(modules, List.of(), new HashSet<>());
    }

    @Test
    void aCrossModuleReadFailsWithFileLineAndTable() {
        List<Violation> v = check("""
                class Api {
                    // SELECT 1 FROM reading: a comment is not SQL
                    static final String COUNT = "SELECT count(*) FROM app_user u"
                            + " JOIN reading r ON r.meter_id = u.id";
                }
                """);
        assertThat(v).hasSize(1);
        assertThat(v.get(0).toString()).isEqualTo("dashboard/src/main/java/Api.java:4: dashboard reads reading, owned by"
                + " ingest (go through ingest's Java interface, or allow-list it with a reason)");
    }

    @Test
    void theCoreModelIsJoinedNotQueriedNorWritten() {
        assertThat(check("String A = \"SELECT u.login FROM app_user u JOIN household h ON h.id = u.household_id\";")).isEmpty();
        assertThat(check("String A = \"SELECT timezone FROM household WHERE id = ?\";"))
                .extracting(Violation::table, Violation::write).containsExactly(tuple("household", false));
        assertThat(check("String A = \"DELETE FROM household WHERE id = ?\"; String B = \"SELECT 1 FROM app_user\";"))
                .extracting(Violation::table, Violation::write).containsExactly(tuple("household", true));
        assertThat(check("String A = \"UPDATE meter SET x = 1 FROM app_user u WHERE u.id = meter.id\";"))
                .extracting(Violation::table).containsExactly("meter");
    }

    @Test
    void anOwnerExceptionMovesTheTable() {
        assertThat(check("String A = \"DELETE FROM reading_dirty\";")).extracting(Violation::owner).containsExactly("storage");
    }

    @Test
    void aTableTheModuleCreatesItselfIsItsOwn() {
        assertThat(check("""
                void copy() {
                    st.execute("CREATE TEMP TABLE app_stage (id int)");
                    copy.copyIn("COPY app_stage FROM STDIN", in);
                }""")).isEmpty();
    }

    @Test
    void theAllowListNeedsTheFileTheTableAndTheStatement() {
        List<Module> modules = List.of(
                module("ingest", "R.java", "", "CREATE TABLE reading (meter_id int); CREATE TABLE reading_dirty (meter_id int);"),
                module("tools", "load/LoadTest.java", "String A = \"SELECT * FROM reading\"; String B = \"DELETE FROM reading\";", null));
        Set<Allowed> used = new HashSet<>();
        Allowed reads = new Allowed("load/LoadTest.java", "reading", "SELECT *", "a reason");
        assertThat(violations(modules, List.of(reads), used)).extracting(Violation::line, Violation::write)
                .containsExactly(tuple(1, true));
        assertThat(used).containsExactly(reads);
    }

    // --- the scanner -----------------------------------------------------------------------------------------------

    @Test
    void findsTablesAfterEveryKeywordCaseInsensitive() {
        assertThat(SqlTableScanner.mentions("SELECT x FROM reading r JOIN Meter m USING (id)"))
                .extracting(Mention::table, Mention::write).containsExactly(
                        tuple("reading", false), tuple("meter", false));
        assertThat(SqlTableScanner.mentions("delete from reading_dirty d using meter m where d.meter_id = m.id"))
                .extracting(Mention::table, Mention::write).containsExactly(
                        tuple("reading_dirty", true), tuple("meter", false));
        assertThat(SqlTableScanner.mentions("INSERT INTO rollup (a) VALUES (1)")).extracting(Mention::table).containsExactly("rollup");
        assertThat(SqlTableScanner.mentions("UPDATE utility_sync SET a = 1")).extracting(Mention::write).containsExactly(true);
        assertThat(SqlTableScanner.mentions("COPY rollup (a, b) FROM STDIN")).extracting(Mention::table).containsExactly("rollup", "stdin");
        assertThat(SqlTableScanner.mentions("TRUNCATE TABLE ONLY public.price")).extracting(Mention::table).contains("price");
        assertThat(SqlTableScanner.mentions("truncate tempo_day")).extracting(Mention::table).containsExactly("tempo_day");
        assertThat(SqlTableScanner.mentions("ALTER TABLE rollup ADD COLUMN x int")).extracting(Mention::table).containsExactly("rollup");
        assertThat(SqlTableScanner.mentions("SELECT 1 FROM\n   ejp_day")).extracting(Mention::table, Mention::line)
                .containsExactly(tuple("ejp_day", 1));
        assertThat(SqlTableScanner.mentions("SELECT reading_count FROM readings")).extracting(Mention::table).containsExactly("readings");
        assertThat(SqlTableScanner.mentions("ON CONFLICT (day) DO UPDATE SET colour = 1 FOR UPDATE OF t"))
                .extracting(Mention::table).containsExactly("set", "of");
        assertThat(SqlTableScanner.mentions("COPY (SELECT 1) TO STDOUT")).extracting(Mention::table).isEmpty();
    }

    @Test
    void readsLiteralsAndTextBlocksNotCommentsNorChars() {
        String source = """
                /* FROM reading */ class A {
                    char q = '"'; char e = '\\'';
                    String s = "a \\" FROM x" + "\\nFROM y";
                    // FROM z
                    String t = \"\"\"
                        SELECT 1
                          FROM w\"\"\";
                    void m() { run("FROM v"); }
                }""";
        List<List<Literal>> statements = SqlTableScanner.statements(source);
        assertThat(statements).hasSize(3);
        List<String> tables = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        statements.forEach(st -> st.forEach(l -> SqlTableScanner.mentions(l, source).forEach(m -> {
            tables.add(m.table());
            lines.add(m.line());
        })));
        assertThat(tables).containsExactly("x", "y", "w", "v");
        assertThat(lines).containsExactly(3, 3, 7, 8);
    }

    @Test
    void findsTheTablesAScriptCreates() {
        assertThat(SqlTableScanner.created("""
                CREATE TABLE rollup (a int);
                create temp table IF NOT EXISTS reading_stage (b int);
                CREATE UNLOGGED TABLE public.scratch (c int);
                CREATE INDEX rollup_idx ON rollup (a);
                """)).containsExactly("rollup", "reading_stage", "scratch");
        assertThat(SqlTableScanner.created(SqlTableScanner.withoutComments("-- CREATE TABLE old (a int)\nSELECT 1"))).isEmpty();
    }
}
