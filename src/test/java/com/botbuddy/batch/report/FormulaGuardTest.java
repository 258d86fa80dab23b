package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class FormulaGuardTest {
    private static final List<String> VALUES = List.of("", "plain", "=1+1", "+49", "-x", "@SUM(A1)", "\tcmd", "\rcmd",
            "'", "''", "'plain", "'=already", "''+twice", "'''-thrice", "'@", "a'=b", "'\t");

    @Test
    void everyValueReadsBackAsItWasAfterTheCsvGuard() {
        for (String value : VALUES) {
            assertThat(FormulaGuard.unguard(FormulaGuard.guard(value))).as(value).isEqualTo(value);
        }
    }

    @Test
    void noGuardedValueStartsWithAFormulaCharacter() {
        for (String value : VALUES) {
            String guarded = FormulaGuard.guard(value);
            assertThat(guarded.isEmpty() || !FormulaGuard.isTrigger(guarded.charAt(0))).as(value).isTrue();
        }
    }

    @Test
    void aQuoteBeforeAFormulaCharacterGetsOneMoreAndOtherQuotesAreLeftAlone() {
        assertThat(FormulaGuard.guard("=x")).isEqualTo("'=x");
        assertThat(FormulaGuard.guard("'=x")).isEqualTo("''=x");
        assertThat(FormulaGuard.guard("'plain")).isEqualTo("'plain");
        assertThat(FormulaGuard.unguard("'+91")).isEqualTo("+91");
        assertThat(FormulaGuard.unguard("'plain")).isEqualTo("'plain");
    }

    @Test
    void stringCellsChangeOnlyWhereUnguardingWouldChangeThem() {
        for (String value : VALUES) {
            assertThat(FormulaGuard.unguard(FormulaGuard.keepThroughUnguard(value))).as(value).isEqualTo(value);
        }
        assertThat(FormulaGuard.keepThroughUnguard("=x")).isEqualTo("=x");
        assertThat(FormulaGuard.keepThroughUnguard("'plain")).isEqualTo("'plain");
        assertThat(FormulaGuard.keepThroughUnguard("'=x")).isEqualTo("''=x");
    }
}
