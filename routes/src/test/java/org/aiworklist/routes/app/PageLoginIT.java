package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.aiworklist.routes.config.NodeConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Local users of the page (http.users, bcrypt): login sets an HttpOnly SameSite=Strict session cookie; without it
 * 401; a viewer reads but cannot act (403); an operator acts only with the session's CSRF token; logout ends the
 * session; five wrong passwords from one address lock its logins (429); each is in the audit file.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PageLoginIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static NodeHarness harness;
    private static NodeApplication node;

    @BeforeAll
    static void startNode() throws Exception {
        harness = new NodeHarness(dir, "NOWHERE", NodeHarness.freePort());
        Path yaml = Files.writeString(
                dir.resolve("aiworklist.yaml"),
                Files.readString(Path.of("../conf/aiworklist.yaml")).replace("  corsOrigins: []\n", """
                                  corsOrigins: []
                                  users:
                                    - {name: radiographer, role: viewer, bcrypt: '%s'}
                                    - {name: pacs-admin, role: operator, bcrypt: '%s'}
                                """.formatted(
                                BCrypt.hashpw("viewer password", BCrypt.gensalt(10)),
                                BCrypt.hashpw("operator password", BCrypt.gensalt(10)))));
        NodeConfiguration config = ConfigurationLoader.load(yaml, harness.env);
        assertEquals(2, config.http().users().size());
        node = new NodeApplication(config);
        node.start();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void withoutASessionTheApiIs401ButThePageAndLoginAreOpen() throws Exception {
        assertEquals(401, call("GET", "/api/jobs", null, null, null).statusCode());
        assertEquals(401, call("GET", "/api/session", null, null, null).statusCode());
        assertEquals(200, call("GET", "/", null, null, null).statusCode(), "the page, to show its login form");
        assertEquals(200, call("GET", "/assets/app.js", null, null, null).statusCode());
        assertEquals(
                401,
                call("GET", "/api/jobs", "aiworklist_session=forged", null, null)
                        .statusCode());
    }

    @Test
    void viewerReadsButCannotAct() throws Exception {
        Login viewer = login("radiographer", "viewer password");
        assertEquals("viewer", viewer.role);
        assertEquals(200, call("GET", "/api/jobs", viewer.cookie, null, null).statusCode());
        HttpResponse<String> resend =
                call("POST", "/api/destinations/pacs/resend-failed", viewer.cookie, viewer.csrf, null);
        assertEquals(403, resend.statusCode(), resend.body());
        assertTrue(resend.body().contains("operator"), resend.body());
    }

    @Test
    void operatorActsOnlyWithTheSessionsCsrfTokenAndLogoutEndsTheSession() throws Exception {
        Login operator = login("pacs-admin", "operator password");
        String path = "/api/destinations/pacs/resend-failed";
        assertEquals(403, call("POST", path, operator.cookie, null, null).statusCode(), "no CSRF token");
        assertEquals(403, call("POST", path, operator.cookie, "guessed", null).statusCode(), "wrong CSRF token");
        assertEquals(
                403,
                call("POST", path, operator.cookie, login("pacs-admin", "operator password").csrf, null)
                        .statusCode(),
                "another session's CSRF token");
        assertEquals(
                200, call("POST", path, operator.cookie, operator.csrf, null).statusCode());
        JsonNode session = JSON.readTree(
                call("GET", "/api/session", operator.cookie, null, null).body());
        assertEquals(operator.csrf, session.path("csrfToken").asText(), "a reloaded page gets its token back");

        HttpResponse<String> logout = call("POST", "/api/logout", operator.cookie, operator.csrf, null);
        assertEquals(200, logout.statusCode(), logout.body());
        assertTrue(logout.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        assertEquals(401, call("GET", "/api/jobs", operator.cookie, null, null).statusCode(), "after logout");
        assertEquals(
                401, call("POST", path, operator.cookie, operator.csrf, null).statusCode());
    }

    @Test
    @Order(Integer.MAX_VALUE) // it locks 127.0.0.1's logins, which every test uses
    void fiveWrongPasswordsFromOneAddressLockItsLoginsAndEveryAttemptIsAudited() throws Exception {
        // the browser test before this one failed once from 127.0.0.1 too: five in all lock the address
        int refused = 0;
        for (int i = 0; i < 5 && loginFrom("pacs-admin", "guess " + i).statusCode() == 401; i++) {
            refused++;
        }
        assertTrue(refused >= 4 && refused <= 5, "wrong passwords answered 401 until the lock: " + refused);
        HttpResponse<String> locked = loginFrom("pacs-admin", "operator password");
        assertEquals(429, locked.statusCode(), "even the right password, while locked: " + locked.body());

        List<String> audit = Files.readAllLines(dir.resolve("audit/audit.log"), StandardCharsets.UTF_8);
        assertTrue(
                audit.stream()
                                .filter(m -> m.contains("csd-code=\"110122\"")
                                        && m.contains("EventOutcomeIndicator=\"4\"")
                                        && m.contains("wrong user name or password"))
                                .count()
                        >= 5,
                "failed logins audited");
        assertTrue(audit.stream().anyMatch(m -> m.contains("too many failed logins")), "locked logins audited");
    }

    @Test
    void theCookieIsHttpOnlyAndSameSiteStrictAndLoginsAndLogoutsAreAudited() throws Exception {
        HttpResponse<String> response = call(
                "POST", "/api/login", null, null, "{\"name\": \"radiographer\", \"password\": \"viewer password\"}");
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("aiworklist_session="), cookie);
        assertTrue(
                cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Strict") && cookie.contains("; Path=/"));
        assertFalse(
                response.body()
                        .contains(cookie.substring(0, cookie.indexOf(';')).split("=", 2)[1]),
                "the session id is only in the cookie");
        Login viewer = Login.of(response);
        assertEquals(
                200,
                call("POST", "/api/logout", viewer.cookie, viewer.csrf, null).statusCode());
        List<String> audit = Files.readAllLines(dir.resolve("audit/audit.log"), StandardCharsets.UTF_8);
        assertTrue(audit.stream()
                .anyMatch(m -> m.contains("csd-code=\"110122\"")
                        && m.contains("EventOutcomeIndicator=\"0\"")
                        && m.contains("UserID=\"radiographer\"")));
        assertTrue(audit.stream()
                .anyMatch(m -> m.contains("csd-code=\"110123\"") && m.contains("UserID=\"radiographer\"")));
    }

    @Test
    @Order(1)
    void inChromiumThePageAsksForALoginShowsTheWorklistAfterItAndLogsOut() throws Exception {
        WebDriver browser = WorklistPageIT.chromium();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(200));
            browser.get("http://127.0.0.1:" + harness.httpPort + "/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
            browser.findElement(By.id("login-name")).sendKeys("radiographer");
            browser.findElement(By.id("login-password")).sendKeys("wrong");
            browser.findElement(By.cssSelector("#login button")).click();
            wait.until(ExpectedConditions.textToBe(By.id("login-problem"), "wrong user name or password"));
            browser.findElement(By.id("login-password")).sendKeys("viewer password");
            browser.findElement(By.cssSelector("#login button")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("worklist")));
            wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
            assertTrue(browser.findElement(By.id("user")).getText().startsWith("radiographer (viewer)"));
            assertEquals(
                    null,
                    ((JavascriptExecutor) browser).executeScript("return document.cookie || null"),
                    "the session cookie is HttpOnly: the page's script cannot read it");
            browser.navigate().refresh();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("worklist")));
            browser.findElement(By.id("logout")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
            browser.navigate().refresh();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        } finally {
            browser.quit();
        }
    }

    private record Login(String cookie, String csrf, String role) {
        static Login of(HttpResponse<String> response) throws Exception {
            assertEquals(200, response.statusCode(), response.body());
            String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
            JsonNode body = JSON.readTree(response.body());
            return new Login(
                    setCookie.substring(0, setCookie.indexOf(';')),
                    body.path("csrfToken").asText(),
                    body.path("role").asText());
        }
    }

    private static Login login(String name, String password) throws Exception {
        return Login.of(call(
                "POST",
                "/api/login",
                null,
                null,
                JSON.writeValueAsString(java.util.Map.of("name", name, "password", password))));
    }

    private static HttpResponse<String> loginFrom(String name, String password) throws Exception {
        return call(
                "POST",
                "/api/login",
                null,
                null,
                JSON.writeValueAsString(java.util.Map.of("name", name, "password", password)));
    }

    private static HttpResponse<String> call(String method, String path, String cookie, String csrf, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.httpPort + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
