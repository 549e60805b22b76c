package org.imclab.common.nn.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.DoubleSupplier;

/**
 * A DJL {@link Optimizer} whose per-parameter buffers (momentum, Adam moments, step counts) can be saved in
 * a checkpoint and restored, so a resumed run continues with the same optimizer state. The learning rate
 * comes from a supplier the training loop sets per step, so the logged rate is the one applied.
 */
public abstract class StatefulOptimizer extends Optimizer {

    /** Builder that only carries DJL's common options; rates come from the supplier. */
    static final class Settings extends OptimizerBuilder<Settings> {
        @Override
        protected Settings self() {
            return this;
        }
    }

    protected final DoubleSupplier learningRate;
    protected final float weightDecay;
    /**
     * Buffers per parameter id and slot (e.g. "m", "v"); sorted so the saved form is stable, and concurrent
     * because the threads of a sliced batch ({@link BatchSlices}) update different parameters at once.
     */
    protected final Map<String, Map<String, NDArray>> state = new ConcurrentSkipListMap<>();
    protected final Map<String, Long> steps = new ConcurrentSkipListMap<>();

    protected StatefulOptimizer(DoubleSupplier learningRate, float weightDecay) {
        super(new Settings());
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
    }

    /** The buffer of a parameter, created as zeros shaped like the weight on first use. */
    protected NDArray buffer(String parameterId, String slot, NDArray weight) {
        return state.computeIfAbsent(parameterId, k -> new TreeMap<>())
                .computeIfAbsent(slot, k -> {
                    NDArray z = weight.zerosLike();
                    z.setRequiresGradient(false);
                    return z;
                });
    }

    /** Increments and returns the step count of a parameter (1 on its first update). */
    protected long nextStep(String parameterId) {
        return steps.merge(parameterId, 1L, Long::sum);
    }

    /** Writes state an optimizer keeps outside its buffers (e.g. in Java arrays) into them; called by {@link #save}. */
    protected void flush() {
    }

    /** Drops copies of the buffers' state, which {@link #load} and {@link #close} replace or free. */
    protected void forgetCopies() {
    }

    public void save(DataOutputStream out) throws IOException {
        flush();
        out.writeInt(state.size());
        for (var p : state.entrySet()) {
            out.writeUTF(p.getKey());
            out.writeLong(steps.getOrDefault(p.getKey(), 0L));
            out.writeInt(p.getValue().size());
            for (var slot : p.getValue().entrySet()) {
                out.writeUTF(slot.getKey());
                byte[] encoded = slot.getValue().encode();
                out.writeInt(encoded.length);
                out.write(encoded);
            }
        }
    }

    /** Restores buffers saved by {@link #save}; they are attached to {@code manager}. */
    public void load(DataInputStream in, NDManager manager) throws IOException {
        close();
        int params = in.readInt();
        for (int i = 0; i < params; i++) {
            String id = in.readUTF();
            steps.put(id, in.readLong());
            int slots = in.readInt();
            Map<String, NDArray> buffers = new TreeMap<>();
            for (int s = 0; s < slots; s++) {
                String slot = in.readUTF();
                byte[] encoded = in.readNBytes(in.readInt());
                buffers.put(slot, NDArray.decode(manager, encoded));
            }
            state.put(id, buffers);
        }
    }

    /** Frees the buffers. */
    public void close() {
        forgetCopies();
        state.values().forEach(m -> m.values().forEach(NDArray::close));
        state.clear();
        steps.clear();
    }

    /**
     * Gradient scaled and clipped as DJL's common options say: a new array the caller closes, or the
     * gradient itself when neither option is set (check with {@code result != grad} before closing).
     */
    protected NDArray prepared(NDArray grad) {
        if (rescaleGrad == 1f && !(clipGrad > 0)) {
            return grad;
        }
        NDArray g = grad.mul(rescaleGrad);
        if (clipGrad > 0) {
            NDArray clipped = g.clip(-clipGrad, clipGrad);
            g.close();
            return clipped;
        }
        return g;
    }
}
