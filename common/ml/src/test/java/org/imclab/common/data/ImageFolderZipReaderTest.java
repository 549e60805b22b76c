package org.imclab.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageFolderZipReaderTest {

    static byte[] gray(int w, int h, int value) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, (value + x + y) & 0xff);
            }
        }
        return encode(img, "png");
    }

    static byte[] rgb(int w, int h, int r, int g, int b, String format) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return encode(img, format);
    }

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static ImageDataset read(Map<String, byte[]> entries) throws IOException {
        return ImageFolderZipReader.read(new ByteArrayInputStream(zip(entries)));
    }

    @Test
    void grayFoldersGiveOneChannelSortedByClass() throws IOException {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("data/zebra/b.png", gray(4, 3, 100));
        e.put("data/ant/a.png", gray(4, 3, 10));
        e.put("data/zebra/a.png", gray(4, 3, 50));
        e.put("data/README.txt", new byte[] {1, 2});
        e.put("__MACOSX/data/ant/._a.png", new byte[] {0});
        ImageDataset d = read(e);
        assertThat(d.classNames()).containsExactly("ant", "zebra");
        assertThat(d.labels()).containsExactly(0, 1, 1);
        assertThat(d.shape()).containsExactly(1, 3, 4);
        // Sorted by class then path: ant/a, zebra/a, zebra/b; raw grey values survive exactly.
        assertThat(d.image(0)[0]).isEqualTo((byte) 10);
        assertThat(d.image(1)[0]).isEqualTo((byte) 50);
        assertThat(d.image(2)[5]).isEqualTo((byte) (100 + 1 + 1));
    }

    @Test
    void anyColourImageMakesEveryImageRgb() throws IOException {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("red/1.png", rgb(2, 2, 200, 10, 30, "png"));
        e.put("gray/1.png", gray(2, 2, 77));
        e.put("red/2.bmp", rgb(2, 2, 1, 2, 3, "bmp"));
        ImageDataset d = read(e);
        assertThat(d.channels()).isEqualTo(3);
        assertThat(d.classNames()).containsExactly("gray", "red");
        byte[] g = d.image(0);
        assertThat(new byte[] {g[0], g[4], g[8]}).containsExactly(77, 77, 77);
        byte[] r = d.image(1);
        assertThat(new int[] {r[0] & 0xff, r[4] & 0xff, r[8] & 0xff}).containsExactly(200, 10, 30);
        assertThat(d.image(2)[4]).isEqualTo((byte) 2);
    }

    @Test
    void jpegIsDecoded() throws IOException {
        ImageDataset d = read(Map.of("cat/x.jpg", rgb(8, 8, 120, 120, 120, "jpg")));
        assertThat(d.channels()).isEqualTo(3);
        assertThat(d.image(0)[0] & 0xff).isBetween(115, 125);
    }

    @Test
    void sizeMismatchAndBrokenImagesNameTheEntry() throws IOException {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("a/1.png", gray(4, 4, 0));
        e.put("b/odd.png", gray(5, 4, 0));
        DataFormatException size = catchThrowableOfType(DataFormatException.class, () -> read(e));
        assertThat(size.field()).isEqualTo("b/odd.png");
        assertThat(size.reason()).contains("5x4").contains("same size");

        DataFormatException broken = catchThrowableOfType(DataFormatException.class,
                () -> read(Map.of("a/bad.png", new byte[] {1, 2, 3, 4})));
        assertThat(broken.field()).isEqualTo("a/bad.png");
        assertThat(broken.reason()).contains("not a readable image");

        assertThat(catchThrowableOfType(DataFormatException.class, () -> read(Map.of("loose.png", gray(2, 2, 0))))
                .field()).isEqualTo("loose.png");
        assertThat(catchThrowableOfType(DataFormatException.class, () -> read(Map.of("a/notes.txt", new byte[1])))
                .reason()).contains("no images");
    }
}
