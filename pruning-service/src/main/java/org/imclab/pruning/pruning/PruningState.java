package org.imclab.pruning.pruning;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.imclab.common.nn.ModelSpec;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a pruning run stands after a completed iteration: the current model (spec and weights), the
 * original model's figures, and the history. It is the per-iteration checkpoint: a zip holding
 * {@code spec.json}, {@code weights.params} (DJL format) and {@code state.json}.
 *
 * @param iteration        iterations completed (0 = the original model)
 * @param spec             current spec
 * @param weights          current weights, DJL parameter format
 * @param originalAccuracy test accuracy of the unpruned model
 * @param originalValidationAccuracy accuracy of the unpruned model on the validation split (what the floor is
 *                         relative to)
 * @param originalParams   parameters of the unpruned model
 * @param originalMacs     MACs of the unpruned model
 * @param history          reports of every iteration so far, accepted or not
 * @param stopReason       why the loop ended; null while it may continue
 */
public record PruningState(int iteration, ModelSpec spec, byte[] weights, double originalAccuracy,
        double originalValidationAccuracy, long originalParams, long originalMacs, List<IterationReport> history,
        String stopReason) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public PruningState {
        history = List.copyOf(history);
    }

    private record Meta(int iteration, double originalAccuracy, double originalValidationAccuracy, long originalParams,
            long originalMacs,
            List<IterationReport> history, String stopReason) {
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, "spec.json", spec.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            put(zip, "weights.params", weights);
            put(zip, "state.json", JSON.writeValueAsBytes(new Meta(iteration, originalAccuracy,
                    originalValidationAccuracy, originalParams, originalMacs, history, stopReason)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static PruningState read(InputStream in) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        for (String name : List.of("spec.json", "weights.params", "state.json")) {
            if (!entries.containsKey(name)) {
                throw new IOException("pruning checkpoint lacks " + name);
            }
        }
        Meta meta = JSON.readValue(entries.get("state.json"), new TypeReference<Meta>() {
        });
        return new PruningState(meta.iteration(), ModelSpec.fromJson(new ByteArrayInputStream(entries.get("spec.json"))),
                entries.get("weights.params"), meta.originalAccuracy(), meta.originalValidationAccuracy(),
                meta.originalParams(), meta.originalMacs(),
                meta.history() == null ? new ArrayList<>() : meta.history(), meta.stopReason());
    }

    /** The same state, ended for {@code reason}. */
    public PruningState finished(String reason) {
        return new PruningState(iteration, spec, weights, originalAccuracy, originalValidationAccuracy, originalParams,
                originalMacs, history, reason);
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }
}
