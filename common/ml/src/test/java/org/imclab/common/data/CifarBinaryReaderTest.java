package org.imclab.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CifarBinaryReaderTest {

    /** Records whose pixel plane c of record r is filled with r*10+c, after the given label bytes. */
    static byte[] records(int labelBytes, int[][] labels) {
        int size = labelBytes + CifarBinaryReader.PIXELS;
        byte[] out = new byte[labels.length * size];
        for (int r = 0; r < labels.length; r++) {
            for (int k = 0; k < labelBytes; k++) {
                out[r * size + k] = (byte) labels[r][k];
            }
            for (int c = 0; c < 3; c++) {
                Arrays.fill(out, r * size + labelBytes + c * 1024, r * size + labelBytes + (c + 1) * 1024,
                        (byte) (r * 10 + c));
            }
        }
        return out;
    }

    private static InputStream in(byte[] b) {
        return new ByteArrayInputStream(b);
    }

    @Test
    void readsCifar10AcrossBatches() throws Exception {
        byte[] b1 = records(1, new int[][] {{3}, {9}});
        byte[] b2 = records(1, new int[][] {{0}});
        ImageDataset d = CifarBinaryReader.readCifar10(List.of(in(b1), in(IdxReaderTest.gzip(b2))));
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.shape()).containsExactly(3, 32, 32);
        assertThat(d.labels()).containsExactly(3, 9, 0);
        assertThat(d.classNames().get(3)).isEqualTo("cat");
        // Planes stay R, G, B in C×H×W order.
        byte[] second = d.image(1);
        assertThat(second[0]).isEqualTo((byte) 10);
        assertThat(second[1024]).isEqualTo((byte) 11);
        assertThat(second[3071]).isEqualTo((byte) 12);
        assertThat(d.image(2)[0]).isEqualTo((byte) 0);
    }

    @Test
    void readsCifar100FineOrCoarse() {
        byte[] b = records(2, new int[][] {{4, 30}, {19, 99}});
        ImageDataset fine = CifarBinaryReader.readCifar100(List.of(in(b)), false);
        assertThat(fine.labels()).containsExactly(30, 99);
        assertThat(fine.classNames()).hasSize(100);
        assertThat(fine.classNames().get(30)).isEqualTo("dolphin");
        ImageDataset coarse = CifarBinaryReader.readCifar100(List.of(in(b)), true);
        assertThat(coarse.labels()).containsExactly(4, 19);
        assertThat(coarse.classNames()).hasSize(20);
        assertThat(coarse.image(1)).isEqualTo(fine.image(1));
    }

    @Test
    void truncationAndBadLabelsNameTheBatch() {
        byte[] good = records(1, new int[][] {{1}});
        byte[] cut = Arrays.copyOf(records(1, new int[][] {{1}, {2}}), 3073 + 100);
        DataFormatException e = catchThrowableOfType(DataFormatException.class,
                () -> CifarBinaryReader.readCifar10(List.of(in(good), in(cut))));
        assertThat(e.field()).isEqualTo("batches[1]");
        assertThat(e.reason()).contains("3173").contains("3073");
        // A CIFAR-100 file read as CIFAR-10 does not divide into 3073-byte records.
        byte[] hundred = records(2, new int[][] {{1, 2}});
        assertThat(catchThrowableOfType(DataFormatException.class,
                () -> CifarBinaryReader.readCifar10(List.of(in(hundred)))).reason()).contains("wrong variant");
        DataFormatException label = catchThrowableOfType(DataFormatException.class,
                () -> CifarBinaryReader.readCifar10(List.of(in(records(1, new int[][] {{10}})))));
        assertThat(label.reason()).contains("label 10");
        assertThat(catchThrowableOfType(DataFormatException.class,
                () -> CifarBinaryReader.readCifar10(List.of(in(new byte[0]))))).isNotNull();
    }

    @Test
    void classNamesFromMetaText() {
        List<String> names = CifarBinaryReader.readClassNames(in("airplane\nautomobile\n\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(names).containsExactly("airplane", "automobile");
    }
}
