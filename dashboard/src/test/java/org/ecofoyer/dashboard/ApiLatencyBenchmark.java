package org.ecofoyer.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.ecofoyer.storage.CpuTime;
import org.junit.jupiter.api.Test;

/**
 * API latency of the charts with a year of data, and the weight of each page. Not a test (not run by the build):
 * {@code mvn -B -q -pl dashboard -am verify -Dtest=ApiLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * prints its table to {@code dashboard/target/surefire-reports/org.ecofoyer.dashboard.ApiLatencyBenchmark-output.txt}.
 *
 * <p>One household with a year and a month of rollups at every granularity (half-hours with HP/HC: 19,000 buckets,
 * 57,000 rows), as aggregation stores them, plus 999 other households' meters in the same tables. Requests go one
 * after another through the real HTTP server, session lookup and authorisation included; the baseline in the same run
 * is {@code GET /api/v1/me}, the cheapest signed-in call (session lookup only).
 *
 * <p>With {@code -Dbench.raw.days=D} (#17) H1's Linky also gets D days of raw readings ({@link RawFixture}) and the
 * endpoints that read them join the cases (now, sources, the export; the overview and the analysis read them too);
 * every case is then measured twice in the same run and database: on the row store (every reading a {@code reading}
 * row, never compacted) and on the compact store (the compactor's pass run: closed days in blocks, today's rows hot),
 * with {@code -Dbench.runs} ({@value #RUNS}) requests per case after {@code -Dbench.warmup} ({@value #WARMUP}), and
 * {@code -Dbench.exportRuns} (5) exports.
 */
class ApiLatencyBenchmark {
    static final int WARMUP = 200;
    static final int RUNS = 1000;

    @Test
    void measure() throws Exception {
        int rawDays = Integer.getInteger("bench.raw.days", 0);
        try (TestServer server = new TestServer()) {
            long rows = load(server);
            long raw = rawDays > 0 ? RawFixture.load(server, rawDays) : 0;
            Browser alice = new Browser(server.base());
            alice.signIn("alice", TestServer.PASSWORD);
            Map<String, String> cases = new LinkedHashMap<>();
            cases.put("baseline: GET /me (session lookup only)", "/api/v1/me");
            cases.put("day view: 48 half-hours, HP/HC", "/api/v1/households/H1/fluids/electricity/series?step=half_hour&from=2026-06-10&to=2026-06-11");
            cases.put("week of half-hours: 336 points", "/api/v1/households/H1/fluids/electricity/series?step=half_hour&from=2026-06-08&to=2026-06-15");
            cases.put("month view: 30 days + previous month", "/api/v1/households/H1/fluids/electricity/series?step=day&from=2026-06-01&to=2026-07-01&compare=previous");
            cases.put("year of days: 365 points", "/api/v1/households/H1/fluids/electricity/series?step=day&from=2025-11-01&to=2026-11-01");
            cases.put("12 weeks (from days)", "/api/v1/households/H1/fluids/electricity/series?step=week&from=2026-08-03&to=2026-10-26");
            cases.put("year view: 12 months + last year", "/api/v1/households/H1/fluids/electricity/series?step=month&from=2026-01-01&to=2027-01-01&compare=last_year");
            cases.put("overview (3 fluids x 3 periods)", "/api/v1/households/H1/overview");
            cases.put("analysis: a year (from day rows)", "/api/v1/households/H1/analysis?from=2025-11-15&to=2026-11-15");
            if (rawDays > 0) {
                cases.put("now (live page: last power, latest reading)", "/api/v1/households/H1/now");
                cases.put("sources (latest reading per meter)", "/api/v1/households/H1/sources");
            }
            StringBuilder out = new StringBuilder();
            out.append(String.format("rollup rows in the database: %,d%n", rows));
            HttpClient http = HttpClient.newHttpClient();
            String cookie = "eco_session=" + alice.cookie("eco_session");
            if (rawDays == 0) {
                out.append(table(http, server.base(), cookie, cases, RUNS, null));
            } else {
                // The same requests on the same data, first as the row store held it (every reading a `reading` row:
                // what the code before the compact store read, by the same index), then compacted as in production
                // (closed days in blocks, today's rows hot): old against new in one run and one database.
                out.append(String.format("raw readings of H1's Linky: %,d over %d days (a simulated day at default downsampling,"
                        + " repeated)%n", raw, rawDays));
                int runs = Integer.getInteger("bench.runs", RUNS);
                int exportRuns = Integer.getInteger("bench.exportRuns", 5);
                String rowsSize = RawFixture.size(server);
                out.append(String.format("%nrow store (never compacted): %s%n", rowsSize));
                Map<String, double[]> before = new LinkedHashMap<>();
                out.append(table(http, server.base(), cookie, cases, runs, before));
                out.append(export(server.base(), cookie, exportRuns, before));
                System.out.print(out); // as it goes: a later failure keeps what was measured
                out.setLength(0);
                out.append(String.format("%ncompaction: %s%n", RawFixture.compact(server)));
                out.append(String.format("compact store (closed days in blocks, today's rows hot): %s%n", RawFixture.size(server)));
                Map<String, double[]> after = new LinkedHashMap<>();
                out.append(table(http, server.base(), cookie, cases, runs, after));
                out.append(export(server.base(), cookie, exportRuns, after));
                out.append(String.format("%n%-46s %17s %17s %13s%n", "request", "rows p50/p99", "blocks p50/p99", "new/old p99"));
                for (var e : before.entrySet()) {
                    double[] a = e.getValue();
                    double[] b = after.get(e.getKey());
                    if (b == null) {
                        continue;
                    }
                    out.append(String.format("%-46s %8.2f/%8.2f %8.2f/%8.2f %13.2f%n", e.getKey(), a[0], a[1], b[0], b[1], b[1] / a[1]));
                }
            }
            out.append(concurrent(server.base(), cookie));
            out.append(pageWeight(http, server.base(), cookie));
            System.out.print(out);
        }
    }

    /**
     * Each case {@code runs} times after {@code -Dbench.warmup} ({@link #WARMUP}) of warm-up, one after another: p50, p99 and max (into
     * {@code into} too, by case, when given).
     */
    static String table(HttpClient http, String base, String cookie, Map<String, String> cases, int runs,
                        Map<String, double[]> into) throws Exception {
        StringBuilder out = new StringBuilder(String.format("%-46s %8s %8s %8s %9s%n", "request", "p50 ms", "p99 ms", "max ms", "bytes"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + c.getValue())).header("cookie", cookie).build();
            long[] ns = new long[runs];
            int size = 0;
            int warmup = Integer.getInteger("bench.warmup", WARMUP);
            for (int i = 0; i < warmup + runs; i++) {
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                long t = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(c.getValue() + " answered " + r.statusCode());
                }
                size = r.body().length;
                int k = i - warmup;
                if (k >= 0) {
                    ns[k] = t;
                }
            }
            Arrays.sort(ns);
            double p50 = ns[runs / 2] / 1e6;
            double p99 = ns[(int) Math.ceil(runs * 0.99) - 1] / 1e6;
            if (into != null) {
                into.put(c.getKey(), new double[] {p50, p99});
            }
            out.append(String.format("%-46s %8.2f %8.2f %8.2f %9d%n", c.getKey(), p50, p99, ns[runs - 1] / 1e6, size));
        }
        return out.toString();
    }

    /**
     * The household's export (a zip of every table's rows, raw readings included), over HTTP/1.1 as a browser's
     * download: median and max of a few. A failed export is reported, not thrown: the latency table stands without it.
     */
    static String export(String base, String cookie, int runs, Map<String, double[]> into) {
        if (runs <= 0) {
            return "";
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/households/H1/export")).header("cookie", cookie).build();
        long[] ns = new long[runs];
        long size = 0;
        String name = "export: the household's zip (" + runs + " runs: median/max)";
        try {
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                HttpResponse<java.io.InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
                try (java.io.InputStream in = r.body()) {
                    size = in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                ns[i] = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                    return String.format("%-46s answered %d%n", name, r.statusCode());
                }
            }
        } catch (Exception e) {
            return String.format("%-46s failed: %s%n", name, e);
        }
        Arrays.sort(ns);
        into.put(name, new double[] {ns[runs / 2] / 1e6, ns[runs - 1] / 1e6});
        return String.format("%-46s %8.0f %8s %8.0f %9d%n", name, ns[runs / 2] / 1e6, "", ns[runs - 1] / 1e6, size);
    }

    /** Rollups for H1's electricity (HP/HC) and water, over 2025-10-01 .. 2026-11-15, and 999 other meters' months. */
    static long load(TestServer server) throws Exception {
        Random rnd = new Random(42);
        long rows = 0;
        // Without the pool's statement timeout: on a loaded machine filling the day rows' half-hours takes longer.
        try (Connection c = server.db.longOperations().getConnection()) {
            TestServer.sql(c, "DELETE FROM rollup"); // the test fixtures: replaced by a full year here
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(Fixtures.INSERT)) {
                for (LocalDate d = LocalDate.of(2025, 10, 1); d.isBefore(LocalDate.of(2026, 11, 16)); d = d.plusDays(1)) {
                    long dayHp = 0;
                    long dayHc = 0;
                    // Walk the day's real half-hours (46 or 50 on DST days), labelled in local time.
                    java.time.ZonedDateTime end = d.plusDays(1).atStartOfDay(Fixtures.PARIS);
                    for (java.time.ZonedDateTime z = d.atStartOfDay(Fixtures.PARIS); z.isBefore(end); z = z.plusMinutes(30)) {
                        LocalDateTime t = z.toLocalDateTime();
                        long wh = 80 + rnd.nextInt(900);
                        boolean hc = t.getHour() < 6 || t.getHour() >= 22;
                        rows += row(ps, "H1-elec", 0, z, "total", wh) + row(ps, "H1-elec", 0, z, hc ? "HC" : "HP", wh);
                        if (hc) {
                            dayHc += wh;
                        } else {
                            dayHp += wh;
                        }
                    }
                    rows += row(ps, "H1-elec", 1, d.atStartOfDay(), "total", dayHp + dayHc) + row(ps, "H1-elec", 1, d.atStartOfDay(), "HP", dayHp)
                            + row(ps, "H1-elec", 1, d.atStartOfDay(), "HC", dayHc) + row(ps, "H1-water", 1, d.atStartOfDay(), "total", 250 + rnd.nextInt(100));
                    if (d.getDayOfMonth() == 1) {
                        rows += row(ps, "H1-elec", 2, d.atStartOfDay(), "total", 500_000);
                    }
                    if (rows % 20_000 < 200) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            // Other households' meters in the same tables, so that the indexes are not trivially small.
            TestServer.sql(c, "INSERT INTO household (id) SELECT 'other-' || g FROM generate_series(1, 999) g");
            TestServer.sql(c, "INSERT INTO meter (code, household_id, fluid, kind) SELECT 'other-' || g, 'other-' || g, 'ELECTRICITY', 'LINKY_TIC' FROM generate_series(1, 999) g");
            TestServer.sql(c, "INSERT INTO rollup (meter_id, granularity, start_at, local_start, period, quantity, cost_eur)"
                    + " SELECT m.id, 1, d, d, 'total', 10000, 2.0 FROM meter m, generate_series(timestamp '2025-10-01', timestamp '2026-11-15', interval '1 day') d"
                    + " WHERE m.code LIKE 'other-%'");
            org.ecofoyer.aggregation.store.Recompute.fillDayHalfHours(c); // as the recompute writes day rows (the analyses read them)
            c.commit();
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM rollup")) {
                rs.next();
                rows = rs.getLong(1);
            }
            c.createStatement().execute("ANALYZE");
        }
        return rows;
    }

    static int row(PreparedStatement ps, String meter, int g, LocalDateTime local, String period, long q) throws Exception {
        return row(ps, meter, g, local.atZone(Fixtures.PARIS), period, q);
    }

    static int row(PreparedStatement ps, String meter, int g, java.time.ZonedDateTime start, String period, long q) throws Exception {
        ps.setInt(1, g);
        ps.setTimestamp(2, Timestamp.from(start.toInstant()));
        ps.setObject(3, start.toLocalDateTime());
        ps.setString(4, period);
        ps.setLong(5, q);
        ps.setBigDecimal(6, java.math.BigDecimal.valueOf(q * 0.0002));
        ps.setBoolean(7, false);
        ps.setBoolean(8, false);
        ps.setString(9, meter);
        ps.addBatch();
        return 1;
    }

    /** A page view's requests: what the capacity model counts per household visit (docs/capacity.md). */
    static final List<String> VISIT = List.of("/api/v1/households/H1/overview",
            "/api/v1/households/H1/fluids/electricity/series?step=half_hour&from=2026-06-10&to=2026-06-11",
            "/api/v1/households/H1/fluids/electricity/series?step=day&from=2026-06-01&to=2026-07-01&compare=previous",
            "/api/v1/households/H1/fluids/electricity/series?step=month&from=2026-01-01&to=2027-01-01&compare=last_year",
            "/api/v1/households/H1/analysis?from=2025-11-15&to=2026-11-15");

    /**
     * Concurrent clients ({@code -Dbench.clients}, default 1,4,16), each its own HTTP/1.1 connection as a browser,
     * each doing {@code -Dbench.rounds} (40) visits of {@link #VISIT} back to back: throughput and latency when
     * households load their pages at the same time. All clients read the same household (the only one with a year at
     * every granularity), so the database's cache is warm: a lower bound on the database's share.
     */
    static String concurrent(String base, String cookie) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 40);
        StringBuilder out = new StringBuilder(String.format("%nconcurrent clients, %d visits each of %d requests%n%8s %9s %8s %10s %8s %8s %12s %12s%n",
                rounds, VISIT.size(), "clients", "requests", "wall s", "req/s", "p50 ms", "p99 ms", "JVM cpu ms", "PG cpu ms"));
        for (String n : System.getProperty("bench.clients", "1,4,16").split(",")) {
            int clients = Integer.parseInt(n.trim());
            long[][] ns = new long[clients][rounds * VISIT.size()];
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Thread> threads = new java.util.ArrayList<>();
            for (int k = 0; k < clients; k++) {
                long[] mine = ns[k];
                Thread t = new Thread(() -> {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    try {
                        go.await();
                        int i = 0;
                        for (int r = 0; r < rounds; r++) {
                            for (String u : VISIT) {
                                long t0 = System.nanoTime();
                                HttpResponse<byte[]> resp = http.send(HttpRequest.newBuilder(URI.create(base + u)).header("cookie", cookie).build(),
                                        HttpResponse.BodyHandlers.ofByteArray());
                                mine[i++] = System.nanoTime() - t0;
                                if (resp.statusCode() != 200) {
                                    throw new IllegalStateException(u + " answered " + resp.statusCode());
                                }
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.start();
                threads.add(t);
            }
            long jvm0 = CpuTime.jvmNanos();
            long pg0 = CpuTime.postgresNanos();
            long t0 = System.nanoTime();
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double jvm = (CpuTime.jvmNanos() - jvm0) / 1e6;
            double pg = (CpuTime.postgresNanos() - pg0) / 1e6;
            long[] all = Arrays.stream(ns).flatMapToLong(Arrays::stream).sorted().toArray();
            out.append(String.format("%8d %9d %8.2f %10.1f %8.2f %8.2f %12.3f %12s%n", clients, all.length, wall, all.length / wall,
                    all[all.length / 2] / 1e6, all[(int) Math.ceil(all.length * 0.99) - 1] / 1e6, jvm / all.length,
                    !CpuTime.postgresMeasured() ? "-" : String.format("%.3f", pg / all.length)));
        }
        out.append("(CPU per request, not wall time: this JVM — the server and the test's HTTP clients — and, with"
                + " -Dbench.pgCpu=FILE (a cgroup's cpuacct.usage holding only the embedded PostgreSQL), PostgreSQL)\n");
        return out.toString();
    }



    /** Bytes a first visit downloads per page, raw and gzip-compressed (the server compresses). */
    static String pageWeight(HttpClient http, String base, String cookie) throws Exception {
        List<String> common = List.of("/static/style.css", "/static/js/app.js", "/static/js/api.js", "/static/js/dom.js",
                "/static/js/i18n.js", "/static/favicon.svg");
        List<String> charts = List.of("/static/js/charts.js", "/webjars/echarts/5.5.0/echarts.esm.min.js");
        Map<String, List<String>> pages = new LinkedHashMap<>();
        pages.put("signin", List.of("/static/js/pages/signin.js"));
        pages.put("overview", concat(charts, "/static/js/pages/overview.js"));
        pages.put("electricity", concat(charts, "/static/js/pages/fluid.js"));
        pages.put("live", concat(charts, "/static/js/pages/live.js"));
        pages.put("analysis", concat(charts, "/static/js/pages/analysis.js"));
        pages.put("data", List.of("/static/js/pages/data.js"));
        StringBuilder out = new StringBuilder(String.format("%npage weight (first visit, before API calls)%n%-12s %10s %10s%n", "page", "raw KB", "gzip KB"));
        for (Map.Entry<String, List<String>> p : pages.entrySet()) {
            long raw = 0;
            long gz = 0;
            List<String> urls = new java.util.ArrayList<>(common);
            urls.add(p.getKey().equals("signin") ? "/signin" : "/app/" + p.getKey());
            urls.addAll(p.getValue());
            for (String u : urls) {
                byte[] body = http.send(HttpRequest.newBuilder(URI.create(base + u)).header("cookie", cookie).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body();
                raw += body.length;
                var bos = new java.io.ByteArrayOutputStream();
                try (GZIPOutputStream g = new GZIPOutputStream(bos)) {
                    g.write(body);
                }
                gz += bos.size();
            }
            out.append(String.format("%-12s %10.1f %10.1f%n", p.getKey(), raw / 1024.0, gz / 1024.0));
        }
        return out.toString();
    }

    static List<String> concat(List<String> a, String b) {
        List<String> l = new java.util.ArrayList<>(a);
        l.add(b);
        return l;
    }
}
