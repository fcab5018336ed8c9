package org.ecofoyer.drivers.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
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
        return JsonPayloads.assemble(entries, dropped, mode, "ZLinky message");
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

    private static Optional<TicLabel> label(TicMode mode, String optarif, String key) {
        String wire = mode == TicMode.STANDARD ? standard(key) : historique(optarif, key);
        return wire == null ? Optional.empty() : TicLabel.of(mode, wire);
    }

    private static String standard(String key) {
        switch (key) {
            case "meter_serial_number":
                return "ADSC";
            case "current_tarif":
                return "NGTF";
            case "active_register_tier_delivered":
                return "LTARF";
            case "current_summ_delivered":
                return "EAST";
            case "current_summ_received":
                return "EAIT";
            case "apparent_power":
                return "SINSTS";
            case "rms_current":
                return "IRMS1";
            case "rms_current_ph_b":
                return "IRMS2";
            case "rms_current_ph_c":
                return "IRMS3";
            case "rms_voltage":
                return "URMS1";
            case "rms_voltage_ph_b":
                return "URMS2";
            case "rms_voltage_ph_c":
                return "URMS3";
            case "site_id":
                return "PRM";
            case "status_register":
                return "STGE";
            case "current_index_tarif":
                return "NTARF";
            default:
                break;
        }
        for (int i = 1; i <= 10; i++) {
            if (key.equals("current_tier" + i + "_summ_delivered")) {
                return String.format("EASF%02d", i);
            }
        }
        for (int i = 1; i <= 4; i++) {
            // Zigbee2MQTT spells it "enerfy"; accept the corrected name too.
            if (key.equals("active_enerfy_out_d0" + i) || key.equals("active_energy_out_d0" + i)) {
                return "EASD0" + i;
            }
        }
        return null;
    }

    private static String historique(String optarif, String key) {
        switch (key) {
            case "meter_serial_number":
                return "ADCO";
            case "current_tarif":
                return "OPTARIF";
            case "active_register_tier_delivered":
                return "PTEC";
            case "tomorrow_color":
                return "DEMAIN";
            case "apparent_power":
                return "PAPP";
            case "rms_current":
                return "IINST";
            case "rms_current_ph_b":
                return "IINST2";
            case "rms_current_ph_c":
                return "IINST3";
            case "available_power":
                return "ISOUSC";
            case "current_summ_delivered":
                return optarif == null || optarif.startsWith("BASE") ? "BASE" : null;
            default:
                break;
        }
        if (optarif == null || !key.startsWith("current_tier") || !key.endsWith("_summ_delivered")) {
            return null;
        }
        String[] regs;
        if (optarif.startsWith("HC")) {
            regs = new String[] {"HCHC", "HCHP"};
        } else if (optarif.startsWith("EJP")) {
            regs = new String[] {"EJPHN", "EJPHPM"};
        } else if (optarif.startsWith("BBR")) {
            regs = new String[] {"BBRHCJB", "BBRHPJB", "BBRHCJW", "BBRHPJW", "BBRHCJR", "BBRHPJR"};
        } else {
            return null;
        }
        for (int i = 1; i <= regs.length; i++) {
            if (key.equals("current_tier" + i + "_summ_delivered")) {
                return regs[i - 1];
            }
        }
        return null;
    }
}
