package org.ecofoyer.drivers.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.ecofoyer.drivers.tic.Captures;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every codec with payloads shaped like the firmwares' real ones, and malformed ones. */
class GatewayCodecsTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static TicFrame frame(GatewayResult r) {
        assertThat(r).as(String.valueOf(r)).isInstanceOf(GatewayResult.Decoded.class);
        return ((GatewayResult.Decoded) r).frame();
    }

    private static GatewayError error(GatewayResult r) {
        assertThat(r).as(String.valueOf(r)).isInstanceOf(GatewayResult.Rejected.class);
        return ((GatewayResult.Rejected) r).error();
    }

    // ------------------------------------------------------------------ raw

    @Test
    void rawPayloadWithSeveralFrames() {
        GatewayResult r = GatewayFormat.RAW.codec().decode("ecofoyer/gw/raw", Captures.bytes(Captures.HISTO_BASE_TRI));
        assertThat(((GatewayResult.Decoded) r).frames()).hasSize(5);
        assertThat(frame(r).meterId()).contains("021630015376");
    }

    @Test
    void rawPayloadOfBareGroupsWithoutStxEtx() {
        TicFrame f = frame(GatewayFormat.RAW.codec().decode("t", utf8("\nADCO 812164417227 D\r\nOPTARIF BASE 0\r\n")));
        assertThat(f.groups()).containsExactly(entry("ADCO", "812164417227"), entry("OPTARIF", "BASE"));
    }

    @Test
    void rawPayloadWithoutAnyValidGroupIsRejected() {
        assertThat(error(GatewayFormat.RAW.codec().decode("t", utf8("hello world"))).kind()).isEqualTo(GatewayError.Kind.NO_COMPLETE_FRAME);
        assertThat(error(GatewayFormat.RAW.codec().decode("t", utf8("\u0002\nADCO 812164417227 X\r\u0003"))).kind())
                .isEqualTo(GatewayError.Kind.BAD_VALUE);
    }

    // ------------------------------------------------------------------ Tasmota

    @Test
    void tasmotaFullReportWithStringsAndNumbers() {
        String p = "{\"Time\":\"2021-03-13T09:20:30\",\"ENERGY\":{\"Total\":7970.903,\"Power\":860},"
                + "\"TIC\":{\"ADCO\":\"061964123456\",\"OPTARIF\":\"BASE\",\"ISOUSC\":30,\"BASE\":7970903,\"PTEC\":\"TH..\","
                + "\"IINST\":\"004\",\"IMAX\":\"090\",\"PAPP\":860,\"HHPHC\":\"A\",\"MOTDETAT\":\"000000\",\"PHASE\":1,\"SSOUSC\":\"6000\"}}";
        GatewayResult r = GatewayFormat.TASMOTA.codec().decode("tele/linky/SENSOR", utf8(p));
        TicFrame f = frame(r);
        assertThat(f.mode()).isEqualTo(TicMode.HISTORIQUE);
        assertThat(f.partial()).isTrue();
        assertThat(f.meterId()).contains("061964123456");
        assertThat(f.indexes()).containsExactly(entry("index.BASE", 7_970_903L), entry("index.total", 7_970_903L));
        assertThat(f.apparentPower()).hasValue(860);
        assertThat(f.current(1)).hasValue(4);
        assertThat(f.unknownLabels()).containsExactly("PHASE", "SSOUSC");
        assertThat(r.readings("m1", Instant.EPOCH)).extracting(x -> x.channel() + "=" + x.value())
                .containsExactly("index.BASE=7970903", "index.total=7970903", "power.apparent=860", "current.1=4",
                        "contract.kva=6", "contract.option=1"); // ISOUSC 30 A, OPTARIF BASE
    }

    @Test
    void tasmotaChangedOnlyMessageIsAPartialFrame() {
        TicFrame f = frame(GatewayFormat.TASMOTA.codec().decode("tele/linky/SENSOR", utf8("{\"TIC\":{\"HCHP\":2033650,\"PAPP\":\"00210\"}}")));
        assertThat(f.indexes()).containsExactly(entry("index.HP", 2_033_650L)); // no total: HCHC and OPTARIF missing
        assertThat(f.totalIndex()).isEmpty();
    }

    @Test
    void tasmotaStandardWithHorodates() {
        String p = "{\"TIC\":{\"ADSC\":\"061961361253\",\"DATE\":\"E210423054022\",\"EAST\":2188830,\"SMAXSN\":\"E210423051903\\t00924\",\"SINSTS\":394}}";
        TicFrame f = frame(GatewayFormat.TASMOTA.codec().decode("tele/linky/SENSOR", utf8(p)));
        assertThat(f.mode()).isEqualTo(TicMode.STANDARD);
        assertThat(f.instant()).contains(Instant.parse("2021-04-23T03:40:22Z"));
        assertThat(f.groups()).containsEntry("SMAXSN", "00924").containsEntry("DATE", "");
        assertThat(f.totalIndex()).hasValue(2_188_830);
    }

    @Test
    void tasmotaMalformedPayloads() {
        PayloadCodec c = GatewayFormat.TASMOTA.codec();
        assertThat(error(c.decode("t", utf8(""))).kind()).isEqualTo(GatewayError.Kind.EMPTY);
        assertThat(error(c.decode("t", utf8("{\"TIC\":"))).kind()).isEqualTo(GatewayError.Kind.NOT_JSON);
        assertThat(error(c.decode("t", utf8("[1,2]"))).kind()).isEqualTo(GatewayError.Kind.UNEXPECTED_SHAPE);
        assertThat(error(c.decode("t", utf8("{\"TIC\":[\"ADCO\"]}"))).kind()).isEqualTo(GatewayError.Kind.UNEXPECTED_SHAPE);
        assertThat(error(c.decode("t", utf8("{\"Time\":\"x\",\"ENERGY\":{\"Power\":3}}"))).kind()).isEqualTo(GatewayError.Kind.NO_TIC_DATA);
        GatewayError bad = error(c.decode("t", utf8("{\"TIC\":{\"BASE\":\"12a4\",\"PAPP\":-5}}")));
        assertThat(bad.kind()).isEqualTo(GatewayError.Kind.BAD_VALUE);
        assertThat(bad.message()).contains("BASE=12a4");
        assertThat(error(c.decode("t", new byte[] {(byte) 0xFF, (byte) 0xFE, 0})).kind()).isEqualTo(GatewayError.Kind.NOT_JSON);
    }

    @Test
    void tasmotaKeepsGoodValuesAndCountsBadOnes() {
        GatewayResult r = GatewayFormat.TASMOTA.codec().decode("t", utf8("{\"TIC\":{\"BASE\":\"12a4\",\"PAPP\":860,\"IINST\":{\"x\":1}}}"));
        assertThat(((GatewayResult.Decoded) r).droppedValues()).isEqualTo(2);
        assertThat(frame(r).groups()).containsExactly(entry("PAPP", "860"));
        assertThat(frame(r).invalidGroups()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ teleinfo2mqtt

    @Test
    void teleinfo2mqttStandardWithTimestamps() {
        String p = "{\"ADSC\":{\"raw\":\"031664001115\",\"value\":31664001115},\"EASF06\":{\"raw\":\"000000000\",\"value\":0},"
                + "\"NGTF\":{\"raw\":\"H PLEINE/CREUSE\",\"value\":\"H PLEINE/CREUSE\"},"
                + "\"SMAXSN\":{\"raw\":\"02740\",\"value\":2740,\"timestamp\":{\"date\":\"2022-06-09T06:05:31.000Z\",\"dst\":\"summer\"}},"
                + "\"DATE\":{\"raw\":\"\",\"value\":\"\",\"timestamp\":{\"date\":\"2022-01-08T12:46:04.000Z\",\"dst\":\"winter\"}}}";
        TicFrame f = frame(GatewayFormat.TELEINFO2MQTT.codec().decode("teleinfo/031664001115", utf8(p)));
        assertThat(f.mode()).isEqualTo(TicMode.STANDARD);
        assertThat(f.meterId()).contains("031664001115");
        assertThat(f.horodate(org.ecofoyer.drivers.tic.TicLabel.SMAXSN).orElseThrow().wire()).isEqualTo("E220609080531");
        assertThat(f.meterTime().orElseThrow().wire()).isEqualTo("H220108134604");
        assertThat(f.instant()).contains(Instant.parse("2022-01-08T12:46:04Z"));
        assertThat(f.tariffOption()).contains("H PLEINE/CREUSE");
        assertThat(f.indexes()).containsExactly(entry("index.SUPPLIER_06", 0L));
    }

    @Test
    void teleinfo2mqttHistoriqueUsesRawText() {
        String p = "{\"ADCO\":{\"raw\":\"021528603314\",\"value\":21528603314},\"OPTARIF\":{\"raw\":\"HC..\",\"value\":\"HC\"},"
                + "\"HCHC\":{\"raw\":\"000836902\",\"value\":836902},\"HCHP\":{\"raw\":\"002033643\",\"value\":2033643},"
                + "\"PTEC\":{\"raw\":\"HP..\",\"value\":\"HP\"}}";
        TicFrame f = frame(GatewayFormat.TELEINFO2MQTT.codec().decode("teleinfo/021528603314", utf8(p)));
        assertThat(f.tariffOption()).contains("HC..");
        assertThat(f.totalIndex()).hasValue(2_870_545);
        assertThat(f.currentRegister()).contains("index.HP");
    }

    @Test
    void teleinfo2mqttMalformed() {
        PayloadCodec c = GatewayFormat.TELEINFO2MQTT.codec();
        assertThat(error(c.decode("t", utf8("{\"ADCO\":\"021528603314\"}"))).kind()).isEqualTo(GatewayError.Kind.UNEXPECTED_SHAPE);
        assertThat(error(c.decode("t", utf8("{\"SMAXSN\":{\"raw\":\"02740\",\"timestamp\":{\"date\":\"yesterday\"}}}"))).kind())
                .isEqualTo(GatewayError.Kind.BAD_VALUE);
        assertThat(error(c.decode("t", utf8("not json"))).kind()).isEqualTo(GatewayError.Kind.NOT_JSON);
    }

    // ------------------------------------------------------------------ ZLinky

    @Test
    void zlinkyHistoriqueHcConvertsKwhToWhExactly() {
        String p = "{\"linkquality\":120,\"meter_serial_number\":\"021528603314\",\"current_tarif\":\"HC..\","
                + "\"current_tier1_summ_delivered\":836.902,\"current_tier2_summ_delivered\":2033.643,"
                + "\"active_register_tier_delivered\":\"HP..\",\"apparent_power\":190,\"rms_current\":1}";
        TicFrame f = frame(GatewayFormat.ZLINKY.codec().decode("zigbee2mqtt/linky", utf8(p)));
        assertThat(f.mode()).isEqualTo(TicMode.HISTORIQUE);
        assertThat(f.indexes()).containsExactly(entry("index.HC", 836_902L), entry("index.HP", 2_033_643L), entry("index.total", 2_870_545L));
        assertThat(f.apparentPower()).hasValue(190);
        assertThat(f.current(1)).hasValue(1);
        assertThat(f.currentRegister()).contains("index.HP");
    }

    @Test
    void zlinkyStandardIsRecognisedByItsOwnAttributes() {
        String p = "{\"meter_serial_number\":\"031776013513\",\"current_summ_delivered\":27553.175,"
                + "\"current_tier1_summ_delivered\":15643.112,\"active_enerfy_out_d04\":6253.358,\"rms_voltage\":234,"
                + "\"rms_voltage_ph_b\":240,\"apparent_power\":1198}";
        TicFrame f = frame(GatewayFormat.ZLINKY.codec().decode("zigbee2mqtt/linky", utf8(p)));
        assertThat(f.mode()).isEqualTo(TicMode.STANDARD);
        assertThat(f.indexes()).containsExactly(entry("index.total", 27_553_175L), entry("index.SUPPLIER_01", 15_643_112L),
                entry("index.DISTRIBUTOR_04", 6_253_358L));
        assertThat(f.voltage(2)).hasValue(240);
    }

    @Test
    void zlinkyRejectsInexactKwhAndNonMeteringMessages() {
        GatewayResult r = GatewayFormat.ZLINKY.codec().decode("z", utf8("{\"current_summ_delivered\":7970.9035,\"apparent_power\":860}"));
        assertThat(((GatewayResult.Decoded) r).droppedValues()).isEqualTo(1);
        assertThat(frame(r).indexes()).isEmpty();
        assertThat(error(GatewayFormat.ZLINKY.codec().decode("z", utf8("{\"linkquality\":87,\"battery\":100}"))).kind())
                .isEqualTo(GatewayError.Kind.NO_TIC_DATA);
        assertThat(error(GatewayFormat.ZLINKY.codec().decode("z", utf8("{\"current_summ_delivered\":\"lots\"}"))).kind())
                .isEqualTo(GatewayError.Kind.BAD_VALUE);
    }

    @Test
    void zlinkyWithAModeHint() {
        TicFrame f = frame(new ZLinkyCodec(TicMode.STANDARD).decode("z", utf8("{\"current_tier2_summ_delivered\":1112.735}")));
        assertThat(f.indexes()).containsExactly(entry("index.SUPPLIER_02", 1_112_735L));
    }

    // ------------------------------------------------------------------ ESPHome

    @Test
    void esphomeOneValuePerTopic() {
        PayloadCodec c = GatewayFormat.ESPHOME.codec();
        assertThat(frame(c.decode("linky/sensor/linky_hchc/state", utf8("836902"))).indexes()).containsExactly(entry("index.HC", 836_902L));
        assertThat(frame(c.decode("linky/sensor/papp/state", utf8("860.0"))).apparentPower()).hasValue(860);
        assertThat(frame(c.decode("home/linky/text_sensor/linky_ptec/state", utf8("HP.."))).currentPeriod()).contains("HP..");
        assertThat(frame(c.decode("linky/sensor/east/state", utf8("2188830"))).totalIndex()).hasValue(2_188_830);
    }

    @Test
    void esphomeMalformed() {
        PayloadCodec c = GatewayFormat.ESPHOME.codec();
        assertThat(error(c.decode("linky/sensor/wifi_signal/state", utf8("-67"))).kind()).isEqualTo(GatewayError.Kind.UNKNOWN_TOPIC);
        assertThat(error(c.decode("linky/status", utf8("online"))).kind()).isEqualTo(GatewayError.Kind.UNKNOWN_TOPIC);
        assertThat(error(c.decode("linky/sensor/hchc/state", utf8("836.5"))).kind()).isEqualTo(GatewayError.Kind.BAD_VALUE);
        assertThat(error(c.decode("linky/sensor/hchc/state", utf8("nan"))).kind()).isEqualTo(GatewayError.Kind.BAD_VALUE);
        assertThat(error(c.decode("linky/sensor/hchc/state", new byte[0])).kind()).isEqualTo(GatewayError.Kind.EMPTY);
    }

    @ParameterizedTest
    @EnumSource(GatewayFormat.class)
    void noCodecThrowsOnHostileInput(GatewayFormat format) {
        String[] payloads = {"", "null", "{}", "[]", "\"x\"", "{\"TIC\":null}", "{\"TIC\":{\"ADCO\":null}}", "{\"a\":{\"raw\":null}}",
            "{\"current_summ_delivered\":1e400}", "{\"current_summ_delivered\":-1}", "\u0002\u0003\u0004", "{".repeat(5000),
            "{\"TIC\":{\"" + "A".repeat(300) + "\":1}}"};
        for (String p : payloads) {
            for (String topic : new String[] {null, "", "a/sensor/b/state", "x/sensor/hchc/state"}) {
                assertThat(format.codec().decode(topic, utf8(p))).isNotNull();
            }
        }
        assertThat(format.codec().decode("t", null)).isInstanceOf(GatewayResult.Rejected.class);
        assertThat(format.codec().decode("t", new byte[PayloadCodec.MAX_PAYLOAD_BYTES + 1])).isInstanceOf(GatewayResult.Rejected.class);
    }
}
