package com.botbuddy.batch.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;

import org.apache.poi.ss.usermodel.DateUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.report.ChatColumn;
import com.botbuddy.batch.report.ChatReport;
import com.botbuddy.batch.report.ReportFormat;
import com.botbuddy.batch.report.ReportRequest;
import com.botbuddy.batch.report.RunFacts;
import com.botbuddy.batch.report.TypedChat;
import com.botbuddy.batch.sandbox.SandboxData;
import com.botbuddy.batch.sandbox.SandboxSettings;

/** updated_at as an export writes it, in chats.csv (ISO text) and on the Chats sheet (a date cell), read to the ms. */
class ExportTimeTest {
    @TempDir
    Path dir;

    @Test
    void everyChatsUpdatedAtReadsToTheSameMillisecondFromChatsCsvAndFromTheChatsSheet() throws Exception {
        SandboxData data = new SandboxData(SandboxSettings.forTests().withChats(500));
        ReportRequest request = new ReportRequest(dir, EnumSet.of(ReportFormat.CSV, ReportFormat.XLSX),
                LocalDate.of(2026, 3, 1), ZoneOffset.UTC, "bot", "customer", Instant.parse("2026-03-01T06:00:00Z"));
        try (ChatReport report = ChatReport.open(request)) {
            for (int i = 0; i < data.size(); i++) {
                report.add(new TypedChat(data.typeOf(i), data.chat(i)));
            }
            report.finish(new RunFacts(1, 0, Duration.ofSeconds(1), 1));
        }
        int column = ChatColumn.NAMES.indexOf(ChatColumn.UPDATED_AT.header());
        int rows = 0;
        int withMillis = 0;
        try (SpreadsheetInput csv = SpreadsheetInput.open(dir.resolve("chats.csv"), null);
                SpreadsheetInput xlsx = SpreadsheetInput.open(dir.resolve("report.xlsx"), "Chats")) {
            for (SheetRow fromCsv = csv.next(); fromCsv != null; fromCsv = csv.next()) {
                SheetRow fromXlsx = xlsx.next();
                long expected = Instant.parse(data.chat(rows).updatedAt()).toEpochMilli();
                assertThat(ExportTime.parseMillis(fromCsv.cells().get(column))).isEqualTo(expected);
                assertThat(ExportTime.parseMillis(fromXlsx.cells().get(column)))
                        .as("row %d: %s", fromXlsx.rowNo(), fromXlsx.cells().get(column)).isEqualTo(expected);
                withMillis += expected % 1000 != 0 ? 1 : 0;
                rows++;
            }
        }
        assertThat(rows).isEqualTo(data.size());
        assertThat(withMillis).as("the sample has milliseconds to lose").isGreaterThan(rows / 2);
    }

    @Test
    void aBareDateSerialIsReadInUtcToTheNearestMillisecond() {
        LocalDateTime time = LocalDateTime.of(2026, 3, 1, 10, 15, 30, 123_000_000);
        double serial = DateUtil.getExcelDate(time) + 0.4 / 86_400_000;
        long expected = time.toInstant(ZoneOffset.UTC).toEpochMilli();

        assertThat(ExportTime.parseMillis(XlsxSheetSource.plain(serial))).isEqualTo(expected);
        assertThat(ExportTime.parseMillis("2026-03-01T10:15:30.123Z")).isEqualTo(expected);
        assertThat(ExportTime.parseMillis("2026-03-01T10:15:30.1234Z")).as("sub-ms digits dropped").isEqualTo(expected);
        assertThat(ExportTime.parseMillis("2026-03-01T11:15:30.123+01:00")).isEqualTo(expected);
        assertThat(ExportTime.parseMillis("2026-03-01")).isEqualTo(Instant.parse("2026-03-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void textThatIsNoDateTimeIsRefusedNamingUpdatedAt() {
        assertThatThrownBy(() -> ExportTime.parseMillis("yesterday")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("updated_at 'yesterday' is not a date-time");
        assertThatThrownBy(() -> ExportTime.parseMillis("42")).isInstanceOf(IllegalArgumentException.class);
    }
}
