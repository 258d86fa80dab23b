package com.botbuddy.batch.importer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.stereotype.Component;

import com.botbuddy.batch.importer.ImportStaging.Counts;
import com.botbuddy.batch.importer.ImportStaging.StagedRow;
import com.botbuddy.batch.report.FormulaGuard;
import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;

/**
 * Writes the import's results from the staging table, each file whole and replaced atomically, so a restart (which
 * writes them again) leaves every row exactly once:
 * <ul>
 * <li>{@value #RESULTS}: {@code row,uuid,outcome,http_status,reason} for every data row, in row order;</li>
 * <li>{@value #REJECTED_CSV} (CSV input) or {@value #REJECTED_XLSX} (XLSX input): the rejected and failed rows with
 *     their original columns plus {@value #ERROR_COLUMN}, ready to fix and import alone (the error column is ignored
 *     on import). Written only when there are such rows; an old one is removed otherwise;</li>
 * <li>{@value #SUMMARY}: counts, columns ignored, duration, the input's name and SHA-256;</li>
 * <li>{@value #REQUESTS} (dry run only): the JSON body each valid row would have sent, one per line.</li>
 * </ul>
 * CSV files are UTF-8 with a BOM (so Excel reads them right) and every cell passes through {@link FormulaGuard#guard}.
 */
@Component
public class ImportReportWriter {
    public static final String RESULTS = "results.csv";
    public static final String REJECTED_CSV = "rejected.csv";
    public static final String REJECTED_XLSX = "rejected.xlsx";
    public static final String SUMMARY = "summary.json";
    public static final String REQUESTS = "requests.jsonl";
    public static final String ERROR_COLUMN = "error";
    public static final String[] RESULTS_HEADER = { "row", "uuid", "outcome", "http_status", "reason" };

    private final ImportStaging staging;

    public ImportReportWriter(ImportStaging staging) {
        this.staging = staging;
    }

    /** What the report needs to know besides the staging table. */
    public record Context(long instanceId, ImportParameters params, List<String> header, SpreadsheetInput.Format format,
            String sheetName, List<String> unknownColumns, List<String> ignoredColumns, long durationMs, String status,
            String message) {
    }

    /** Writes every file and returns the counts. */
    public Counts write(Context ctx) throws IOException {
        Path out = ctx.params().out();
        Files.createDirectories(out);
        Counts counts = staging.counts(ctx.instanceId());
        int uuidIndex = indexOfUuid(ctx.header());
        boolean xlsx = ctx.format() == SpreadsheetInput.Format.XLSX;
        Path rejectedFile = out.resolve(xlsx ? REJECTED_XLSX : REJECTED_CSV);
        long rejectedRows = counts.rejected() + counts.failed();

        Path resultsTmp = temp(out, RESULTS);
        Path requestsTmp = ctx.params().dryRun() ? temp(out, REQUESTS) : null;
        Path rejectedTmp = rejectedRows > 0 ? temp(out, rejectedFile.getFileName().toString()) : null;
        try (Writer resultsText = csvFile(resultsTmp);
                ICSVWriter results = csv(resultsText);
                Writer requests = requestsTmp == null ? null : Files.newBufferedWriter(requestsTmp, StandardCharsets.UTF_8);
                RejectedSink rejected = rejectedTmp == null ? null
                        : xlsx ? new XlsxRejected(rejectedTmp, ctx.sheetName(), ctx.header())
                                : new CsvRejected(rejectedTmp, ctx.header())) {
            results.writeNext(RESULTS_HEADER, false);
            staging.forEach(ctx.instanceId(), row -> {
                String outcome = row.outcome() != null ? row.outcome() : ImportOutcome.NOT_SENT;
                String uuid = row.uuid() != null ? row.uuid()
                        : uuidIndex >= 0 && uuidIndex < row.cells().size() ? row.cells().get(uuidIndex) : "";
                results.writeNext(guard(new String[] { Integer.toString(row.rowNo()), uuid, outcome,
                        row.httpStatus() == null ? "" : row.httpStatus().toString(),
                        row.reason() == null ? "" : row.reason() }), false);
                try {
                    if (requests != null && row.valid()) {
                        requests.write(row.bodyJson());
                        requests.write('\n');
                    }
                    if (rejected != null && (ImportOutcome.REJECTED.equals(outcome) || ImportOutcome.FAILED.equals(outcome))) {
                        rejected.add(row);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        replace(resultsTmp, out.resolve(RESULTS));
        if (requestsTmp != null) {
            replace(requestsTmp, out.resolve(REQUESTS));
        }
        if (rejectedTmp != null) {
            replace(rejectedTmp, rejectedFile);
        } else {
            Files.deleteIfExists(rejectedFile);
        }
        writeSummary(ctx, counts, out);
        return counts;
    }

    private void writeSummary(Context ctx, Counts counts, Path out) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("status", ctx.status());
        if (ctx.message() != null) {
            summary.put("message", ctx.message());
        }
        summary.put("inputFile", ctx.params().inputFile().getFileName().toString());
        summary.put("inputPath", ctx.params().inputFile().toAbsolutePath().toString());
        summary.put("inputSha256", ctx.params().inputSha256());
        if (!ctx.sheetName().isEmpty()) {
            summary.put("sheet", ctx.sheetName());
        }
        summary.put("dryRun", ctx.params().dryRun());
        summary.put("rowsRead", counts.read());
        summary.put("valid", counts.valid());
        summary.put("updated", counts.updated());
        summary.put("rejected", counts.rejected());
        summary.put("rejectedByValidation", counts.invalid());
        summary.put("failed", counts.failed());
        summary.put("wouldSend", counts.dryRun());
        summary.put("notSent", counts.pending());
        summary.put("unknownColumns", ctx.unknownColumns());
        summary.put("ignoredColumns", ctx.ignoredColumns());
        summary.put("durationMs", ctx.durationMs());
        Path tmp = temp(out, SUMMARY);
        ImportStaging.JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), summary);
        replace(tmp, out.resolve(SUMMARY));
    }

    static int indexOfUuid(List<String> header) {
        for (int i = 0; i < header.size(); i++) {
            if (ImportColumns.normalize(header.get(i)).equals("uuid")) {
                return i;
            }
        }
        return -1;
    }

    private static String[] guard(String[] cells) {
        for (int i = 0; i < cells.length; i++) {
            cells[i] = FormulaGuard.guard(cells[i]);
        }
        return cells;
    }

    private static Path temp(Path out, String name) {
        return out.resolve("." + name + ".tmp");
    }

    private static Writer csvFile(Path path) throws IOException {
        OutputStream stream = Files.newOutputStream(path);
        stream.write(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
        return new BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    }

    private static ICSVWriter csv(Writer writer) {
        return new CSVWriter(writer, ',', '"', '"', "\r\n");
    }

    private static void replace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private interface RejectedSink extends AutoCloseable {
        void add(StagedRow row) throws IOException;

        @Override
        void close() throws IOException;
    }

    private static final class CsvRejected implements RejectedSink {
        private final Writer text;
        private final ICSVWriter csv;
        private final int width;

        CsvRejected(Path path, List<String> header) throws IOException {
            this.text = csvFile(path);
            this.csv = csv(text);
            this.width = header.size();
            List<String> names = new ArrayList<>(header);
            names.add(ERROR_COLUMN);
            csv.writeNext(guard(names.toArray(String[]::new)), false);
        }

        @Override
        public void add(StagedRow row) {
            String[] cells = new String[width + 1];
            for (int i = 0; i < width; i++) {
                cells[i] = i < row.cells().size() ? row.cells().get(i) : "";
            }
            cells[width] = "row " + row.rowNo() + ": " + (row.reason() == null ? "" : row.reason());
            csv.writeNext(guard(cells), false);
        }

        @Override
        public void close() throws IOException {
            csv.close();
            text.close();
        }
    }

    private static final class XlsxRejected implements RejectedSink {
        private final Path path;
        private final SXSSFWorkbook workbook = new SXSSFWorkbook(100);
        private final Sheet sheet;
        private final int width;
        private int next;

        XlsxRejected(Path path, String sheetName, List<String> header) {
            this.path = path;
            this.sheet = workbook.createSheet(sheetName == null || sheetName.isBlank() ? "Rejected" : sheetName);
            this.width = header.size();
            Row row = sheet.createRow(next++);
            for (int i = 0; i < header.size(); i++) {
                row.createCell(i).setCellValue(header.get(i));
            }
            row.createCell(width).setCellValue(ERROR_COLUMN);
        }

        @Override
        public void add(StagedRow staged) {
            Row row = sheet.createRow(next++);
            for (int i = 0; i < width && i < staged.cells().size(); i++) {
                String value = staged.cells().get(i);
                if (value != null && !value.isEmpty()) {
                    Cell cell = row.createCell(i);
                    cell.setCellValue(fitCell(FormulaGuard.keepThroughUnguard(value))); // read back through unguard
                }
            }
            row.createCell(width).setCellValue("row " + staged.rowNo() + ": " + (staged.reason() == null ? "" : staged.reason()));
        }

        @Override
        public void close() throws IOException {
            try (OutputStream stream = Files.newOutputStream(path)) {
                workbook.write(stream);
            } finally {
                workbook.close();
            }
        }
    }

    /**
     * A cell's text cut to what a workbook cell holds (32,767 characters, never between the halves of a
     * surrogate pair): only a row rejected as too long carries more, and its reason says so.
     */
    static String fitCell(String value) {
        int max = org.apache.poi.ss.SpreadsheetVersion.EXCEL2007.getMaxTextLength();
        if (value.length() <= max) {
            return value;
        }
        return value.substring(0, Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max);
    }
}
