package org.imclab.common.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Saves and loads a block's parameters in DJL's own format, so weights can live in the artifact store. */
public final class SpecWeights {

    private SpecWeights() {
    }

    /** Writes every parameter (and BN running statistics); does not close the stream. */
    public static void save(Block block, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
        block.saveParameters(data);
        data.flush();
    }

    /**
     * Reads parameters into a block built from the same spec; does not close the stream. The stream is
     * not buffered here so that nothing past the weights is consumed; pass a buffered stream.
     */
    public static void load(Block block, NDManager manager, InputStream in) throws IOException {
        // DJL replaces each array without comparing shapes, so weights of another spec would load silently.
        Map<String, Shape> before = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().isInitialized()) {
                before.put(p.getKey(), p.getValue().getArray().getShape());
            }
        }
        try {
            block.loadParameters(manager, new DataInputStream(in));
        } catch (MalformedModelException e) {
            throw new IOException("weights do not match the model: " + e.getMessage(), e);
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            Shape expected = before.get(p.getKey());
            Shape loaded = p.getValue().getArray().getShape();
            if (expected != null && !expected.equals(loaded)) {
                throw new IOException("weights do not match the model: parameter " + p.getKey() + " has shape "
                        + loaded + " but the model needs " + expected);
            }
        }
    }

    public static byte[] toBytes(Block block) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        save(block, out);
        return out.toByteArray();
    }

    public static void fromBytes(Block block, NDManager manager, byte[] bytes) throws IOException {
        load(block, manager, new ByteArrayInputStream(bytes));
    }
}
