package org.imclab.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class NpzDatasetTest {

    static ImageDataset sample() {
        byte[] images = new byte[3 * 2 * 4 * 5];
        for (int i = 0; i < images.length; i++) {
            images[i] = (byte) (i * 13);
        }
        return new ImageDataset(images, new int[] {1, 0, 2}, 2, 4, 5, List.of("cat", "dog", "grüne Ä"));
    }

    @Test
    void roundTrips() {
        ImageDataset d = sample();
        assertThat(NpzDataset.read(new ByteArrayInputStream(NpzDataset.toBytes(d)))).isEqualTo(d);
    }

    @Test
    void writesNumpyFormatHeaders() throws IOException {
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(NpzDataset.toBytes(sample())))) {
            ZipEntry e = z.getNextEntry();
            assertThat(e.getName()).isEqualTo("images.npy");
            byte[] npy = z.readAllBytes();
            assertThat(Arrays.copyOf(npy, 8)).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0);
            int len = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
            assertThat((10 + len) % 64).isZero();
            String header = new String(npy, 10, len, StandardCharsets.US_ASCII);
            assertThat(header).startsWith("{'descr': '|u1', 'fortran_order': False, 'shape': (3, 2, 4, 5), }")
                    .endsWith("\n");
            assertThat(npy.length - 10 - len).isEqualTo(120);
            assertThat(z.getNextEntry().getName()).isEqualTo("labels.npy");
            String labels = new String(z.readAllBytes(), 10, 54, StandardCharsets.US_ASCII);
            assertThat(labels).contains("'descr': '<i8'").contains("'shape': (3,)");
        }
    }

    @Test
    void djlDecodesTheNumericArrays() throws IOException {
        byte[] npz = NpzDataset.toBytes(sample());
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDList list = NDList.decode(manager, npz);
            var images = list.get("images");
            var labels = list.get("labels");
            assertThat(images.getShape()).isEqualTo(new Shape(3, 2, 4, 5));
            assertThat(images.getDataType()).isEqualTo(DataType.UINT8);
            assertThat(images.toByteArray()).isEqualTo(sample().images());
            assertThat(labels.getDataType()).isEqualTo(DataType.INT64);
            assertThat(labels.toLongArray()).containsExactly(1, 0, 2);
            String names = new String(list.get("classes").toByteArray(), StandardCharsets.UTF_8);
            assertThat(names).isEqualTo("[\"cat\",\"dog\",\"grüne Ä\"]");
        }
    }

    @Test
    void readsGrayscaleNhwWithoutClassNames() throws IOException {
        // images (N,H,W) and int32 labels, as numpy.savez might write them, without classes.npy.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var z = new java.util.zip.ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("images.npy"));
            z.write(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2, 2), }", new byte[8]));
            z.putNextEntry(new ZipEntry("labels.npy"));
            z.write(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", new byte[] {3, 0, 0, 0, 1, 0, 0, 0}));
        }
        ImageDataset d = NpzDataset.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(d.shape()).containsExactly(1, 2, 2);
        assertThat(d.labels()).containsExactly(3, 1);
        assertThat(d.classNames()).containsExactly("0", "1", "2", "3");
    }

    @Test
    void rejectsBrokenArchives() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var z = new java.util.zip.ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("images.npy"));
            z.write(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1), }", new byte[4]));
            z.putNextEntry(new ZipEntry("labels.npy"));
            z.write(npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", new byte[8]));
        }
        DataFormatException dtype = catchThrowableOfType(DataFormatException.class,
                () -> NpzDataset.read(new ByteArrayInputStream(out.toByteArray())));
        assertThat(dtype.field()).isEqualTo("images.npy");

        ByteArrayOutputStream cut = new ByteArrayOutputStream();
        try (var z = new java.util.zip.ZipOutputStream(cut)) {
            z.putNextEntry(new ZipEntry("images.npy"));
            z.write(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3, 3), }", new byte[17]));
        }
        DataFormatException truncated = catchThrowableOfType(DataFormatException.class,
                () -> NpzDataset.read(new ByteArrayInputStream(cut.toByteArray())));
        assertThat(truncated.reason()).contains("truncated");

        assertThat(catchThrowableOfType(DataFormatException.class,
                () -> NpzDataset.read(new ByteArrayInputStream(new byte[] {1, 2, 3}))).reason())
                .contains("images.npy and labels.npy");
    }

    private static byte[] npy(String dict, byte[] data) {
        byte[] h = (dict + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[10 + h.length + data.length];
        System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length, 0}, 0, out, 0, 10);
        System.arraycopy(h, 0, out, 10, h.length);
        System.arraycopy(data, 0, out, 10 + h.length, data.length);
        return out;
    }
}
