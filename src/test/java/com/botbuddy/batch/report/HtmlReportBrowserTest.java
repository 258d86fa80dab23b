package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * {@code report.html} in a real browser, offline: headless Chromium with the network cut off loads the page of
 * {@link HtmlReportFixture}'s export (hostile agent, bot and customer ids) at a phone's width. It is read from
 * the browser's own DevTools events and a screenshot of each chart. Skips where {@code /usr/bin/chromium} is
 * missing ({@code .ci/run} installs it on Debian).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HtmlReportBrowserTest {
    private static final int PHONE_WIDTH = 390;
    private static final int PHONE_HEIGHT = 844;
    /** Pixels of a series' colour that count as its bars or line being drawn. */
    private static final int DRAWN = 40;

    @TempDir
    static Path dir;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void startChromium() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(HeadlessChromium.BINARY),
                "no " + HeadlessChromium.BINARY + " (Debian package chromium; .ci/run installs it): browser test skipped");
        chromium = HeadlessChromium.start(dir);
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private static HeadlessChromium.Tab phoneTab() throws Exception {
        HeadlessChromium.Tab tab = chromium.open();
        tab.send("Emulation.setDeviceMetricsOverride", Map.of("width", PHONE_WIDTH, "height", PHONE_HEIGHT,
                "deviceScaleFactor", 1, "mobile", true));
        return tab;
    }

    private static List<String> requests(HeadlessChromium.Tab tab) {
        return tab.events("Network.requestWillBeSent").stream()
                .map(e -> e.params().get("request").get("url").asString()).toList();
    }

    /** Console errors and warnings, uncaught exceptions, and the browser's own error log (CSP violations...). */
    private static List<String> problems(HeadlessChromium.Tab tab) {
        List<String> problems = new java.util.ArrayList<>();
        tab.events("Runtime.consoleAPICalled").stream()
                .filter(e -> Set.of("error", "warning", "assert").contains(e.params().get("type").asString()))
                .forEach(e -> problems.add("console." + e.params().get("type").asString() + ": " + e.params().get("args")));
        tab.events("Runtime.exceptionThrown").forEach(e -> problems.add("exception: " + e.params()));
        tab.events("Log.entryAdded").stream()
                .filter(e -> Set.of("error", "warning").contains(e.params().get("entry").get("level").asString()))
                .forEach(e -> problems.add("log: " + e.params().get("entry").get("text").asString()));
        return problems;
    }

    @Test
    void theHarnessSeesRequestsConsoleErrorsAndDialogsOfAPageThatMakesThem() throws Exception {
        Path control = dir.resolve("control.html");
        Files.writeString(control, "<!DOCTYPE html><title>control</title><img src=\"http://example.invalid/x.png\">"
                + "<script>console.error('control'); alert('control');</script>");
        HeadlessChromium.Tab tab = phoneTab();
        tab.navigate(control.toUri());
        assertThat(requests(tab)).contains("http://example.invalid/x.png");
        assertThat(problems(tab)).anyMatch(problem -> problem.contains("control"));
        assertThat(tab.events("Page.javascriptDialogOpening")).hasSize(1);
        tab.close();
    }

    @Test
    void theReportLoadsNothingRunsNoScriptFromTheDataAndDrawsEveryChartAtAPhonesWidth() throws Exception {
        Path folder = dir.resolve("reports");
        HtmlReportFixture.export(folder, EnumSet.of(ReportFormat.HTML));
        URI page = folder.resolve(ChatReport.REPORT_HTML).toUri();
        HeadlessChromium.Tab tab = phoneTab();
        tab.navigate(page);
        // two frames: whatever Chart.js draws after its first layout is on the canvas
        tab.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))");

        assertThat(requests(tab)).as("requests the page made").containsExactly(page.toString());
        assertThat(problems(tab)).as("console errors and warnings").isEmpty();
        assertThat(tab.events("Page.javascriptDialogOpening")).as("dialogs opened by the data").isEmpty();
        assertThat(tab.evaluate("document.querySelectorAll('img, svg').length").asInt()).isZero();

        // the whole page inside the viewport: a capture beyond it resizes the viewport for the moment, and the
        // charts, responsive, would be redrawn during the capture
        int height = tab.evaluate("document.documentElement.scrollHeight").asInt();
        tab.send("Emulation.setDeviceMetricsOverride", Map.of("width", PHONE_WIDTH, "height", height,
                "deviceScaleFactor", 1, "mobile", true));
        tab.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))");

        JsonNode layout = tab.evaluate("""
                ({width: window.innerWidth, scrollWidth: document.documentElement.scrollWidth,
                  charts: Array.from(document.querySelectorAll('canvas')).map(canvas => {
                    const box = canvas.getBoundingClientRect();
                    const chart = Chart.getChart(canvas);
                    const area = chart ? chart.chartArea : null;
                    return {id: canvas.id, x: box.left + window.scrollX, y: box.top + window.scrollY, width: box.width,
                            area: area && {left: area.left, top: area.top, right: area.right, bottom: area.bottom}};
                  })})""");
        assertThat(layout.get("width").asInt()).isEqualTo(PHONE_WIDTH);
        assertThat(layout.get("scrollWidth").asInt()).as("no sideways scrolling at a phone's width")
                .isLessThanOrEqualTo(PHONE_WIDTH);
        assertThat(layout.get("charts").valueStream().map(c -> c.get("id").asString()))
                .containsExactly("funnel-chart", "status-chart", "agents-chart", "daily-chart");

        Map<String, Set<ChartPalette>> series = Map.of(
                "funnel-chart", EnumSet.of(ChartPalette.CONVERSATIONS, ChartPalette.LEADS, ChartPalette.CONTACTABLE,
                        ChartPalette.WORKED, ChartPalette.CLOSED),
                "status-chart", EnumSet.of(ChartPalette.LEADS),
                "agents-chart", EnumSet.of(ChartPalette.LEADS, ChartPalette.CLOSED),
                "daily-chart", EnumSet.of(ChartPalette.CONVERSATIONS, ChartPalette.LEADS, ChartPalette.CLOSED));
        for (JsonNode chart : layout.get("charts")) {
            String id = chart.get("id").asString();
            assertThat(chart.get("width").asDouble()).as("%s fills the phone's width", id).isGreaterThan(PHONE_WIDTH * 0.8);
            JsonNode area = chart.get("area");
            assertThat(area.isObject()).as("%s is a Chart.js chart", id).isTrue();
            double left = area.get("left").asDouble();
            double top = area.get("top").asDouble();
            byte[] png = tab.screenshot(chart.get("x").asDouble() + left, chart.get("y").asDouble() + top,
                    area.get("right").asDouble() - left, area.get("bottom").asDouble() - top);
            Map<ChartPalette, Integer> pixels = pixels(ImageIO.read(new ByteArrayInputStream(png)));
            for (ChartPalette colour : ChartPalette.values()) {
                if (series.get(id).contains(colour)) {
                    assertThat(pixels.get(colour)).as("%s's plot area holds %s (%s)", id, colour, colour.css())
                            .isGreaterThanOrEqualTo(DRAWN);
                } else {
                    assertThat(pixels.get(colour)).as("%s's plot area has no %s (%s)", id, colour, colour.css())
                            .isLessThan(DRAWN / 4);
                }
            }
        }
        tab.close();
    }

    /** Pixels within a small distance of each palette colour (anti-aliased edges blend with the background). */
    private static Map<ChartPalette, Integer> pixels(BufferedImage image) {
        Map<ChartPalette, Integer> counts = new EnumMap<>(ChartPalette.class);
        for (ChartPalette colour : ChartPalette.values()) {
            counts.put(colour, 0);
        }
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                for (ChartPalette colour : ChartPalette.values()) {
                    int c = colour.rgb();
                    if (Math.abs((rgb >> 16 & 0xff) - (c >> 16 & 0xff)) <= 12
                            && Math.abs((rgb >> 8 & 0xff) - (c >> 8 & 0xff)) <= 12
                            && Math.abs((rgb & 0xff) - (c & 0xff)) <= 12) {
                        counts.merge(colour, 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }
}
