package org.imclab.common.nn.training;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state after a completed epoch: weights, the optimizer's buffers, the best weights so far and the
 * early-stopping counters. The engine's random generator is not part of it (DJL cannot read it back),
 * so dropout masks after a resume differ from an uninterrupted run; shuffling and augmentation are
 * seeded per epoch and do not.
 *
 * @param epochsDone      completed epochs
 * @param bestMetric      best monitored value so far (NaN if none)
 * @param bestEpoch       1-based epoch of the best value (0 if none)
 * @param epochsNoImprove epochs since the best value
 * @param weights         current weights (SpecWeights format)
 * @param bestWeights     weights at the best epoch, or null when they equal {@code weights}
 * @param optimizerState  {@link StatefulOptimizer#save} output
 */
public record TrainingCheckpoint(int epochsDone, double bestMetric, int bestEpoch, int epochsNoImprove,
        byte[] weights, byte[] bestWeights, byte[] optimizerState) {

    private static final int MAGIC = 0x494d4354; // "IMCT"
    private static final int VERSION = 1;

    public void writeTo(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(MAGIC);
        d.writeInt(VERSION);
        d.writeInt(epochsDone);
        d.writeDouble(bestMetric);
        d.writeInt(bestEpoch);
        d.writeInt(epochsNoImprove);
        writeBlock(d, weights);
        writeBlock(d, bestWeights);
        writeBlock(d, optimizerState);
        d.flush();
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(weights.length * 2 + 1024);
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return out.toByteArray();
    }

    public static TrainingCheckpoint readFrom(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        if (d.readInt() != MAGIC) {
            throw new IOException("not a training checkpoint");
        }
        int version = d.readInt();
        if (version != VERSION) {
            throw new IOException("unsupported checkpoint version " + version);
        }
        int epochs = d.readInt();
        double best = d.readDouble();
        int bestEpoch = d.readInt();
        int noImprove = d.readInt();
        byte[] w = readBlock(d);
        byte[] bw = readBlock(d);
        byte[] opt = readBlock(d);
        return new TrainingCheckpoint(epochs, best, bestEpoch, noImprove, w, bw, opt);
    }

    /** Small JSON-able summary for the job row. */
    public Map<String, Object> meta() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epochsDone);
        m.put("bestEpoch", bestEpoch);
        if (Double.isFinite(bestMetric)) {
            m.put("bestMetric", bestMetric);
        }
        return m;
    }

    /** The weights the final model should use: the best ones when tracked, else the current ones. */
    public byte[] finalWeights() {
        return bestWeights != null ? bestWeights : weights;
    }

    private static void writeBlock(DataOutputStream d, byte[] b) throws IOException {
        if (b == null) {
            d.writeInt(-1);
            return;
        }
        d.writeInt(b.length);
        d.write(b);
    }

    private static byte[] readBlock(DataInputStream d) throws IOException {
        int n = d.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = d.readNBytes(n);
        if (b.length != n) {
            throw new IOException("truncated checkpoint");
        }
        return b;
    }
}
