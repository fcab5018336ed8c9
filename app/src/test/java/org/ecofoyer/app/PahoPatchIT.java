package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The packaged jar carries exactly one CountingInputStream for Paho: ingest's, the one that reads in bulk. */
class PahoPatchIT {
    private static final String ENTRY = "org/eclipse/paho/mqttv5/common/packet/util/CountingInputStream.class";

    @Test
    void theJarShipsIngestsBulkReadingCountingInputStreamOnly() throws Exception {
        Path jar = Path.of(System.getProperty("ecofoyer.jar"));
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(Collections.list(j.entries()).stream().filter(e -> e.getName().equals(ENTRY)).count()).isEqualTo(1);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> c = loader.loadClass("org.eclipse.paho.mqttv5.common.packet.util.CountingInputStream");
            assertThat(c.getDeclaredMethod("read", byte[].class, int.class, int.class)).isNotNull(); // Paho's has no bulk read
        }
    }
}
