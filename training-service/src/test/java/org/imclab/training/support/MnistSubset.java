package org.imclab.training.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.imclab.common.data.IdxReader;
import org.imclab.common.data.ImageDataset;

/** The committed MNIST subset (src/test/resources/mnist-subset): 3000 training and 1000 test images. */
public final class MnistSubset {

    private MnistSubset() {
    }

    public static ImageDataset train() {
        return read("train");
    }

    public static ImageDataset test() {
        return read("t10k");
    }

    public static byte[] bytes(String file) {
        try (InputStream in = resource(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ImageDataset read(String prefix) {
        try (InputStream img = resource(prefix + "-images-idx3-ubyte.gz");
                InputStream lab = resource(prefix + "-labels-idx1-ubyte.gz")) {
            return IdxReader.read(img, lab);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String file) {
        InputStream in = MnistSubset.class.getResourceAsStream("/mnist-subset/" + file);
        if (in == null) {
            throw new IllegalStateException("missing test resource mnist-subset/" + file);
        }
        return in;
    }
}
