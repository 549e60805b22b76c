package org.imclab.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Decompression bombs and oversized files against every compressed reader in common.data. */
class DecompressionLimitsTest {

    /** About 1.8 MB compressed, 1.75 GB inflated. */
    private static final int BOMB_MIB = 1750;

    private static InputStream in(byte[] b) {
        return new ByteArrayInputStream(b);
    }

    @Test
    void bombHelperMakesValidArchives() throws IOException {
        byte[] gz = Bombs.gzip(new byte[] {1, 2, 3}, 4);
        try (InputStream g = new GZIPInputStream(in(gz))) {
            byte[] all = g.readAllBytes();
            assertThat(all).hasSize(3 + (4 << 20)).startsWith(1, 2, 3);
        }
        try (ZipInputStream z = new ZipInputStream(in(Bombs.zip("a/b.png", 4)))) {
            assertThat(z.getNextEntry().getName()).isEqualTo("a/b.png");
            assertThat(z.transferTo(OutputStream.nullOutputStream())).isEqualTo(4L << 20);
        }
        assertThat(Bombs.gzip(new byte[0], BOMB_MIB).length).isBetween(1_500_000, 2_000_000);
    }

    @Test
    void idxGzipBombIsStoppedByTheRatioWithoutReadingItAll() throws IOException {
        // The header claims 200 MB of pixels, which fits the limit, and the body is 1.75 GB of zeros.
        byte[] bomb = Bombs.gzip(Bombs.idxImagesHeader(255_000, 28, 28), BOMB_MIB);
        DecompressionBudget budget = DataLimits.defaults().budget();
        DataFormatException e = catchThrowableOfType(DataFormatException.class,
                () -> IdxReader.readImages(in(bomb), budget));
        assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(e.field()).isEqualTo("images");
        assertThat(e.reason()).contains("200:1").contains("decompression bomb");
        assertThat(budget.read()).isLessThan(64L << 20);
    }

    @Test
    void idxHeaderThatClaimsTooMuchIsRefusedBeforeAllocating() throws IOException {
        byte[] bomb = Bombs.gzip(Bombs.idxImagesHeader(2_000_000, 28, 28), 16);
        DataFormatException e = catchThrowableOfType(DataFormatException.class,
                () -> IdxReader.readImages(in(bomb), DataLimits.defaults().budget()));
        assertThat(e).isInstanceOf(DataTooLargeException.class);
        assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(e.reason()).contains("1568000000").contains("limit");
        // Dimensions whose product overflows a long are too large, not a negative size.
        byte[] huge = Bombs.idxImagesHeader(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertThat(catchThrowableOfType(DataTooLargeException.class,
                () -> IdxReader.readImages(in(huge), DataLimits.defaults().budget())).field()).isEqualTo("images");
    }

    @Test
    void aBombWithinTheRatioStillStopsAtTheSizeLimit() throws IOException {
        // A lenient ratio lets the bomb inflate; the size limit must stop it while streaming.
        DataLimits lenient = new DataLimits(32L << 20, 10_000, 1 << 20, 10);
        DecompressionBudget budget = lenient.budget();
        byte[] bomb = Bombs.gzip(new byte[0], 256);
        DataTooLargeException e = catchThrowableOfType(DataTooLargeException.class,
                () -> CifarBinaryReader.readCifar10(List.of(in(bomb)), budget));
        assertThat(e.field()).isEqualTo("batches[0]");
        assertThat(budget.read()).isBetween(32L << 20, 33L << 20);
    }

    @Test
    void cifarGzipBombIsRefused() throws IOException {
        byte[] bomb = Bombs.gzip(new byte[0], BOMB_MIB);
        DataFormatException e = catchThrowableOfType(DataFormatException.class,
                () -> CifarBinaryReader.readCifar10(List.of(in(GeneratedBatch.of(3)), in(bomb)),
                        DataLimits.defaults().budget()));
        assertThat(e.field()).isEqualTo("batches[1]");
        assertThat(e.reason()).contains("decompression bomb");
    }

    @Test
    void theLimitHoldsForAllFilesOfOneImportTogether() throws IOException {
        byte[] batch = GeneratedBatch.of(100); // 307,300 bytes
        DataLimits limits = new DataLimits(1_000_000, 200, 1 << 20, 10);
        assertThat(CifarBinaryReader.readCifar10(List.of(in(batch), in(batch), in(batch)), limits.budget()).size())
                .isEqualTo(300);
        DataTooLargeException e = catchThrowableOfType(DataTooLargeException.class,
                () -> CifarBinaryReader.readCifar10(List.of(in(batch), in(batch), in(batch), in(batch)),
                        limits.budget()));
        assertThat(e.field()).isEqualTo("batches[3]");
        assertThat(e.reason()).contains("1000000");
    }

    @Test
    void imageFolderZipBombIsRefusedWhetherAnImageOrSkipped() throws IOException {
        for (String entry : List.of("cat/001.png", "README.txt")) {
            byte[] bomb = Bombs.zip(entry, BOMB_MIB);
            DecompressionBudget budget = DataLimits.defaults().budget();
            DataFormatException e = catchThrowableOfType(DataFormatException.class,
                    () -> ImageFolderZipReader.read(in(bomb), budget));
            assertThat(e.status()).as(entry).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
            assertThat(e.reason()).as(entry).contains("decompression bomb");
            assertThat(budget.read()).as(entry).isLessThan(64L << 20);
        }
    }

    @Test
    void zipEntryDeclaringTooMuchAndTooManyEntriesAreRefused() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            for (int i = 0; i < 5; i++) {
                z.putNextEntry(new ZipEntry("cat/" + i + ".txt"));
                z.write(new byte[] {1});
                z.closeEntry();
            }
        }
        DataFormatException many = catchThrowableOfType(DataFormatException.class,
                () -> ImageFolderZipReader.read(in(b.toByteArray()), new DataLimits(1 << 20, 200, 0, 4).budget()));
        assertThat(many.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(many.reason()).contains("more than 4 entries");

        // A stored entry declares its size in the local header: refused before a byte of it is read.
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(s)) {
            ZipEntry e = new ZipEntry("cat/big.png");
            byte[] data = new byte[2000];
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(data);
            e.setMethod(ZipEntry.STORED);
            e.setSize(data.length);
            e.setCrc(crc.getValue());
            z.putNextEntry(e);
            z.write(data);
            z.closeEntry();
        }
        DecompressionBudget small = new DataLimits(1000, 200, 0, 10).budget();
        DataTooLargeException big = catchThrowableOfType(DataTooLargeException.class,
                () -> ImageFolderZipReader.read(in(s.toByteArray()), small));
        assertThat(big.field()).isEqualTo("cat/big.png");
        assertThat(small.read()).isZero();
    }

    @Test
    void csvGzipBombIsRefused() throws IOException {
        byte[] bomb = Bombs.gzip("a,b,label\n".getBytes(), BOMB_MIB);
        DataFormatException e = catchThrowableOfType(DataFormatException.class,
                () -> CsvDatasetReader.read(in(bomb)));
        assertThat(e.field()).isEqualTo("file");
        assertThat(e.reason()).contains("decompression bomb");
    }

    @Test
    void npyArrayDeclaringMoreThanTheBudgetIsRefusedBeforeAllocating() {
        byte[] header = Npy.header("|u1", 1L << 40);
        DataTooLargeException e = catchThrowableOfType(DataTooLargeException.class,
                () -> Npy.read(in(header), "images.npy", DataLimits.defaults().budget()));
        assertThat(e.field()).isEqualTo("images.npy");
        byte[] overflow = Npy.header("<f8", Long.MAX_VALUE / 4, 4);
        assertThat(catchThrowableOfType(DataTooLargeException.class,
                () -> Npy.read(in(overflow), "x.npy")).reason()).contains("more than 2^63");
    }

    @Test
    void realisticallyCompressibleFilesPass() throws IOException {
        // MNIST-like: mostly zero background with some ink compresses about 5:1 and must import.
        byte[] images = new byte[20_000 * 28 * 28];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < images.length; i++) {
            images[i] = r.nextInt(5) == 0 ? (byte) r.nextInt(256) : 0;
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(Bombs.idxImagesHeader(20_000, 28, 28));
        raw.write(images);
        byte[] gz = IdxReaderTest.gzip(raw.toByteArray());
        assertThat(IdxReader.readImages(in(gz), DataLimits.defaults().budget()).count()).isEqualTo(20_000);
    }

    /** CIFAR-10 binary records with labels 0..9 in turn and patterned pixels. */
    static final class GeneratedBatch {
        static byte[] of(int records) {
            byte[] b = new byte[records * CifarBinaryReader.Variant.CIFAR10.recordSize()];
            for (int r = 0; r < records; r++) {
                int off = r * CifarBinaryReader.Variant.CIFAR10.recordSize();
                b[off] = (byte) (r % 10);
                for (int p = 1; p <= CifarBinaryReader.PIXELS; p++) {
                    b[off + p] = (byte) (p * 31 + r);
                }
            }
            return b;
        }
    }
}
