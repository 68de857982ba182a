package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.aiworklist.dicom.FileOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The worklist page in a real headless Chromium (Debian's chromium and chromium-driver, through Selenium): a study
 * sent with storescu shows up and its row moves to DONE without the page reloading; its detail shows the findings
 * and the Secondary Capture; a resend from the page goes through to Orthanc; a refused file appears in the quarantine
 * view as it happens. The page shows patient identity, the log still has none. Screenshots of the worklist and the
 * detail are left in target/screenshots (docs/ has copies).
 */
class WorklistPageIT implements NeedsOrthanc {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PIPELINE = Duration.ofMinutes(4);
    private static final String MARKER = "return window.aiworklistTestMarker";

    @Test
    void aStudyMovesToDoneLiveAndItsResultsCanBeSeenAndResent(@TempDir Path dir) throws Exception {
        assertTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium or chromedriver missing: ./aiworklist test installs the chromium and chromium-driver packages");
        NodeHarness harness = NodeHarness.deliveringToOrthanc(dir);
        SyntheticStudy study = harness.study(1401);
        LogCapture log = LogCapture.start();
        try (OrthancPacs orthanc = harness.orthanc().start(Map.of(), false);
                NodeApplication node = new NodeApplication(harness.config())) {
            node.start();
            WebDriver browser = chromium();
            try {
                // the page redraws what changed as events arrive: an element found a moment ago may be gone
                WebDriverWait wait = new WebDriverWait(browser, PIPELINE, Duration.ofMillis(200));
                wait.ignoring(StaleElementReferenceException.class);
                browser.get("http://127.0.0.1:" + harness.httpPort + "/");
                wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
                ((JavascriptExecutor) browser).executeScript("window.aiworklistTestMarker = 'not reloaded'");

                harness.send(study, node.dicomPort());
                By row = By.cssSelector("tr.job[data-study='" + study.studyInstanceUid() + "']");
                List<String> seen = new ArrayList<>();
                wait.until(b -> {
                    List<WebElement> rows = b.findElements(row);
                    String state = rows.isEmpty() ? null : rows.get(0).getAttribute("data-state");
                    if (state != null
                            && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state))) {
                        seen.add(state);
                    }
                    return "DONE".equals(state);
                });
                assertTrue(seen.size() >= 2, "the row was seen moving on its way to DONE: " + seen);
                assertEquals("not reloaded", script(browser, MARKER), "the page was never reloaded");
                String shown = wait.until(b -> b.findElement(row).getText());
                assertTrue(shown.contains("PHANTOM, CHEST 1401"), "patient name on the page: " + shown);
                assertTrue(shown.contains(study.patientId()), shown);
                screenshot(browser, "worklist.png");

                wait.until(b -> {
                    b.findElement(row).click();
                    return true;
                });
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-state"), "DONE"));
                int findings = browser.findElements(By.cssSelector("#findings tbody tr"))
                        .size();
                JsonNode job =
                        harness.awaitJob(study.studyInstanceUid(), NodeHarness.inState("DONE"), Duration.ofSeconds(5));
                assertTrue(findings > 0, "the phantom's nodules are found");
                assertEquals(job.path("findingCount").asInt(), findings, "one table row per finding");
                wait.until(b -> Boolean.TRUE.equals(script(
                        b,
                        "const img = document.querySelector('img.sc');"
                                + " return img !== null && img.complete && img.naturalWidth > 100")));
                ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
                screenshot(browser, "job-detail.png");

                int storedBefore = orthanc.instanceCount();
                wait.until(b -> {
                    b.findElement(By.id("resend")).click();
                    return true;
                });
                wait.until(ExpectedConditions.alertIsPresent()).accept();
                By export = By.cssSelector("tr.export[data-destination='pacs']");
                wait.until(b -> {
                    List<WebElement> rows = b.findElements(export);
                    return !rows.isEmpty()
                            && "SENT".equals(rows.get(0).getAttribute("data-state"))
                            && rows.get(0)
                                    .findElements(By.tagName("td"))
                                    .get(2)
                                    .getText()
                                    .equals("2");
                });
                assertEquals(storedBefore, orthanc.instanceCount(), "the resend stored the same objects again");

                browser.findElement(By.cssSelector("nav a[data-view='quarantine']"))
                        .click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("view"), "Nothing quarantined"));
                byte[] whole = Files.readAllBytes(study.files().get(0));
                Path truncated = Files.write(dir.resolve("truncated.dcm"), Arrays.copyOf(whole, whole.length - 5000));
                List<FileOutcome> refused = harness.sendFiles(node.dicomPort(), truncated);
                assertEquals(0xC000, refused.get(0).status(), refused.get(0).statusMeaning());
                String quarantined = wait.until(b -> b.findElement(By.cssSelector("#quarantine tr.quarantined"))
                        .getText());
                assertTrue(quarantined.contains(NodeHarness.MODALITY_AE), quarantined);
                assertEquals("not reloaded", script(browser, MARKER), "the page was never reloaded");
            } finally {
                browser.quit();
            }
        } finally {
            log.stop();
        }
        for (String phi : List.of(study.patientName(), study.patientId(), study.studyInstanceUid())) {
            assertEquals(List.of(), log.linesContaining(phi), "the log never names the patient or the study");
        }
    }

    /** Headless Chromium through its WebDriver; also for PageLoginIT. */
    static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: the tests may run as root, where Chromium's sandbox refuses to start
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private static Object script(WebDriver browser, String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        Path folder = Files.createDirectories(Path.of("target/screenshots"));
        Files.write(
                folder.resolve(name),
                ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
