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

import com.botbuddy.batch.client.LeadUpdate;
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
 * <li>{@value #REJECTED_CSV} (CSV input) or {@value #REJECTED_XLSX} (XLSX input): the rejected, failed and
 *     conflict rows with their original columns plus {@value #ERROR_COLUMN}, ready to fix and import alone (the error
 *     column is ignored on import). Written only when there are such rows; an old one is removed otherwise;</li>
 * <li>{@value #UNDO_CSV} and {@value #UNDO_XLSX} (not for a dry run; only when the live chats were read and some row
 *     changed something): per row sent ({@code updated}, or {@code failed}, which may have reached the API before its
 *     answer was lost), its chat's values before the import in the fields the row changed, in the import's own
 *     columns ({@link #UNDO_HEADER}): importing the file as it is puts them back. Fields the row did not change are
 *     blank (left unchanged); a value that was empty is {@value RowValidator#CLEAR}. There is no {@code updated_at}
 *     column: the undo is meant to overwrite the import's own edit, which is newer than the snapshot;</li>
 * <li>{@value #CHANGES} (dry run only): {@code row,uuid,field,now,new} for each field each row would change, the value
 *     now from the live read ({@value #UNKNOWN} when the live chats were not read);</li>
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
    public static final String UNDO_CSV = "undo.csv";
    public static final String UNDO_XLSX = "undo.xlsx";
    public static final String CHANGES = "changes.csv";
    public static final String[] CHANGES_HEADER = { "row", "uuid", "field", "now", "new" };
    /** The value now, in changes.csv, when the live chats were not read. */
    public static final String UNKNOWN = "(unknown: live chats not read)";
    /** The value now, in changes.csv, for a chat the live listing does not have. */
    public static final String NOT_LIVE = "(not in the live listing)";
    /** undo.csv's columns: the import's own names. */
    public static final List<String> UNDO_HEADER;
    static {
        List<String> header = new ArrayList<>(List.of(ImportColumns.Field.UUID.column().header(), "bot_id", "customer_id"));
        LeadFields.EDITABLE.forEach(f -> header.add(LeadFields.columnName(f)));
        UNDO_HEADER = List.copyOf(header);
    }
    /** Excel's limit on a cell's text: a longer value before is left blank in undo.xlsx (undo.csv has it whole). */
    static final int MAX_XLSX_CELL = 32_767;

    private final ImportStaging staging;

    public ImportReportWriter(ImportStaging staging) {
        this.staging = staging;
    }

    /** What the report needs to know besides the staging table. */
    public record Context(long instanceId, ImportParameters params, List<String> header, SpreadsheetInput.Format format,
            String sheetName, List<String> unknownColumns, List<String> ignoredColumns, long durationMs, String status,
            String message, boolean liveRead, String liveNote) {
    }

    /** What the undo and changes files hold, for summary.json. */
    private static final class Tally {
        long undoRows;
        long undoUnknown;
        long undoCutInXlsx;
        long changes;
    }

    /** Writes every file and returns the counts. */
    public Counts write(Context ctx) throws IOException {
        Path out = ctx.params().out();
        Files.createDirectories(out);
        Counts counts = staging.counts(ctx.instanceId());
        int uuidIndex = indexOfUuid(ctx.header());
        boolean xlsx = ctx.format() == SpreadsheetInput.Format.XLSX;
        Path rejectedFile = out.resolve(xlsx ? REJECTED_XLSX : REJECTED_CSV);
        long rejectedRows = counts.rejected() + counts.failed() + counts.conflicts();
        boolean undo = !ctx.params().dryRun() && ctx.liveRead();
        Tally tally = new Tally();

        Path resultsTmp = temp(out, RESULTS);
        Path requestsTmp = ctx.params().dryRun() ? temp(out, REQUESTS) : null;
        Path rejectedTmp = rejectedRows > 0 ? temp(out, rejectedFile.getFileName().toString()) : null;
        Path undoCsvTmp = undo ? temp(out, UNDO_CSV) : null;
        Path undoXlsxTmp = undo ? temp(out, UNDO_XLSX) : null;
        Path changesTmp = ctx.params().dryRun() ? temp(out, CHANGES) : null;
        try (Writer resultsText = csvFile(resultsTmp);
                UndoSink undoRows = undo ? new UndoSink(undoCsvTmp, undoXlsxTmp) : null;
                Writer changesText = changesTmp == null ? null : csvFile(changesTmp);
                ICSVWriter changes = changesText == null ? null : csv(changesText);
                ICSVWriter results = csv(resultsText);
                Writer requests = requestsTmp == null ? null : Files.newBufferedWriter(requestsTmp, StandardCharsets.UTF_8);
                RejectedSink rejected = rejectedTmp == null ? null
                        : xlsx ? new XlsxRejected(rejectedTmp, ctx.sheetName(), ctx.header())
                                : new CsvRejected(rejectedTmp, ctx.header())) {
            results.writeNext(RESULTS_HEADER, false);
            if (changes != null) {
                changes.writeNext(CHANGES_HEADER, false);
            }
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
                    if (rejected != null && (ImportOutcome.REJECTED.equals(outcome) || ImportOutcome.FAILED.equals(outcome)
                            || ImportOutcome.CONFLICT.equals(outcome))) {
                        rejected.add(row);
                    }
                    boolean sent = ImportOutcome.UPDATED.equals(outcome) || ImportOutcome.FAILED.equals(outcome);
                    if (undoRows != null && sent && row.valid()) {
                        if (row.liveFields() == null) {
                            tally.undoUnknown++;
                        } else if (undoRows.add(row)) {
                            tally.undoRows++;
                        }
                    } else if (!ctx.params().dryRun() && !ctx.liveRead() && sent) {
                        tally.undoUnknown++;
                    }
                    if (changes != null && ImportOutcome.DRY_RUN.equals(outcome)) {
                        tally.changes += writeChanges(changes, row, ctx.liveRead());
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (undoRows != null) {
                tally.undoCutInXlsx = undoRows.cut;
            }
        }
        replace(resultsTmp, out.resolve(RESULTS));
        if (undo && tally.undoRows > 0) {
            replace(undoCsvTmp, out.resolve(UNDO_CSV));
            replace(undoXlsxTmp, out.resolve(UNDO_XLSX));
        } else {
            if (undoCsvTmp != null) {
                Files.deleteIfExists(undoCsvTmp);
                Files.deleteIfExists(undoXlsxTmp);
            }
            Files.deleteIfExists(out.resolve(UNDO_CSV));
            Files.deleteIfExists(out.resolve(UNDO_XLSX));
        }
        if (changesTmp != null) {
            replace(changesTmp, out.resolve(CHANGES));
        }
        if (requestsTmp != null) {
            replace(requestsTmp, out.resolve(REQUESTS));
        }
        if (rejectedTmp != null) {
            replace(rejectedTmp, rejectedFile);
        } else {
            Files.deleteIfExists(rejectedFile);
        }
        writeSummary(ctx, counts, out, tally);
        return counts;
    }

    /** The rows of changes.csv for one row the dry run would send; returns how many. */
    private static int writeChanges(ICSVWriter changes, StagedRow row, boolean liveRead) {
        Map<ImportColumns.Field, String> set = LeadFields.set(ImportStaging.JSON.readValue(row.bodyJson(),
                LeadUpdate.class));
        int written = 0;
        if (!liveRead || row.liveFields() == null) {
            for (Map.Entry<ImportColumns.Field, String> field : set.entrySet()) {
                changes.writeNext(guard(new String[] { Integer.toString(row.rowNo()), row.uuid(),
                        LeadFields.columnName(field.getKey()), liveRead ? NOT_LIVE : UNKNOWN, shown(field.getValue()) }),
                        false);
                written++;
            }
            return written;
        }
        Map<ImportColumns.Field, String> live = LeadFields.byField(row.liveFields());
        for (ImportColumns.Field field : LeadFields.differing(set, live)) {
            changes.writeNext(guard(new String[] { Integer.toString(row.rowNo()), row.uuid(), LeadFields.columnName(field),
                    live.getOrDefault(field, ""), shown(set.get(field)) }), false);
            written++;
        }
        return written;
    }

    /** A value to set as changes.csv shows it: clearing is {@value RowValidator#CLEAR}. */
    private static String shown(String value) {
        return value.isEmpty() ? RowValidator.CLEAR : value;
    }

    /**
     * The undo row of a sent row, or {@code null} when it changed nothing: the values before of the fields it
     * changed (empty before: {@value RowValidator#CLEAR}; the status, which cannot be cleared, blank).
     */
    static String[] undoRow(StagedRow row) {
        LeadUpdate body = ImportStaging.JSON.readValue(row.bodyJson(),
                LeadUpdate.class);
        Map<ImportColumns.Field, String> live = LeadFields.byField(row.liveFields());
        List<ImportColumns.Field> changed = LeadFields.differing(LeadFields.set(body), live);
        if (changed.isEmpty()) {
            return null;
        }
        String[] cells = new String[UNDO_HEADER.size()];
        cells[0] = body.uuid();
        cells[1] = body.botId();
        cells[2] = body.customerId();
        for (int i = 0; i < LeadFields.EDITABLE.size(); i++) {
            ImportColumns.Field field = LeadFields.EDITABLE.get(i);
            String before = live.getOrDefault(field, "");
            cells[3 + i] = !changed.contains(field) ? ""
                    : !before.isEmpty() ? before : field == ImportColumns.Field.STATUS ? "" : RowValidator.CLEAR;
        }
        return cells;
    }

    /** undo.csv and undo.xlsx, written side by side. */
    private static final class UndoSink implements AutoCloseable {
        private final Writer text;
        private final ICSVWriter csv;
        private final Path xlsxPath;
        private final SXSSFWorkbook workbook = new SXSSFWorkbook(100);
        private final Sheet sheet;
        private int next;
        long cut;

        UndoSink(Path csvPath, Path xlsxPath) throws IOException {
            this.text = csvFile(csvPath);
            this.csv = csv(text);
            this.xlsxPath = xlsxPath;
            this.sheet = workbook.createSheet("Undo");
            csv.writeNext(guard(UNDO_HEADER.toArray(String[]::new)), false);
            Row header = sheet.createRow(next++);
            for (int i = 0; i < UNDO_HEADER.size(); i++) {
                header.createCell(i).setCellValue(UNDO_HEADER.get(i));
            }
        }

        /** Adds the row's undo; false when it changed nothing. */
        boolean add(StagedRow staged) {
            String[] cells = undoRow(staged);
            if (cells == null) {
                return false;
            }
            Row row = sheet.createRow(next++);
            for (int i = 0; i < cells.length; i++) {
                if (cells[i] == null || cells[i].isEmpty()) {
                    continue;
                }
                if (cells[i].length() > MAX_XLSX_CELL) {
                    cut++;
                    continue;
                }
                row.createCell(i).setCellValue(FormulaGuard.keepThroughUnguard(cells[i]));
            }
            csv.writeNext(guard(cells), false);
            return true;
        }

        @Override
        public void close() throws IOException {
            try {
                csv.close();
                text.close();
                try (OutputStream stream = Files.newOutputStream(xlsxPath)) {
                    workbook.write(stream);
                }
            } finally {
                workbook.close();
            }
        }
    }

    private void writeSummary(Context ctx, Counts counts, Path out, Tally tally) throws IOException {
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
        summary.put("conflicts", counts.conflicts());
        summary.put("wouldSend", counts.dryRun());
        summary.put("notSent", counts.pending());
        summary.put("liveRead", ctx.liveRead());
        if (ctx.liveNote() != null) {
            summary.put("liveNote", ctx.liveNote());
        }
        if (ctx.params().dryRun()) {
            summary.put("changes", tally.changes);
        } else {
            summary.put("undoRows", tally.undoRows);
            summary.put("undoUnknown", tally.undoUnknown);
            if (tally.undoUnknown > 0) {
                summary.put("undoNote", tally.undoUnknown + " row(s) were sent whose values before are unknown ("
                        + (ctx.liveRead() ? "their chats were not in the live listing" : "the live chats were not read")
                        + "): undo.csv cannot restore them");
            }
            if (tally.undoCutInXlsx > 0) {
                summary.put("undoXlsxCellsLeftBlank", tally.undoCutInXlsx);
            }
        }
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
