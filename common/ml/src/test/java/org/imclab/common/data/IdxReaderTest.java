package org.imclab.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    static byte[] idxImages(int n, int rows, int cols) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(Bombs.idxImagesHeader(n, rows, cols));
        for (int i = 0; i < n * rows * cols; i++) {
            b.write((i * 7) & 0xff);
        }
        return b.toByteArray();
    }

    static byte[] idxLabels(int... labels) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(IdxReader.LABELS_MAGIC);
        d.writeInt(labels.length);
        for (int l : labels) {
            d.writeByte(l);
        }
        return b.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(raw);
        }
        return b.toByteArray();
    }

    private static ImageDataset read(byte[] images, byte[] labels) {
        return IdxReader.read(new ByteArrayInputStream(images), new ByteArrayInputStream(labels));
    }

    /** With an explicit class count, as labels 2, 0, 9 leave classes without samples. */
    private static ImageDataset read(byte[] images, byte[] labels, int numClasses) {
        return IdxReader.read(new ByteArrayInputStream(images), new ByteArrayInputStream(labels), numClasses,
                DataLimits.defaults().budget());
    }

    @Test
    void readsRawAndGzippedFiles() throws IOException {
        byte[] images = idxImages(3, 4, 5);
        byte[] labels = idxLabels(2, 0, 9);
        ImageDataset raw = read(images, labels, 10);
        assertThat(raw.size()).isEqualTo(3);
        assertThat(raw.shape()).containsExactly(1, 4, 5);
        assertThat(raw.labels()).containsExactly(2, 0, 9);
        assertThat(raw.classNames()).hasSize(10).startsWith("0", "1");
        assertThat(raw.images()).isEqualTo(Arrays.copyOfRange(images, 16, images.length));
        assertThat(read(gzip(images), gzip(labels), 10)).isEqualTo(raw);
        ImageDataset named = IdxReader.read(new ByteArrayInputStream(images), new ByteArrayInputStream(idxLabels(0, 1, 1)),
                List.of("no", "yes"));
        assertThat(named.classNames()).containsExactly("no", "yes");
    }

    @Test
    void readsASplitOfAnMnistLayoutDirectory(@TempDir Path dir) throws IOException {
        // The MNIST file names: <split>-images-idx3-ubyte beside <split>-labels-idx1-ubyte; "t10k" is not read.
        byte[] images = idxImages(2, 3, 3);
        Files.write(dir.resolve("train-images-idx3-ubyte"), images);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idxLabels(1, 0));
        ImageDataset train = IdxReader.readSplit(dir, "train");
        assertThat(train.labels()).containsExactly(1, 0);
        assertThat(train.shape()).containsExactly(1, 3, 3);
        assertThat(train.images()).isEqualTo(Arrays.copyOfRange(images, 16, images.length));
        assertThatThrownBy(() -> IdxReader.readSplit(dir, "t10k")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void wrongMagicIsRejected() throws IOException {
        DataFormatException e = catchThrowableOfType(DataFormatException.class,
                () -> read(idxLabels(1), idxLabels(1)));
        assertThat(e.field()).isEqualTo("images");
        assertThat(e.reason()).contains("magic 0x00000801");
        DataFormatException swapped = catchThrowableOfType(DataFormatException.class,
                () -> read(idxImages(1, 2, 2), idxImages(1, 2, 2)));
        assertThat(swapped.field()).isEqualTo("labels");
    }

    @Test
    void truncationAndTrailingBytesAreRejected() throws IOException {
        byte[] images = idxImages(3, 4, 5);
        DataFormatException cut = catchThrowableOfType(DataFormatException.class,
                () -> read(Arrays.copyOf(images, images.length - 1), idxLabels(1, 2, 3)));
        assertThat(cut.reason()).contains("truncated").contains("60 bytes").contains("59");
        DataFormatException header = catchThrowableOfType(DataFormatException.class,
                () -> read(Arrays.copyOf(images, 10), idxLabels(1, 2, 3)));
        assertThat(header.reason()).contains("header");
        DataFormatException longer = catchThrowableOfType(DataFormatException.class,
                () -> read(Arrays.copyOf(images, images.length + 1), idxLabels(1, 2, 3)));
        assertThat(longer.reason()).contains("longer");
        assertThat(longer.getMessage()).startsWith("images:");
    }

    @Test
    void countMismatchIsRejected() throws IOException {
        DataFormatException e = catchThrowableOfType(DataFormatException.class,
                () -> read(idxImages(3, 2, 2), idxLabels(1, 2)));
        assertThat(e.field()).isEqualTo("labels");
        assertThat(e.reason()).contains("2 labels").contains("3 images");
    }

    @Test
    void oneCorruptLabelDoesNotInventClasses() throws IOException {
        int[] labels = new int[21];
        for (int i = 0; i < 20; i++) {
            labels[i] = i % 10;
        }
        labels[20] = 200;
        byte[] images = idxImages(21, 2, 2);
        DataFormatException e = catchThrowableOfType(DataFormatException.class,
                () -> read(images, idxLabels(labels)));
        assertThat(e.field()).isEqualTo("labels");
        assertThat(e.reason()).contains("up to 200").contains("index 20").contains("190 of them have no samples")
                .contains("10..199").contains("numClasses=201");

        DataFormatException outside = catchThrowableOfType(DataFormatException.class,
                () -> read(images, idxLabels(labels), 10));
        assertThat(outside.field()).isEqualTo("labels");
        assertThat(outside.reason()).isEqualTo("label 200 at index 20 is outside [0, 10)");

        ImageDataset declared = read(images, idxLabels(labels), 201);
        assertThat(declared.classNames()).hasSize(201);
        assertThat(read(idxImages(20, 2, 2), idxLabels(Arrays.copyOf(labels, 20))).classNames()).hasSize(10);
    }
}
