package org.ecofoyer.drivers.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecofoyer.drivers.tic.TicLabel;
import org.ecofoyer.drivers.tic.TicMode;

/**
 * Zigbee2MQTT's ZLinky (LiXee) messages, {@code zigbee2mqtt/<name>}: ZCL attribute names, energies in kWh. Each known
 * attribute becomes the TIC group it came from, energies converted to Wh exactly (a kWh value with more than three
 * decimals is rejected rather than rounded).
 *
 * <p>The ZLinky does not say its TIC mode in every message. Standard mode is recognised by attributes only it sends
 * (distributor registers, injected energy, voltages, PRM); otherwise the codec assumes historique, the meters'
 * factory mode, unless constructed with a mode hint (from the gateway registry). In historique the tier registers
 * mean different things per option, so they are mapped only when {@code current_tarif} (OPTARIF) is in the message.
 */
public final class ZLinkyCodec implements PayloadCodec {
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private final TicMode hint;

    /** @param modeHint the meter's TIC mode when known, or null to recognise it from the message */
    public ZLinkyCodec(TicMode modeHint) {
        this.hint = modeHint;
    }

    @Override
    public GatewayResult decode(String topic, byte[] payload) {
        return JsonPayloads.withObject(payload, this::decode);
    }

    private GatewayResult decode(JsonNode root) {
        TicMode mode = hint != null ? hint : standardOnly(root) ? TicMode.STANDARD : TicMode.HISTORIQUE;
        String optarif = mode == TicMode.HISTORIQUE && root.path("current_tarif").isTextual() ? root.get("current_tarif").textValue() : null;
        List<JsonPayloads.Entry> entries = new ArrayList<>();
        int dropped = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            Optional<TicLabel> label = label(mode, optarif, f.getKey());
            if (label.isEmpty()) {
                continue; // linkquality, battery, other ZCL attributes: not TIC data
            }
            Optional<String> data = data(label.get(), f.getKey(), f.getValue());
            if (data.isEmpty()) {
                dropped++;
                continue;
            }
            entries.add(new JsonPayloads.Entry(label.get().wire(), null, data.get()));
        }
        if (entries.isEmpty() && dropped == 0) {
            return GatewayResult.rejected(GatewayError.Kind.NO_TIC_DATA, "no ZLinky metering attribute in the message");
        }
        GatewayResult r = JsonPayloads.assemble(entries, dropped, mode, "ZLinky message");
        // Zigbee2MQTT adds "last_seen" when configured to (ISO-8601 with offset, or epoch milliseconds).
        return r instanceof GatewayResult.Decoded d ? GatewayTime.of(root.get("last_seen")).map(d::withGatewayTime).orElse(d) : r;
    }

    private static boolean standardOnly(JsonNode root) {
        return root.has("active_enerfy_out_d01") || root.has("active_energy_out_d01") || root.has("current_summ_received")
                || root.has("rms_voltage") || root.has("site_id") || root.has("status_register");
    }

    private static Optional<String> data(TicLabel label, String key, JsonNode v) {
        if (label.charset() != TicLabel.Charset.DIGITS) {
            return v.isTextual() ? Optional.of(v.textValue()) : JsonPayloads.scalarText(v);
        }
        if (!v.isNumber() && !(v.isTextual() && v.textValue().matches("\\d+(\\.\\d+)?"))) {
            return Optional.empty();
        }
        BigDecimal n = v.isNumber() ? v.decimalValue() : new BigDecimal(v.textValue());
        if (label.isIndex()) {
            n = n.multiply(THOUSAND); // kWh → Wh
        }
        BigInteger exact;
        try {
            exact = n.toBigIntegerExact();
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
        if (exact.signum() < 0) {
            return Optional.empty();
        }
        String s = exact.toString();
        if (s.length() > label.length()) {
            return Optional.empty();
        }
        return Optional.of("0".repeat(label.length() - s.length()) + s);
    }

    private static final Map<String, String> STANDARD_KEYS = new LinkedHashMap<>();
    private static final Map<String, String> HISTORIQUE_KEYS = new LinkedHashMap<>();

    static {
        String[][] std = {{"meter_serial_number", "ADSC"}, {"current_tarif", "NGTF"}, {"active_register_tier_delivered", "LTARF"},
            {"current_summ_delivered", "EAST"}, {"current_summ_received", "EAIT"}, {"apparent_power", "SINSTS"},
            {"rms_current", "IRMS1"}, {"rms_current_ph_b", "IRMS2"}, {"rms_current_ph_c", "IRMS3"}, {"rms_voltage", "URMS1"},
            {"rms_voltage_ph_b", "URMS2"}, {"rms_voltage_ph_c", "URMS3"}, {"site_id", "PRM"}, {"status_register", "STGE"},
            {"current_index_tarif", "NTARF"}};
        for (String[] kv : std) {
            STANDARD_KEYS.put(kv[0], kv[1]);
        }
        for (int i = 1; i <= 10; i++) {
            STANDARD_KEYS.put("current_tier" + i + "_summ_delivered", String.format("EASF%02d", i));
        }
        for (int i = 1; i <= 4; i++) {
            // Zigbee2MQTT spells it "enerfy".
            STANDARD_KEYS.put("active_enerfy_out_d0" + i, "EASD0" + i);
        }
        String[][] hist = {{"meter_serial_number", "ADCO"}, {"current_tarif", "OPTARIF"}, {"active_register_tier_delivered", "PTEC"},
            {"tomorrow_color", "DEMAIN"}, {"apparent_power", "PAPP"}, {"rms_current", "IINST"}, {"rms_current_ph_b", "IINST2"},
            {"rms_current_ph_c", "IINST3"}, {"available_power", "ISOUSC"}};
        for (String[] kv : hist) {
            HISTORIQUE_KEYS.put(kv[0], kv[1]);
        }
    }

    /** The registers of a historique option, in ZLinky tier order; BASE has none (it is current_summ_delivered). */
    private static String[] tiers(String optarif) {
        if (optarif == null) {
            return new String[0];
        }
        if (optarif.startsWith("HC")) {
            return new String[] {"HCHC", "HCHP"};
        }
        if (optarif.startsWith("EJP")) {
            return new String[] {"EJPHN", "EJPHPM"};
        }
        if (optarif.startsWith("BBR")) {
            return new String[] {"BBRHCJB", "BBRHPJB", "BBRHCJW", "BBRHPJW", "BBRHCJR", "BBRHPJR"};
        }
        return new String[0];
    }

    private static Optional<TicLabel> label(TicMode mode, String optarif, String key) {
        String wire = mode == TicMode.STANDARD ? STANDARD_KEYS.get(key.replace("active_energy_out", "active_enerfy_out"))
                : historique(optarif, key);
        return wire == null ? Optional.empty() : TicLabel.of(mode, wire);
    }

    private static String historique(String optarif, String key) {
        String l = HISTORIQUE_KEYS.get(key);
        if (l != null) {
            return l;
        }
        if (key.equals("current_summ_delivered")) {
            return optarif == null || optarif.startsWith("BASE") ? "BASE" : null;
        }
        String[] regs = tiers(optarif);
        for (int i = 1; i <= regs.length; i++) {
            if (key.equals("current_tier" + i + "_summ_delivered")) {
                return regs[i - 1];
            }
        }
        return null;
    }

    /** The ZLinky attribute a label is published under, if any (used to simulate a ZLinky). */
    static Optional<String> attribute(TicMode mode, String optarif, String label) {
        Map<String, String> keys = mode == TicMode.STANDARD ? STANDARD_KEYS : HISTORIQUE_KEYS;
        for (Map.Entry<String, String> e : keys.entrySet()) {
            if (e.getValue().equals(label)) {
                return Optional.of(e.getKey());
            }
        }
        if (mode == TicMode.HISTORIQUE) {
            if (label.equals("BASE")) {
                return Optional.of("current_summ_delivered");
            }
            if (label.startsWith("IINST1")) {
                return Optional.of("rms_current");
            }
            String[] regs = tiers(optarif);
            for (int i = 0; i < regs.length; i++) {
                if (regs[i].equals(label)) {
                    return Optional.of("current_tier" + (i + 1) + "_summ_delivered");
                }
            }
        }
        return Optional.empty();
    }
}
