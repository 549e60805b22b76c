package org.imclab.training.jobs;

import org.imclab.common.jobs.AbstractJobHandler;
import org.imclab.common.nn.training.TrainingMeters;
import org.imclab.training.datasets.DatasetService;
import org.imclab.training.models.ModelLoader;
import org.imclab.training.models.ModelRegistry;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A job that trains on a stored data set and registers the model it makes (kinds {@code training} and
 * {@code basisn}): it opens a gradient collector, so it runs in the DJL gradient group, and it holds the
 * data sets, the model registry and loader, and the training meters where the service has them.
 *
 * @param <R> the request record the job was submitted with
 */
public abstract class ModelTrainingHandler<R> extends AbstractJobHandler<R> {

    /** A running job reports its batch progress at most this often. */
    protected static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    protected final DatasetService datasets;
    protected final ModelRegistry models;
    protected final ModelLoader loader;
    // Setter-injected so the constructors (and workers built by hand in tests) stay as they are.
    private TrainingMeters meters = TrainingMeters.none();

    protected ModelTrainingHandler(String kind, Class<R> requestType, DatasetService datasets, ModelRegistry models,
            ModelLoader loader) {
        super(kind, requestType, DJL_GRADIENT, 1);
        this.datasets = datasets;
        this.models = models;
        this.loader = loader;
    }

    @Autowired(required = false)
    public void setTrainingMeters(TrainingMeters meters) {
        this.meters = meters;
    }

    protected TrainingMeters meters() {
        return meters;
    }
}
