package org.ecofoyer.dashboard.engage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * The words of the e-mails, in the household's language, from the same dictionaries as the pages
 * ({@code dashboard/i18n/engage-{fr,en}.json}): an alert says what was seen, with its figures; the report its figures.
 */
public final class MailTexts {
    private final JsonObject m;
    private final Locale locale;

    public MailTexts(String lang) {
        String l = "en".equals(lang) ? "en" : "fr";
        this.m = new JsonObject(Ecogestures.resource("dashboard/i18n/engage-" + l + ".json"));
        this.locale = "en".equals(l) ? Locale.UK : Locale.FRANCE;
    }

    String t(String key, Object... args) {
        String s = m.getString(key, key);
        for (int i = 0; i < args.length; i++) {
            s = s.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return s;
    }

    String num(double v, int digits) {
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        return f.format(v);
    }

    String eur(Double v) {
        if (v == null) {
            return "–";
        }
        NumberFormat f = NumberFormat.getCurrencyInstance(locale);
        f.setCurrency(java.util.Currency.getInstance("EUR")); // euros in English too (the UK locale would say pounds)
        return f.format(v);
    }

    String date(String iso) {
        return LocalDate.parse(iso).format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale));
    }

    String pct(Double p) {
        return p == null ? "–" : (p > 0 ? "+" : "") + num(p, 0) + " %";
    }

    /** What the alert says (the page builds the same sentence from the same keys and details). */
    public String alertText(Alert a, ZoneId zone) {
        JsonObject d = a.detail();
        return switch (a.kind()) {
            case LEAK -> "daily".equals(d.getString("basis")) ? t("alerts.text.leak_daily", num(d.getInteger("days"), 0),
                    date(d.getString("to")), num(d.getDouble("lowestLitres"), 0), num(d.getDouble("floorLitres"), 0),
                    num(d.getDouble("litresPerHour"), 1)) : t("alerts.text.leak", date(d.getString("night")), num(d.getDouble("minLitres"), 1), num(d.getDouble("litres"), 0));
            case UNUSUAL -> t("alerts.text.unusual", date(d.getString("day")), num(d.getDouble("quantity"), 1), d.getString("unit"),
                    t("engage.fluid." + d.getString("fluid")), num(d.getDouble("ratio"), 1), num(d.getDouble("usual"), 1));
            case NO_DATA -> t("alerts.text.no_data", d.getString("meter"), d.getString("last") == null ? "–"
                    : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
                    .format(java.time.Instant.parse(d.getString("last")).atZone(zone)));
            case TEMPO_RED -> t("alerts.text.tempo_red", date(d.getString("day")));
            case BUDGET -> t("alerts.text.budget", d.getString("month"), eur(d.getDouble("forecastEur")), eur(d.getDouble("budgetEur")));
        };
    }

    public String alertSubject(Alert a) {
        return t("mail.alert.subject", t("alerts.kind." + a.kind().wire()));
    }

    public String alertBody(Alert a, ZoneId zone) {
        return alertText(a, zone) + "\n\n" + t("mail.alert.footer") + "\n";
    }

    public String reportSubject(YearMonth month) {
        return t("mail.report.subject", month.format(DateTimeFormatter.ofPattern("MMMM yyyy", locale)));
    }

    public String reportBody(JsonObject report) {
        StringBuilder sb = new StringBuilder();
        for (Object o : report.getJsonArray("fluids")) {
            JsonObject f = (JsonObject) o;
            JsonObject month = f.getJsonObject("month");
            sb.append(t("mail.report.line", t("engage.fluid." + f.getString("fluid")), num(month.getDouble("quantity"), 1),
                    f.getString("unit"), eur(month.getDouble("eur")), pct(pctOf(f, "vsLastMonth")), pct(pctOf(f, "vsLastYear")))).append('\n');
            JsonArray missing = month.getJsonArray("missingDays");
            if (!missing.isEmpty()) {
                sb.append(t("mail.report.missing", String.join(", ", missing.stream().map(Object::toString).toList()))).append('\n');
            }
        }
        JsonObject big = report.getJsonObject("biggestChange");
        if (big != null) {
            sb.append('\n').append(t("mail.report.biggest", t("engage.fluid." + big.getString("fluid")), pct(big.getDouble("pct")))).append('\n');
        }
        JsonObject g = report.getJsonObject("gesture");
        if (g != null) {
            sb.append(gestureLine(g)).append('\n');
        }
        return sb.append('\n').append(t("mail.report.footer")).append('\n').toString();
    }

    /**
     * The report in HTML: the same figures as {@link #reportBody} in a table, with inline styles only (mail clients drop
     * style sheets). Every text that is not ours (the household's name) and every translated string is escaped.
     */
    public String reportHtml(JsonObject report, YearMonth month, String householdName) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html lang=\"").append(locale == Locale.UK ? "en" : "fr")
                .append("\"><head><meta charset=\"utf-8\"><title>").append(esc(reportSubject(month))).append("</title></head>")
                .append("<body style=\"font-family:sans-serif;color:#222;max-width:40em\"><h1 style=\"font-size:1.3em\">")
                .append(esc(t("mail.report.title", month.format(DateTimeFormatter.ofPattern("MMMM yyyy", locale)))));
        if (householdName != null && !householdName.isBlank()) {
            sb.append(" – ").append(esc(householdName));
        }
        sb.append("</h1><table style=\"border-collapse:collapse\" cellpadding=\"6\"><tr>");
        for (String col : new String[] {"fluid", "quantity", "cost", "vsLastMonth", "vsLastYear"}) {
            sb.append("<th style=\"text-align:left;border-bottom:1px solid #999\">").append(esc(t("mail.report.col." + col))).append("</th>");
        }
        sb.append("</tr>");
        for (Object o : report.getJsonArray("fluids")) {
            JsonObject f = (JsonObject) o;
            JsonObject m = f.getJsonObject("month");
            sb.append("<tr data-fluid=\"").append(esc(f.getString("fluid"))).append("\"><td>").append(esc(t("engage.fluid." + f.getString("fluid"))))
                    .append("</td><td>").append(esc(num(m.getDouble("quantity"), 1) + " " + f.getString("unit")))
                    .append("</td><td>").append(esc(eur(m.getDouble("eur"))))
                    .append("</td><td>").append(esc(pct(pctOf(f, "vsLastMonth"))))
                    .append("</td><td>").append(esc(pct(pctOf(f, "vsLastYear")))).append("</td></tr>");
            JsonArray missing = m.getJsonArray("missingDays");
            if (!missing.isEmpty()) {
                sb.append("<tr><td colspan=\"5\" style=\"color:#666\">").append(esc(t("mail.report.missing",
                        String.join(", ", missing.stream().map(Object::toString).toList())).trim())).append("</td></tr>");
            }
        }
        sb.append("</table>");
        JsonObject big = report.getJsonObject("biggestChange");
        if (big != null) {
            sb.append("<p>").append(esc(t("mail.report.biggest", t("engage.fluid." + big.getString("fluid")), pct(big.getDouble("pct")))))
                    .append("</p>");
        }
        JsonObject g = report.getJsonObject("gesture");
        if (g != null) {
            sb.append("<p>").append(esc(gestureLine(g))).append("</p>");
        }
        return sb.append("<p style=\"color:#666\">").append(esc(t("mail.report.footer"))).append("</p></body></html>").toString();
    }

    private String gestureLine(JsonObject g) {
        String lang = locale == Locale.UK ? "en" : "fr";
        JsonObject s = g.getJsonObject("saving");
        String saving = s == null ? "" : num(s.getDouble("quantity"), 0) + " " + s.getString("unit")
                + (s.getDouble("eur") == null ? "" : ", " + eur(s.getDouble("eur")));
        return t("mail.report.gesture", g.getJsonObject("title").getString(lang), saving, g.getJsonObject("source").getString("name"));
    }

    private static String esc(String s) {
        return org.ecofoyer.dashboard.web.Pages.escape(s);
    }

    private static Double pctOf(JsonObject f, String key) {
        JsonObject c = f.getJsonObject(key);
        return c == null ? null : c.getDouble("pct");
    }
}
