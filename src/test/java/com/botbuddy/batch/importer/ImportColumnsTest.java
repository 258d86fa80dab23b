package com.botbuddy.batch.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.botbuddy.batch.importer.ImportColumns.Field;
import com.botbuddy.batch.ops.InvalidInputException;
import com.botbuddy.batch.report.ChatColumn;

class ImportColumnsTest {

    @Test
    void aliasesMatchIgnoringCaseSpacesAndUnderscores() {
        ImportColumns columns = ImportColumns.of(List.of(" UUID ", "Bot Id", "customerId", "DIAL_CODE", "agentId",
                "E-mail", "attr:Plan Type"), 1);
        assertThat(columns.has(Field.BOT_ID)).isTrue();
        assertThat(columns.has(Field.CUSTOMER_ID)).isTrue();
        assertThat(columns.has(Field.DIAL_CODE)).isTrue();
        assertThat(columns.has(Field.AGENT_ID)).isTrue();
        assertThat(columns.has(Field.EMAIL)).isTrue();
        assertThat(columns.attributeColumns()).containsOnlyKeys("Plan Type");
        assertThat(columns.unknownColumns()).isEmpty();
    }

    @Test
    void theExportsOwnHeaderImportsAsItIs() {
        ImportColumns columns = ImportColumns.of(ChatColumn.NAMES, 1);
        assertThat(columns.unknownColumns()).isEmpty();
        assertThat(columns.ignoredColumns()).contains("id", "type", "city", "created_at", "last_message");
        assertThat(columns.has(Field.PICTURE)).isTrue();
        assertThat(columns.has(Field.TAGS)).isTrue();
    }

    @Test
    void unknownColumnsAreListed() {
        assertThat(ImportColumns.of(List.of("uuid", "colour", "", "Score"), 1).unknownColumns())
                .containsExactly("colour", "Score");
    }

    @Test
    void missingUuidColumnIsInvalidInput() {
        assertThatThrownBy(() -> ImportColumns.of(List.of("name", "email"), 3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no 'uuid' column in the header (row 3; found: name, email)");
    }

    @Test
    void aColumnTwiceIsInvalidInput() {
        assertThatThrownBy(() -> ImportColumns.of(List.of("uuid", "email", "E mail"), 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("twice (B and C)");
    }

    @Test
    void columnLettersAreTheSpreadsheets() {
        assertThat(ImportColumns.columnLetter(0)).isEqualTo("A");
        assertThat(ImportColumns.columnLetter(25)).isEqualTo("Z");
        assertThat(ImportColumns.columnLetter(26)).isEqualTo("AA");
        assertThat(ImportColumns.columnLetter(701)).isEqualTo("ZZ");
    }

    @Test
    void aCellTheExportsWorkbookTruncatedLeavesTheFieldUnchanged() {
        ImportColumns columns = ImportColumns.of(List.of("uuid", "notes", "name"), 1);
        String cut = "[{\"title\":\"t\",\"description\":\"" + "x".repeat(32_700) + "\u2026[truncated, 40000 chars in chats.csv]";
        assertThat(cut.length()).isGreaterThan(32_700);
        List<String> row = List.of("7e88d192-9b20-4035-9b68-d4ac3d58a34f", cut, "Ann");
        assertThat(columns.cell(row, Field.NOTES)).isNull();
        assertThat(columns.cell(row, Field.NAME)).isEqualTo("Ann");
        assertThat(columns.cell(List.of("u", "short text \u2026[truncated, 9 chars]", "n"), Field.NOTES))
                .as("only a cell as long as the limit can be a truncated one").isNotNull();
    }
}
