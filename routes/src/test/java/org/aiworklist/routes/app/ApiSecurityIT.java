package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.ExportRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.TestJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17, findings 1 and 4: the REST API answers with the node's own headers only (never what a request put in
 * its query or headers), errors are escaped JSON, and a browser cannot be used against it: foreign Origins, form
 * posts and foreign Host names (DNS rebinding) are refused. CORS only for the configured origin.
 */
class ApiSecurityIT {
    private static final String CORS_ORIGIN = "http://viewer.example.org";
    private static final String JSON = "application/json; charset=utf-8";
    /** Headers a request tries to have copied into the answer, as query parameters and as request headers. */
    private static final List<String> INJECTED = List.of(
            "Content-Type",
            "Access-Control-Allow-Origin",
            "Set-Cookie",
            "Location",
            "Access-Control-Allow-Credentials",
            "X-Evil");

    private static final String INJECTING_QUERY = "?Content-Type=text/html&Access-Control-Allow-Origin=*"
            + "&Set-Cookie=session%3Dx&Location=http://evil.example/&Access-Control-Allow-Credentials=true&X-Evil=1";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path dir;

    private static NodeHarness harness;
    private static NodeApplication node;
    private static long supersededJobId;
    private static long purgedJobId;

    @BeforeAll
    static void startNode() throws Exception {
        harness = new NodeHarness(dir, "NOWHERE", NodeHarness.freePort());
        // Environment overrides cannot add to an empty list: the CORS origin goes into a copy of the configuration.
        Path yaml = dir.resolve("aiworklist.yaml");
        Files.writeString(
                yaml,
                Files.readString(Path.of("../conf/aiworklist.yaml"))
                        .replace("corsOrigins: []", "corsOrigins: [" + CORS_ORIGIN + "]"));
        NodeConfiguration config = ConfigurationLoader.load(yaml, harness.env);
        assertEquals(List.of(CORS_ORIGIN), config.http().corsOrigins());
        supersededJobId = insertJob(config, "superseded", JobRecord.State.SUPERSEDED, null);
        purgedJobId = insertJob(config, "purged", JobRecord.State.DONE, Instant.now());
        node = new NodeApplication(config);
        node.start();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/api/jobs, 200",
        "/health, 200",
        "/api/studies/%3Cimg%20src%3Dx%3E, 404",
        "/api/jobs/abc, 400",
        "/api/no-such-thing, 404",
        "/nowhere/at/all, 404"
    })
    void injectedQueryParametersAndRequestHeadersNeverBecomeResponseHeaders(String path, int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path + INJECTING_QUERY));
        INJECTED.forEach(name -> request.header(name, name.equals("Access-Control-Allow-Origin") ? "*" : "x"));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(status, response.statusCode(), response.body());
        assertNodeHeadersOnly(response);
        MAPPER.readTree(response.body());
    }

    @Test
    void wrongMethodIsJsonToo() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri("/api/jobs" + INJECTING_QUERY))
                        .header("Content-Type", "application/json")
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(405, response.statusCode(), response.body());
        assertNodeHeadersOnly(response);
    }

    @Test
    void markupEchoedInAnErrorIsEscapedJson() throws Exception {
        HttpResponse<String> response = get("/api/studies/%3Cscript%3Ealert(1)%3C%2Fscript%3E%26");

        assertEquals(404, response.statusCode());
        assertNodeHeadersOnly(response);
        assertFalse(
                response.body().contains("<")
                        || response.body().contains(">")
                        || response.body().contains("&"),
                response.body());
        assertEquals(
                "no study <script>alert(1)</script>&",
                MAPPER.readTree(response.body()).path("error").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", ""})
    void postWithoutJsonContentTypeIsRefused(String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/destinations/pacs/resend-failed"))
                .POST(HttpRequest.BodyPublishers.ofString("Content-Type=application/json"));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(415, response.statusCode(), response.body());
        assertNodeHeadersOnly(response);
        assertTrue(MAPPER.readTree(response.body()).path("error").asText().contains("application/json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "GET"})
    void foreignOriginIsRefused(String method) throws Exception {
        String path = method.equals("POST") ? "/api/destinations/pacs/resend-failed" : "/api/quarantine";
        for (String origin :
                List.of("http://evil.example", "null", "http://127.0.0.1:1", "https://127.0.0.1:" + harness.httpPort)) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(uri(path))
                            .header("Origin", origin)
                            .header("Content-Type", "application/json")
                            .method(
                                    method,
                                    method.equals("POST")
                                            ? HttpRequest.BodyPublishers.ofString("{}")
                                            : HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(403, response.statusCode(), origin + ": " + response.body());
            assertNodeHeadersOnly(response);
            assertTrue(
                    response.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), origin);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http://127.0.0.1:PORT", "http://localhost:PORT"})
    void jsonPostWithoutOriginOrFromTheNodesOwnOriginIsAccepted(String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/destinations/pacs/resend-failed"))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.noBody());
        if (!origin.isEmpty()) {
            request.header("Origin", origin.replace("PORT", String.valueOf(harness.httpPort)));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertNodeHeadersOnly(response);
        assertEquals(0, MAPPER.readTree(response.body()).path("exportsQueued").asInt(-1));
    }

    @Test
    void onlyConfiguredHostNamesAreServed() throws Exception {
        int port = harness.httpPort;
        RawHttp.Response served = RawHttp.get(port, "/api/jobs?X-Evil=1&Set-Cookie=x", "127.0.0.1:" + port);
        assertEquals(200, served.status());
        assertEquals(
                Set.of(
                        "content-type",
                        "x-content-type-options",
                        "cache-control",
                        "content-security-policy",
                        "x-frame-options",
                        "referrer-policy",
                        "vary",
                        "transfer-encoding",
                        "connection"),
                served.headerNames(),
                "what an HTTP/1.1 client sees: the node's headers and framing, nothing else");
        assertEquals(200, RawHttp.get(port, "/api/jobs", "localhost:" + port).status());
        assertEquals(200, RawHttp.get(port, "/health", "LOCALHOST").status());

        for (String host : List.of("evil.example:" + port, "evil.example", "127.0.0.1.evil.example:" + port)) {
            RawHttp.Response refused = RawHttp.get(port, "/api/quarantine?Host=localhost", host);
            assertEquals(421, refused.status(), host + ": " + refused.body());
            assertEquals(Optional.of(JSON), refused.header("Content-Type"));
            assertTrue(MAPPER.readTree(refused.body()).has("error"), refused.body());
        }
    }

    /** Issue 14: the page, its script and style, metrics and the event stream: each its own type, same headers. */
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "/, text/html; charset=utf-8",
        "/assets/app.js, text/javascript; charset=utf-8",
        "/assets/app.css, text/css; charset=utf-8",
        "/metrics, text/plain; version=0.0.4; charset=utf-8",
        "/api/openapi.json, application/json; charset=utf-8"
    })
    void pageAssetsAndMetricsCarryTheNodesHeadersAndNoInjectedOnes(String path, String type) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path + INJECTING_QUERY));
        INJECTED.forEach(name -> request.header(name, "x"));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(List.of(type), response.headers().allValues("Content-Type"));
        assertPageHeaders(response);
        INJECTED.stream()
                .filter(name -> !name.equals("Content-Type"))
                .forEach(name -> assertTrue(response.headers().allValues(name).isEmpty(), name));
        if (path.equals("/")) {
            assertFalse(response.body().contains("<script>"), "no inline script: the policy would block it");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/assets/..%2Fopenapi.json", "/assets/index.html", "/assets/", "/index.html"})
    void onlyTheListedAssetsAreServed(String path) throws Exception {
        HttpResponse<String> response = get(path);

        assertEquals(404, response.statusCode(), response.body());
        assertNodeHeadersOnly(response);
    }

    @Test
    void theEventStreamIsGuardedLikeTheApi() throws Exception {
        HttpResponse<String> foreign = HTTP.send(
                HttpRequest.newBuilder(uri("/api/events"))
                        .header("Origin", "http://evil.example")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, foreign.statusCode(), foreign.body());
        assertNodeHeadersOnly(foreign);
        assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty());

        RawHttp.Response rebound = RawHttp.get(harness.httpPort, "/api/events", "evil.example");
        assertEquals(421, rebound.status(), rebound.body());
        assertEquals(Optional.of(JSON), rebound.header("Content-Type"));

        HttpResponse<java.io.InputStream> stream = HTTP.send(
                HttpRequest.newBuilder(uri("/api/events")).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream body = stream.body()) {
            assertEquals(200, stream.statusCode());
            assertEquals(
                    Optional.of("text/event-stream; charset=utf-8"),
                    stream.headers().firstValue("Content-Type"));
            assertPageHeaders(stream);
            assertEquals("retry: 2000", new String(body.readNBytes(11), StandardCharsets.UTF_8));
        }
    }

    @Test
    void configuredCorsOriginGetsItsOriginBackAndNoOtherDoes() throws Exception {
        HttpResponse<String> allowed = HTTP.send(
                HttpRequest.newBuilder(uri("/api/quarantine"))
                        .header("Origin", CORS_ORIGIN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, allowed.statusCode(), allowed.body());
        assertEquals(Optional.of(CORS_ORIGIN), allowed.headers().firstValue("Access-Control-Allow-Origin"));
        assertEquals(Optional.of("Origin"), allowed.headers().firstValue("Vary"));
        assertTrue(
                allowed.headers().firstValue("Access-Control-Allow-Credentials").isEmpty());

        HttpResponse<String> sameOrigin = get("/api/quarantine");
        assertTrue(
                sameOrigin.headers().firstValue("Access-Control-Allow-Origin").isEmpty());

        HttpResponse<String> preflight = preflight(CORS_ORIGIN);
        assertEquals(204, preflight.statusCode(), preflight.body());
        assertEquals(Optional.of(CORS_ORIGIN), preflight.headers().firstValue("Access-Control-Allow-Origin"));
        assertTrue(preflight
                .headers()
                .firstValue("Access-Control-Allow-Methods")
                .orElse("")
                .contains("POST"));
        assertTrue(preflight
                .headers()
                .firstValue("Access-Control-Allow-Headers")
                .orElse("")
                .equalsIgnoreCase("Content-Type"));

        HttpResponse<String> foreignPreflight = preflight("http://evil.example");
        assertEquals(403, foreignPreflight.statusCode());
        assertTrue(foreignPreflight
                .headers()
                .firstValue("Access-Control-Allow-Origin")
                .isEmpty());
        assertTrue(foreignPreflight
                .headers()
                .firstValue("Access-Control-Allow-Methods")
                .isEmpty());
    }

    @Test
    void resendOfASupersededJobIsRefusedAndTheJobStaysSuperseded() throws Exception {
        HttpResponse<String> response = harness.post("/api/jobs/" + supersededJobId + "/resend");

        assertEquals(409, response.statusCode(), response.body());
        assertNodeHeadersOnly(response);
        assertTrue(MAPPER.readTree(response.body()).path("error").asText().contains("superseded"), response.body());
        JsonNode job = MAPPER.readTree(get("/api/jobs/" + supersededJobId).body());
        assertEquals("SUPERSEDED", job.path("state").asText(), job.toString());
        assertEquals("SENT", job.path("exports").path(0).path("state").asText(), job.toString());
    }

    @Test
    void resendOfAJobWhoseResultsRetentionRemovedIsRefusedAndTheJobStaysDone() throws Exception {
        HttpResponse<String> response = harness.post("/api/jobs/" + purgedJobId + "/resend");

        assertEquals(409, response.statusCode(), response.body());
        assertTrue(MAPPER.readTree(response.body()).path("error").asText().contains("retention"), response.body());
        JsonNode job = MAPPER.readTree(get("/api/jobs/" + purgedJobId).body());
        assertEquals("DONE", job.path("state").asText(), job.toString());
        assertEquals("SENT", job.path("exports").path(0).path("state").asText(), job.toString());
    }

    private static void assertNodeHeadersOnly(HttpResponse<String> response) {
        for (String name : INJECTED) {
            if (!name.equals("Content-Type")) {
                assertTrue(
                        response.headers().allValues(name).isEmpty(),
                        name + " in " + response.headers().map());
            }
        }
        assertEquals(
                List.of(JSON),
                response.headers().allValues("Content-Type"),
                response.headers().map().toString());
        assertPageHeaders(response);
    }

    /** What every answer carries besides its type: no sniffing, no caching, no framing, nothing from elsewhere. */
    private static void assertPageHeaders(HttpResponse<?> response) {
        assertEquals(Optional.of("nosniff"), response.headers().firstValue("X-Content-Type-Options"));
        assertEquals(Optional.of("no-store"), response.headers().firstValue("Cache-Control"));
        assertEquals(Optional.of("DENY"), response.headers().firstValue("X-Frame-Options"));
        assertEquals(Optional.of("no-referrer"), response.headers().firstValue("Referrer-Policy"));
        String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
        for (String directive :
                List.of("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "form-action 'none'")) {
            assertTrue(policy.contains(directive), directive + " in " + policy);
        }
        assertFalse(policy.contains("unsafe-inline"), policy);
    }

    private static HttpResponse<String> preflight(String origin) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri("/api/destinations/pacs/resend-failed"))
                        .header("Origin", origin)
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "content-type")
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + harness.httpPort + path);
    }

    /** A job whose results a later version replaced, as a late arrival under RERUN leaves it. */
    /** A job that has been sent, with results removed by retention when {@code resultsPurgedAt} is set. */
    private static long insertJob(
            NodeConfiguration config, String inputs, JobRecord.State state, Instant resultsPurgedAt) {
        try (Database database = new Database(
                config.database().jdbcUrl(),
                config.database().user(),
                config.database().password())) {
            return database.fromTransaction(session -> {
                JobRecord job = TestJobs.job("2.25.1", inputs, state);
                job.version = 1;
                job.createdAt = Instant.now();
                job.resultDirectory = dir.resolve("results/job-" + inputs).toString();
                job.resultsPurgedAt = resultsPurgedAt;
                session.persist(job);
                ExportRecord export = TestJobs.exportOf(job, "pacs");
                export.state = ExportRecord.State.SENT;
                export.sentAt = Instant.now();
                export.nextAttemptAt = Instant.now();
                session.persist(export);
                return job.id;
            });
        }
    }

    /** HTTP/1.1 over a socket: java.net.http will not send a Host header of our choosing. */
    private static final class RawHttp {
        record Response(int status, String head, String body) {
            Set<String> headerNames() {
                return head.lines()
                        .skip(1)
                        .map(l -> l.substring(0, l.indexOf(':')).toLowerCase(Locale.ROOT))
                        .collect(Collectors.toSet());
            }

            Optional<String> header(String name) {
                return head.lines()
                        .skip(1)
                        .filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                        .map(l -> l.substring(name.length() + 1).trim())
                        .findFirst();
            }
        }

        static Response get(int port, String path, String host) throws Exception {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                InputStream in = socket.getInputStream();
                in.transferTo(all);
                String text = all.toString(StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                Response response = new Response(Integer.parseInt(text.split(" ", -1)[1]), text.substring(0, end), "");
                String body = text.substring(end + 4);
                boolean chunked = response.header("Transfer-Encoding")
                        .filter("chunked"::equalsIgnoreCase)
                        .isPresent();
                return new Response(response.status(), response.head(), chunked ? unchunked(body) : body);
            }
        }

        private static String unchunked(String body) {
            StringBuilder text = new StringBuilder();
            int at = 0;
            for (int size;
                    (size = Integer.parseInt(
                                    body.substring(at, body.indexOf("\r\n", at)).trim(), 16))
                            > 0; ) {
                int start = body.indexOf("\r\n", at) + 2;
                text.append(body, start, start + size);
                at = start + size + 2;
            }
            return text.toString();
        }
    }
}
