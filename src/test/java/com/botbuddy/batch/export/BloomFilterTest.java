package com.botbuddy.batch.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BloomFilterTest {
    @Test
    void namesAboutOneKeyInAHundredAsSeenBeforeWhenNoneWasAndEveryKeyItHasSeen() {
        // every key it wrongly names is kept in memory and looked for in a second pass: the rate is what keeps
        // the report's memory small, so a change that spoils the probes must show here
        int keys = 200_000;
        BloomFilter seen = new BloomFilter(keys);
        int falseAlarms = 0;
        for (int i = 0; i < keys; i++) {
            if (!seen.addIfAbsent(KeyHash.of(String.format("%024x", i * 7919L)))) {
                falseAlarms++;
            }
        }
        assertThat(falseAlarms).isLessThan(keys / 100 * 2);
        int seenAgain = 0;
        for (int i = 0; i < 1000; i++) {
            if (!seen.addIfAbsent(KeyHash.of(String.format("%024x", i * 7919L)))) {
                seenAgain++;
            }
        }
        assertThat(seenAgain).isEqualTo(1000);
    }
}
