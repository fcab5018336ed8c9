package org.ecofoyer.ingest.sync;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.time.LocalDate;
import java.util.Map;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.storage.Database;

/**
 * A separate JVM that syncs one gas meter against a fake utility server run by the test, so that the test can kill it
 * with SIGKILL mid-sync. Arguments: JDBC URL, fake base URL, meter code, first day, window days.
 */
public final class SyncChild {
    private SyncChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String fakeBase = args[1];
        Vertx vertx = Vertx.vertx();
        Database db = SyncFixture.external(url);
        ReadingWriter writer = SyncFixture.writer(db.dataSource());
        WebClient web = WebClient.create(vertx);
        UtilitySync sync = SyncFixture.sync(vertx, db.dataSource(), writer,
                Map.of(MeterKind.GAZPAR, SyncFixture.grdf(vertx, web, fakeBase, Integer.parseInt(args[4]), 3 * 365)));
        SyncReport r = SyncFixture.await(sync.sync(args[2], LocalDate.parse(args[3]), (m, d, t) ->
                System.out.println("progress " + d + "/" + t)));
        System.out.println("done " + r);
        System.exit(0);
    }

}
