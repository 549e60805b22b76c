package org.imclab.training.datasets;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.imclab.common.jobs.AbstractJobHandler;
import org.imclab.common.jobs.JobContext;
import org.springframework.stereotype.Component;

/**
 * Job kind {@code dataset-import}: fetches a built-in data set (minutes on a cold cache), then stores it as
 * a new version. Runs outside the DJL gradient group, beside training.
 */
@Component
public class DatasetImportHandler extends AbstractJobHandler<DatasetImportRequest> {

    public static final String KIND = "dataset-import";

    private final BuiltinDatasets builtins;
    private final DatasetService datasets;

    DatasetImportHandler(BuiltinDatasets builtins, DatasetService datasets) {
        super(KIND, DatasetImportRequest.class);
        this.builtins = builtins;
        this.datasets = datasets;
    }

    /** The result: the stored version. */
    /**
     * The result. {@code created} is false when this name already had a version with the same content and
     * split: that version is returned and nothing new is stored.
     */
    @Schema(name = "DatasetImportResult")
    public record Result(long datasetId, String name, int version, boolean downloaded, int trainSize, int valSize,
            int testSize, boolean created) {
    }

    @Override
    public Object run(DatasetImportRequest request, JobContext context) throws Exception {
        SplitOptions options = SplitOptions.of(request.splitSeed(), request.valFraction(), request.testFraction());
        context.progress(0.05, builtins.cached(request.name()) ? "reading cached raw files" : "fetching raw files");
        BuiltinDatasets.Fetched fetched = builtins.fetch(request.name());
        context.checkCancelled();
        context.progress(0.5, "splitting and storing");
        String source = "builtin:" + request.name();
        DatasetService.Imported imported = fetched.table() != null
                ? datasets.importTable(request.name(), source, fetched.table(), options)
                : datasets.importImages(request.name(), source, fetched.train(), fetched.test(), options);
        DatasetVersion v = imported.version();
        // Params were written at submit; the test fraction the stored version has (a built-in test split
        // keeps its own size) is learnt only now, so it is a tag.
        context.setTags(Map.of("dataset.testFraction", Double.toString(v.testFraction()),
                "dataset.version", Integer.toString(v.version())));
        context.progress(1.0, (imported.created() ? "stored " : "unchanged, already stored as ") + v.name() + " v"
                + v.version());
        return new Result(v.id(), v.name(), v.version(), fetched.downloaded(), v.trainSize(), v.valSize(),
                v.testSize(), imported.created());
    }
}
