package org.ecofoyer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;
import org.eclipse.paho.mqttv5.common.packet.util.CountingInputStream;
import org.junit.jupiter.api.Test;

/** Ingest's replacement of Paho's CountingInputStream: the one in use, bulk reads, same counts, Paho still parses. */
class PahoPatchTest {
    @Test
    void bulkReadsGoThroughInOneCallAndAreCounted() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        InputStream source = new ByteArrayInputStream(new byte[900]) {
            @Override
            public synchronized int read() {
                calls.incrementAndGet();
                return super.read();
            }
        };
        CountingInputStream counting = new CountingInputStream(source);
        new DataInputStream(counting).readFully(new byte[900]);
        assertThat(calls.get()).as("single-byte reads for a 900-byte payload").isZero();
        assertThat(counting.getCounter()).isEqualTo(900);
        assertThat(counting.read()).isEqualTo(-1);
        assertThat(counting.getCounter()).isEqualTo(900);
        counting.resetCounter();
        assertThat(counting.getCounter()).isZero();
    }

    @Test
    void pahoStillParsesAPublishThroughIt() throws Exception {
        byte[] payload = new byte[1000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        MqttPublish out = new MqttPublish("ecofoyer/gw/a/tic", new org.eclipse.paho.mqttv5.common.MqttMessage(payload, 1, false, null),
                new org.eclipse.paho.mqttv5.common.packet.MqttProperties());
        out.setMessageId(7);
        byte[] wire = concat(out.getHeader(), out.getPayload());
        MqttPublish in = (MqttPublish) MqttWireMessage.createWireMessage(wire);
        assertThat(in.getTopicName()).isEqualTo("ecofoyer/gw/a/tic");
        assertThat(in.getMessageId()).isEqualTo(7);
        assertThat(in.getMessage().getPayload()).isEqualTo(payload);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
