package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small export's workbook as LibreOffice prints it: {@code soffice --convert-to pdf} (every sheet),
 * then the Summary's pages as images ({@code pdftoppm}), where each chart must show its series' colours in
 * numbers no axis or legend alone reaches. Skips when LibreOffice or poppler is not installed
 * ({@code .ci/run} installs them where it can).
 */
class SummaryRenderedByLibreOfficeTest {
    /** Dots per inch of the page images: enough for bars and lines, small enough to count quickly. */
    private static final int DPI = 50;
    /** A colour channel may differ this much from the palette's (antialiasing at the edges, PDF colour handling). */
    private static final int TOLERANCE = 40;
    /** Fewer pixels than this of a bar colour would be a legend key, a label or a stray edge, not a bar. */
    private static final int BAR_PIXELS = 30;
    /** A daily line crosses the chart's width; its legend key alone is a few pixels. */
    private static final int LINE_PIXELS = 100;

    @TempDir
    static Path folder;
    static List<String> pageTexts;
    static int summaryPages;
    static List<BufferedImage> summary = new ArrayList<>();
    /** Why the tests skip: a program they need is not installed. */
    static String missing;

    @BeforeAll
    static void printTheWorkbookWithLibreOffice() throws Exception {
        Optional<Path> soffice = ExternalProgram.find("soffice");
        Optional<Path> pdftoppm = ExternalProgram.find("pdftoppm");
        Optional<Path> pdftotext = ExternalProgram.find("pdftotext");
        if (soffice.isEmpty()) {
            missing = "LibreOffice (soffice) is not installed: Debian package libreoffice-calc-nogui";
            return;
        }
        if (pdftoppm.isEmpty() || pdftotext.isEmpty()) {
            missing = "pdftoppm and pdftotext are not installed: Debian package poppler-utils";
            return;
        }
        Path export = folder.resolve("export");
        SmallExport.write(export);
        Path pdfs = Files.createDirectories(folder.resolve("pdf"));
        // a profile of its own: a fresh start, and no clash with a LibreOffice the user has open
        ExternalProgram.Result converted = ExternalProgram.run(Duration.ofSeconds(90), folder, Map.of(),
                List.of(soffice.get().toString(), "-env:UserInstallation=" + folder.resolve("profile").toUri(),
                        "--headless", "--norestore", "--convert-to", "pdf", "--outdir", pdfs.toString(),
                        export.resolve("report.xlsx").toString()));
        Path pdf = pdfs.resolve("report.pdf");
        assertThat(pdf).as("soffice exited %d: %s", converted.exitCode(), converted.output()).exists();

        Path text = folder.resolve("report.txt");
        ExternalProgram.Result texted = ExternalProgram.run(Duration.ofSeconds(30), folder, Map.of(),
                List.of(pdftotext.get().toString(), "-enc", "UTF-8", pdf.toString(), text.toString()));
        assertThat(texted.exitCode()).as(texted.output()).isZero();
        pageTexts = Arrays.asList(Files.readString(text, StandardCharsets.UTF_8).split("\f"));
        // the Summary's pages come first; the Chats sheet's first page holds its first row's uuid
        summaryPages = 0;
        while (summaryPages < pageTexts.size() && !pageTexts.get(summaryPages).contains("uuid-0")) {
            summaryPages++;
        }
        assertThat(summaryPages).as("pages before the Chats sheet").isPositive().isLessThan(pageTexts.size());

        ExternalProgram.Result drawn = ExternalProgram.run(Duration.ofSeconds(30), folder, Map.of(),
                List.of(pdftoppm.get().toString(), "-r", Integer.toString(DPI), "-png", "-f", "1", "-l",
                        Integer.toString(summaryPages), pdf.toString(), folder.resolve("summary").toString()));
        assertThat(drawn.exitCode()).as(drawn.output()).isZero();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path png : files.filter(f -> f.getFileName().toString().matches("summary-\\d+\\.png")).sorted().toList()) {
                summary.add(ImageIO.read(png.toFile()));
            }
        }
        assertThat(summary).hasSize(summaryPages);
    }

    @BeforeEach
    void skipWithoutThePrograms() {
        assumeTrue(missing == null, missing);
    }

    @Test
    void summaryPrintsOnTwoPagesOneWideEachChartWholeOnItsPage() {
        assertThat(summaryPages).isEqualTo(2);
        // a second page across would carry the right part of the first page; a chart cut by a page break
        // would run onto a third
        assertThat(pageTexts.get(0)).contains("item", "stage", "Funnel", "Leads by status")
                .doesNotContain("per agent", "per day");
        assertThat(pageTexts.get(1)).contains("Leads and closes per agent (top 20)",
                "Conversations, leads and closed per day").doesNotContain("Funnel", "Leads by status");
    }

    @Test
    void funnelDrawsEachStageInItsColour() {
        BufferedImage page = summary.get(0);
        Pixels funnel = Pixels.rows(page, 0, funnelBottom(page) + 1);
        for (int stage = 0; stage < SummaryCharts.FUNNEL_COLOURS.size(); stage++) {
            ChartPalette colour = SummaryCharts.FUNNEL_COLOURS.get(stage);
            assertThat(funnel.count(colour)).as("stage %d, %s", stage, colour.css())
                    .isGreaterThanOrEqualTo(BAR_PIXELS);
        }
    }

    @Test
    void statusChartDrawsItsBars() {
        BufferedImage page = summary.get(0);
        // below the funnel, only the status chart has colour
        Pixels status = Pixels.rows(page, funnelBottom(page) + 3, page.getHeight());
        assertThat(status.count(SummaryCharts.LEADS)).isGreaterThanOrEqualTo(5 * BAR_PIXELS);
    }

    @Test
    void agentsChartDrawsLeadsAndClosedBars() {
        BufferedImage page = summary.get(1);
        // left of the daily chart's first point, only the agents chart has colour
        Pixels agents = Pixels.columns(page, 0, dailyLeft(page) - 5);
        assertThat(agents.count(SummaryCharts.LEADS)).isGreaterThanOrEqualTo(10 * BAR_PIXELS);
        assertThat(agents.count(SummaryCharts.CLOSED)).isGreaterThanOrEqualTo(BAR_PIXELS);
    }

    @Test
    void dailyChartDrawsItsThreeLines() {
        BufferedImage page = summary.get(1);
        Pixels daily = Pixels.columns(page, dailyLeft(page) - 5, page.getWidth());
        for (ChartPalette colour : new ChartPalette[] {SummaryCharts.CONVERSATIONS, SummaryCharts.LEADS, SummaryCharts.CLOSED}) {
            assertThat(daily.count(colour)).as(colour.css()).isGreaterThanOrEqualTo(LINE_PIXELS);
        }
    }

    /** The funnel's baseline: its conversations bar is the only blue on the first page. */
    private static int funnelBottom(BufferedImage page) {
        Pixels all = Pixels.rows(page, 0, page.getHeight());
        assertThat(all.count(SummaryCharts.CONVERSATIONS)).as("the funnel's conversations bar").isPositive();
        return all.bottom(SummaryCharts.CONVERSATIONS);
    }

    /** Where the daily conversations line starts: the only blue on the second page, right of the agents chart. */
    private static int dailyLeft(BufferedImage page) {
        Pixels all = Pixels.rows(page, 0, page.getHeight());
        assertThat(all.count(SummaryCharts.CONVERSATIONS)).as("the daily conversations line").isPositive();
        return all.left(SummaryCharts.CONVERSATIONS);
    }

    /** The pixels of a rectangle of a page image, {@code left} and {@code top} inclusive, the others exclusive. */
    private record Pixels(BufferedImage image, int left, int top, int right, int bottom) {
        static Pixels rows(BufferedImage image, int top, int bottom) {
            return new Pixels(image, 0, top, image.getWidth(), bottom);
        }

        static Pixels columns(BufferedImage image, int left, int right) {
            return new Pixels(image, left, 0, right, image.getHeight());
        }

        private boolean near(int x, int y, ChartPalette colour) {
            int rgb = image.getRGB(x, y);
            byte[] palette = colour.bytes();
            int[] channels = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
            for (int c = 0; c < 3; c++) {
                if (Math.abs(channels[c] - (palette[c] & 0xFF)) > TOLERANCE) {
                    return false;
                }
            }
            return true;
        }

        private void each(ChartPalette colour, java.util.function.BiConsumer<Integer, Integer> action) {
            for (int y = Math.max(0, top); y < Math.min(bottom, image.getHeight()); y++) {
                for (int x = Math.max(0, left); x < Math.min(right, image.getWidth()); x++) {
                    if (near(x, y, colour)) {
                        action.accept(x, y);
                    }
                }
            }
        }

        int count(ChartPalette colour) {
            int[] count = {0};
            each(colour, (x, y) -> count[0]++);
            return count[0];
        }

        /** The lowest row that holds the colour. */
        int bottom(ChartPalette colour) {
            int[] row = {-1};
            each(colour, (x, y) -> row[0] = Math.max(row[0], y));
            return row[0];
        }

        /** The leftmost column that holds the colour. */
        int left(ChartPalette colour) {
            int[] column = {Integer.MAX_VALUE};
            each(colour, (x, y) -> column[0] = Math.min(column[0], x));
            return column[0];
        }
    }
}
