package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Test;

class DeflatingThreadTest {

    private static byte[] inflate(byte[] raw, int size) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        inflater.setInput(raw);
        byte[] out = new byte[size + 1];
        int n = 0;
        while (!inflater.finished() && n < out.length) {
            n += inflater.inflate(out, n, out.length - n);
        }
        inflater.end();
        assertThat(n).as("inflated size").isEqualTo(size);
        return java.util.Arrays.copyOf(out, n);
    }

    @Test
    void buffersHandedOverComeOutDeflatedInOrderWithTheirCrcAndSize() throws Exception {
        byte[] data = new byte[3 * DeflatingThread.CHUNK + 12_345];
        Random random = new Random(7);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ('a' + random.nextInt(4)); // compressible, and not one repeated byte
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeflatingThread deflating = new DeflatingThread(out, "test part");
        for (int at = 0; at < data.length; at += DeflatingThread.CHUNK) {
            byte[] buffer = deflating.buffer();
            int length = Math.min(DeflatingThread.CHUNK, data.length - at);
            System.arraycopy(data, at, buffer, 0, length);
            deflating.deflate(buffer, length);
        }
        DeflatingThread.Result result = deflating.finish();

        CRC32 crc = new CRC32();
        crc.update(data);
        assertThat(result.crc()).isEqualTo(crc.getValue());
        assertThat(result.size()).isEqualTo(data.length);
        assertThat(out.size()).isLessThan(data.length / 2);
        assertThat(inflate(out.toByteArray(), data.length)).isEqualTo(data);
    }

    @Test
    void aFailingOutputSurfacesOnTheWritersNextCallAndEndsTheThread() throws Exception {
        IOException full = new IOException("No space left on device");
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw full;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw full;
            }
        };
        DeflatingThread deflating = new DeflatingThread(failing, "test part");
        Random random = new Random(1);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 1_000; i++) { // random bytes deflate to more than the deflater holds back
                byte[] buffer = deflating.buffer();
                random.nextBytes(buffer);
                deflating.deflate(buffer, buffer.length);
            }
            deflating.finish();
        }).isSameAs(full);
        deflating.close();
    }

    @Test
    void closeWithoutFinishStopsTheThreadAndClosesTheOutput() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        OutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        DeflatingThread deflating = new DeflatingThread(out, "test part");
        deflating.deflate(deflating.buffer(), 10);
        deflating.close();

        assertThat(closed).isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("deflate-test part"));
    }
}
