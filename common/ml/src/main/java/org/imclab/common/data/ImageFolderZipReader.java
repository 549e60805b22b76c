package org.imclab.common.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a zip of class-named folders of images (torchvision's ImageFolder layout), e.g.
 * {@code cat/001.png, dog/002.jpg} or the same under one top-level folder. The folder directly above a
 * file is its class; classes are indexed in sorted order and images sorted by class then path, so the
 * result does not depend on the zip's entry order. Images are not resized: all must share one size.
 * Greyscale images give one channel; if any image has colour, all are stored as RGB. Alpha is dropped.
 * macOS metadata ({@code __MACOSX/}, dot files) and non-image files are ignored.
 */
public final class ImageFolderZipReader {

    /** Image formats read through javax.imageio. */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    /** Largest accepted image area; checked from the header before decoding, against decompression bombs. */
    public static final long MAX_PIXELS = 1L << 24;

    private ImageFolderZipReader() {
    }

    private record Decoded(String entry, String label, int width, int height, boolean gray, byte[] pixels) {
    }

    public static ImageDataset read(InputStream zip) {
        return read(zip, DataLimits.defaults().budget());
    }

    /**
     * Reads the archive, charging inflated entry bytes to {@code budget} and checking the decoded pixels
     * against the same limit (a small, highly compressible PNG can decode to far more than its file size).
     */
    public static ImageDataset read(InputStream zip, DecompressionBudget budget) {
        List<Decoded> images = new ArrayList<>();
        try (MeteredZip in = new MeteredZip(zip, budget, "file")) {
            ZipEntry e;
            while ((e = in.next()) != null) {
                String name = e.getName().replace('\\', '/');
                String[] parts = name.split("/");
                String file = parts[parts.length - 1];
                int dot = file.lastIndexOf('.');
                String ext = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
                if (e.isDirectory() || ignored(name) || !EXTENSIONS.contains(ext)) {
                    in.skipEntry();
                    continue;
                }
                if (parts.length < 2) {
                    throw new DataFormatException(name, "images must be inside a folder named after their class");
                }
                images.add(decode(name, parts[parts.length - 2], in.content().readAllBytes(), budget));
            }
        } catch (IOException ex) {
            throw new DataFormatException("file", "not a readable zip archive: " + ex.getMessage(), ex);
        }
        if (images.isEmpty()) {
            throw new DataFormatException("file", "the zip contains no images in class folders");
        }
        return assemble(images, budget);
    }

    private static boolean ignored(String name) {
        for (String part : name.split("/")) {
            if (part.startsWith(".") || part.equals("__MACOSX")) {
                return true;
            }
        }
        return false;
    }

    private static Decoded decode(String entry, String label, byte[] bytes, DecompressionBudget budget) {
        BufferedImage img;
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new DataFormatException(entry, "not a readable image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                long area = (long) reader.getWidth(0) * reader.getHeight(0);
                if (area > MAX_PIXELS) {
                    throw new DataFormatException(entry, "image of " + area + " pixels exceeds the limit of "
                            + MAX_PIXELS);
                }
                // At least one byte per pixel, charged from the header before the decoder allocates.
                budget.chargeDecoded(entry, area);
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException ex) {
            if (ex instanceof DataFormatException d) {
                throw d;
            }
            throw new DataFormatException(entry, "not a readable image: " + ex.getMessage(), ex);
        }
        int w = img.getWidth();
        int h = img.getHeight();
        ColorModel cm = img.getColorModel();
        boolean gray = cm.getNumColorComponents() == 1 && !(cm instanceof IndexColorModel);
        byte[] px;
        if (gray) {
            // Raw samples: getRGB would pass linear grey through an sRGB conversion and change the values.
            Raster r = img.getRaster();
            int shift = Math.max(0, cm.getComponentSize(0) - 8);
            px = new byte[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    px[y * w + x] = (byte) (r.getSample(x, y, 0) >> shift);
                }
            }
        } else {
            int plane = w * h;
            px = new byte[3 * plane];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x, y);
                    int i = y * w + x;
                    px[i] = (byte) (rgb >> 16);
                    px[plane + i] = (byte) (rgb >> 8);
                    px[2 * plane + i] = (byte) rgb;
                }
            }
        }
        budget.chargeDecoded(entry, px.length - (long) w * h);
        return new Decoded(entry, label, w, h, gray, px);
    }

    private static ImageDataset assemble(List<Decoded> images, DecompressionBudget budget) {
        images.sort(Comparator.comparing(Decoded::label).thenComparing(Decoded::entry));
        Decoded first = images.get(0);
        for (Decoded d : images) {
            if (d.width() != first.width() || d.height() != first.height()) {
                throw new DataFormatException(d.entry(), "is " + d.width() + "x" + d.height() + " but " + first.entry()
                        + " is " + first.width() + "x" + first.height() + "; all images must have the same size");
            }
        }
        boolean rgb = images.stream().anyMatch(d -> !d.gray());
        int c = rgb ? 3 : 1;
        int plane = first.width() * first.height();
        long total = (long) images.size() * c * plane;
        if (total > budget.limits().maxBytes()) {
            // Greyscale images are stored as RGB once any image has colour, which can triple their size.
            throw new DataTooLargeException("file", images.size() + " images of " + c + "x" + first.height() + "x"
                    + first.width() + " make " + total + " bytes, above the import limit of "
                    + budget.limits().maxBytes());
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new DataFormatException("file", images.size() + " images do not fit in one data set");
        }
        List<String> classes = List.copyOf(new TreeSet<>(images.stream().map(Decoded::label).toList()));
        byte[] out = new byte[(int) total];
        int[] labels = new int[images.size()];
        for (int i = 0; i < images.size(); i++) {
            Decoded d = images.get(i);
            labels[i] = classes.indexOf(d.label());
            int base = i * c * plane;
            if (d.gray() && rgb) {
                for (int ch = 0; ch < 3; ch++) {
                    System.arraycopy(d.pixels(), 0, out, base + ch * plane, plane);
                }
            } else {
                System.arraycopy(d.pixels(), 0, out, base, c * plane);
            }
        }
        return new ImageDataset(out, labels, c, first.height(), first.width(), classes);
    }
}
