package com.botbuddy.batch.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** The one way a share is computed and printed. */
final class Percent {
    private Percent() {
    }

    /** {@code count * 100 / base}, one decimal, {@code HALF_UP}; {@code null} when {@code base} is 0. */
    static BigDecimal of(long count, long base) {
        if (base == 0) {
            return null;
        }
        return BigDecimal.valueOf(count).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(base), 1, RoundingMode.HALF_UP);
    }

    /** The same share as a fraction for a {@code 0.0%} cell: {@code 0.602} for 60.2 %. */
    static Double fraction(BigDecimal percent) {
        return percent == null ? null : percent.movePointLeft(2).doubleValue();
    }

    /** {@code 60.2}, or an empty string for {@code null}. */
    static String text(BigDecimal percent) {
        return percent == null ? "" : String.format(Locale.ROOT, "%.1f", percent);
    }
}
