package io.nhp.report.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nhp.contracts.Topics;
import io.nhp.kafka.testkit.KafkaTestResource;
import io.nhp.kafka.testkit.ReferenceSeed;
import io.nhp.kafka.testkit.TopicWriter;
import io.nhp.report.pages.Projections;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The report in a real browser: Debian's headless Chromium driven through chromedriver (both installed by
 * {@code .ci/run}). Screenshots land in {@code target/}.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ReportBrowserIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/")
    URL base;

    private ChromeDriver browser;

    @BeforeEach
    void open() {
        Browser.assumeInstalled();
        ReferenceSeed.publish(bootstrapServers, Instant.parse("2026-02-25T00:00:00Z"));
        TopicWriter.send(bootstrapServers, Topics.ECONOMICS_PROJECTIONS, "xiaomi", Projections.event("xiaomi", "xiaomi"));
        await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.get("/reports/xiaomi").statusCode() == 200);
        browser = Browser.start();
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void shouldRenderTheSixChartsInEnglishAndArabicRightToLeft() throws Exception {
        for (String lang : List.of("en", "ar")) {
            browser.get(base + "reports/xiaomi?lang=" + lang);

            List<WebElement> charts = browser.findElements(By.cssSelector("svg.chart"));
            assertThat(charts).as(lang).hasSize(6);
            for (WebElement chart : charts) {
                assertThat(chart.getSize().getWidth()).as(lang + " chart width").isGreaterThan(300);
                assertThat(chart.getSize().getHeight()).as(lang + " chart height").isGreaterThan(120);
                assertThat(chart.findElements(By.cssSelector("rect.bar, polyline.line"))).as(lang + " marks").isNotEmpty();
            }
            JavascriptExecutor js = browser;
            assertThat(js.executeScript("return document.documentElement.lang")).isEqualTo(lang);
            assertThat(js.executeScript("return getComputedStyle(document.body).direction"))
                    .isEqualTo(lang.equals("ar") ? "rtl" : "ltr");
            // the title starts on the reading side: the right in Arabic, the left in English
            WebElement title = browser.findElement(By.tagName("h1"));
            long bodyLeft = (Long) js.executeScript("return Math.round(document.querySelector('header').getBoundingClientRect().left)");
            long bodyRight = (Long) js.executeScript("return Math.round(document.querySelector('header').getBoundingClientRect().right)");
            long textLeft = (Long) js.executeScript("var r = document.createRange(); r.selectNodeContents(arguments[0]);"
                    + " return Math.round(r.getBoundingClientRect().left)", title);
            long textRight = (Long) js.executeScript("var r = document.createRange(); r.selectNodeContents(arguments[0]);"
                    + " return Math.round(r.getBoundingClientRect().right)", title);
            if (lang.equals("ar")) {
                assertThat(bodyRight - textRight).as("gap on the right of the Arabic title").isLessThan(5);
            } else {
                assertThat(textLeft - bodyLeft).as("gap on the left of the English title").isLessThan(5);
            }
            Files.write(Path.of("target", "report-xiaomi-" + lang + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        }
    }

    @Test
    void shouldUpdateTheDashboardInPlaceWhenANewEventArrives() throws Exception {
        // given the dashboard is open, and marked so that a reload would show
        browser.get(base.toString());
        JavascriptExecutor js = browser;
        js.executeScript("window.notReloaded = true");
        await().atMost(Duration.ofSeconds(10)).until(() -> "live".equals(
                browser.findElement(By.id("status")).getText()));
        String partner = "oem-" + java.util.UUID.randomUUID().toString().substring(0, 8);

        // when economics-service publishes a capacity for a new partner
        TopicWriter.send(bootstrapServers, Topics.ECONOMICS_CAPACITY, partner, new io.nhp.contracts.events.CapacityEvent(
                "c-" + partner, Instant.now(), partner, null, 40L, 31L, 17L, 578.0, 0.289, 0.425, "optimistic",
                Instant.now()));

        // then its row appears with the figures, without a reload
        By online = By.cssSelector("tr[data-partner='" + partner + "'] td.online");
        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(online).isEmpty()
                && "31".equals(browser.findElement(online).getText()));
        assertThat(browser.findElement(By.cssSelector("tr[data-partner='" + partner + "'] td.eligible")).getText())
                .isEqualTo("17");
        assertThat(js.executeScript("return window.notReloaded === true")).isEqualTo(true);
        assertThat(browser.findElements(By.cssSelector("#compute-chart svg rect.bar"))).isNotEmpty();
        // and each figure of the new row stands under its own heading, as in the rows the server rendered
        List<String> headings = browser.findElements(By.cssSelector("#capacity thead th")).stream()
                .map(WebElement::getText).toList();
        List<WebElement> cells = browser.findElements(By.cssSelector("#capacity tr[data-partner='" + partner + "'] td"));
        assertThat(cells).hasSameSizeAs(headings);
        assertThat(cells.get(headings.indexOf("Observed uptime")).getText()).isEqualTo("42.5 %");
        assertThat(cells.get(headings.indexOf("Nearest scenario")).getText()).isEqualTo("optimistic");
        assertThat(browser.findElements(By.cssSelector("#today tr[data-partner='" + partner + "'] td")))
                .hasSameSizeAs(browser.findElements(By.cssSelector("#today thead th")));
        Files.write(Path.of("target", "dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /** Debian's chromium and chromedriver, headless, as this machine allows them. */
    static final class Browser {

        static final Path CHROMIUM = Path.of("/usr/bin/chromium");
        static final Path DRIVER = Path.of("/usr/bin/chromedriver");

        /** Skips where no browser is installed, except in CI, where .ci/run installs it and its absence fails. */
        static void assumeInstalled() {
            boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
            if (System.getenv("CI") != null) {
                assertThat(installed).as("chromium and chromedriver (installed by .ci/run)").isTrue();
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(installed, "chromium and chromedriver are not installed");
        }

        static ChromeDriver start() {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,2400", "--lang=en-US");
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(new Dimension(1280, 2400));
            return driver;
        }
    }
}
