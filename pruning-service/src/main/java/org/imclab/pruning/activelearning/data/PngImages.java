package org.imclab.pruning.activelearning.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.imclab.pruning.activelearning.FeatureData;

/** Renders a data set row as PNG for labelling (grey for 1 channel, RGB for 3), upscaled for tiny images. */
public final class PngImages {

    private PngImages() {
    }

    /** PNG bytes of row i, or null if the data set has no image shape. */
    public static byte[] png(FeatureData data, int i) {
        byte[] pixels = data.imageBytes(i);
        if (pixels == null) {
            return null;
        }
        int c = data.imageShape()[0];
        int h = data.imageShape()[1];
        int w = data.imageShape()[2];
        // Nearest-neighbour upscaling so 8×8 digits stay legible in a browser.
        int scale = Math.max(1, 64 / Math.max(h, w));
        BufferedImage img = new BufferedImage(w * scale, h * scale,
                c == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                int sy = y / scale;
                int sx = x / scale;
                if (c == 3) {
                    int r = pixels[sy * w + sx] & 0xff;
                    int g = pixels[h * w + sy * w + sx] & 0xff;
                    int b = pixels[2 * h * w + sy * w + sx] & 0xff;
                    img.setRGB(x, y, (r << 16) | (g << 8) | b);
                } else {
                    img.getRaster().setSample(x, y, 0, pixels[sy * w + sx] & 0xff);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String dataUrl(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }
}
