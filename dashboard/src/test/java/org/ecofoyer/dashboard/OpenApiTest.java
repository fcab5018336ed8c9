package org.ecofoyer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is served and names every path the API answers (the authorisation matrix's list). */
class OpenApiTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void documentsEveryEndpoint() throws Exception {
        HttpResponse<String> r = new Browser(server.base()).get("/api/v1/openapi.yaml");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/yaml");
        String doc = r.body();
        JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(doc).get("paths");
        for (AuthorisationMatrixTest.Endpoint e : AuthorisationMatrixTest.endpoints()) {
            if (!e.path().startsWith("/api/v1/")) {
                continue; // /health and the OAuth callback are pages, not API routes
            }
            String path = e.path().replaceFirst("^/api/v1", "").replaceFirst("\\?.*$", "")
                    .replace("/households/H1", "/households/{household}")
                    .replace("/fluids/electricity", "/fluids/{fluid}").replace("/fluids/water", "/fluids/{fluid}")
                    .replace("/invitations/no-such-token", "/invitations/{token}")
                    .replace("/consents/999999", "/consents/{consent}").replace("/consent-requests/999999", "/consent-requests/{request}")
                    .replace("/advisor/requests/999999", "/advisor/requests/{request}")
                    .replace("/installer/households/H1", "/installer/households/{household}")
                    .replace("/installer/meters/no-such-meter", "/installer/meters/{meter}")
                    .replace("/installer/gateways/gw-none", "/installer/gateways/{gateway}").replace("/gateways/gw-none", "/gateways/{gateway}")
                    .replace("/ecogestures/elec-led", "/ecogestures/{gesture}");
            assertThat(paths.has(path)).as("documents " + path).isTrue();
            assertThat(paths.get(path).has(e.method().toLowerCase(java.util.Locale.ROOT))).as(path + " documents " + e.method()).isTrue();
        }
        assertThat(paths.has("/invitations/{token}/accept")).isTrue();
        assertThat(paths.get("/session").has("post")).isTrue();
    }
}
