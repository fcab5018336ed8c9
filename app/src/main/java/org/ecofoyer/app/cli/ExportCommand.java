package org.ecofoyer.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ecofoyer.aggregation.maths.Granularity;
import org.ecofoyer.aggregation.query.RollupReader.ExportRow;
import org.ecofoyer.aggregation.query.RollupReader;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.Meter;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Meters;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ecofoyer export}: prints one meter's rollups, one row per bucket and tariff period ({@code total} is the sum
 * over periods), after bringing them up to date. CSV header
 * {@code local_start,period,quantity,unit,cost_eur,estimated}; quantities with 3 decimals, costs with 4.
 */
@Command(name = "export", description = "Print a meter's rollups (CSV or JSON), brought up to date first.")
public class ExportCommand implements Callable<Integer> {
    static final String CSV_HEADER = "local_start,period,quantity,unit,cost_eur,estimated";

    @ParentCommand
    EcofoyerCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--meter-id", required = true, paramLabel = "ID", description = "The meter's id (meter code).")
    String meterId;

    @Option(names = "--granularity", required = true, paramLabel = "G", converter = GranularityConverter.class,
            description = "half_hour, day, month or year.")
    Granularity granularity;

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "First local date (YYYY-MM-DD), included.")
    LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last local date (YYYY-MM-DD), excluded.")
    LocalDate to;

    @Option(names = "--unit", defaultValue = "kwh", paramLabel = "U",
            description = "kwh (quantities in kWh, or litres for water) or eur (the quantity column in euros).")
    String unit;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "F", description = "csv or json.")
    String format;

    static final class GranularityConverter implements CommandLine.ITypeConverter<Granularity> {
        @Override
        public Granularity convert(String value) {
            try {
                return Granularity.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        String u = unit.toLowerCase(Locale.ROOT);
        String f = format.toLowerCase(Locale.ROOT);
        if (!u.equals("kwh") && !u.equals("eur")) {
            throw new CommandLine.ParameterException(cl, "--unit: expected kwh or eur, got '" + unit + "'");
        }
        if (!f.equals("csv") && !f.equals("json")) {
            throw new CommandLine.ParameterException(cl, "--format: expected csv or json, got '" + format + "'");
        }
        for (LocalDate d : new LocalDate[] {from, to}) {
            if (d.getYear() < 1970 || d.getYear() > 2100) {
                throw new CommandLine.ParameterException(cl, (d == from ? "--from" : "--to") + ": expected a date from 1970 to 2100, got " + d);
            }
        }
        if (!to.isAfter(from)) {
            throw new CommandLine.ParameterException(cl, "--to: must be after --from (" + from + "), got " + to);
        }
        EcofoyerConfig cfg = parent.config();
        try (Database db = Stores.openBesideServerMigrated(cfg)) {
            Stores.recomputeDirty(db, cfg, parent.clock());
            try (Connection c = db.dataSource().getConnection()) {
                Meter meter = Meters.byCode(c, new MeterCode(meterId)).orElse(null);
                if (meter == null) {
                    cl.getErr().println("no meter '" + meterId + "' in this store: check --meter-id (the meter code) and --data-dir/--config");
                    return 1;
                }
                List<ExportRow> rows = new RollupReader(c).meterRows(meter.id(), meter.zone(), granularity, from, to);
                PrintWriter out = cl.getOut();
                if (f.equals("csv")) {
                    printCsv(out, rows, meter.fluid(), u.equals("eur"));
                } else {
                    printJson(out, rows, meter, u.equals("eur"));
                }
                out.flush();
            }
        }
        return 0;
    }

    static String unitOf(Fluid fluid, boolean eur) {
        return eur ? "EUR" : fluid.unit();
    }

    static BigDecimal quantity(ExportRow r, Fluid fluid, boolean eur) {
        if (eur) {
            return r.costEur() == null ? null : r.costEur().setScale(4, RoundingMode.HALF_EVEN);
        }
        return BigDecimal.valueOf(r.quantity()).divide(BigDecimal.valueOf(fluid == Fluid.WATER ? 1 : 1000))
                .setScale(3, RoundingMode.HALF_EVEN);
    }

    static String cost(ExportRow r) {
        return r.costEur() == null ? "" : r.costEur().setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    }

    static void printCsv(PrintWriter out, List<ExportRow> rows, Fluid fluid, boolean eur) {
        out.println(CSV_HEADER);
        for (ExportRow r : rows) {
            if (r.period().equals("subscription")) {
                continue;
            }
            BigDecimal q = quantity(r, fluid, eur);
            out.println(r.localStart() + "," + r.period() + "," + (q == null ? "" : q.toPlainString()) + ","
                    + unitOf(fluid, eur) + "," + cost(r) + "," + r.estimated());
        }
    }

    static void printJson(PrintWriter out, List<ExportRow> rows, Meter meter, boolean eur) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("meter_id", meter.code().value());
        root.put("fluid", meter.fluid().name());
        root.put("zone", meter.zone().getId());
        ArrayNode arr = root.putArray("rows");
        for (ExportRow r : rows) {
            ObjectNode o = arr.addObject();
            o.put("local_start", r.localStart().toString());
            o.put("start", r.start().toString());
            o.put("period", r.period());
            BigDecimal q = quantity(r, meter.fluid(), eur);
            if (q == null) {
                o.putNull("quantity");
            } else {
                o.put("quantity", q);
            }
            o.put("unit", unitOf(meter.fluid(), eur));
            if (r.costEur() == null) {
                o.putNull("cost_eur");
            } else {
                o.put("cost_eur", r.costEur().setScale(4, RoundingMode.HALF_EVEN));
            }
            o.put("estimated", r.estimated());
            o.put("incomplete", r.incomplete());
            if (r.volumeLitres() != null) {
                o.put("volume_m3", BigDecimal.valueOf(r.volumeLitres()).divide(BigDecimal.valueOf(1000)).setScale(3, RoundingMode.HALF_EVEN));
            }
        }
        out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }
}
