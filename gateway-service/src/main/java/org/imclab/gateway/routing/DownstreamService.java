package org.imclab.gateway.routing;

import java.net.URI;
import java.util.List;
import java.util.function.Function;
import org.imclab.gateway.web.GatewaySettings;

/**
 * The services behind the gateway and the top-level /api/v1 resources each one owns
 * (docs/architecture.md, API conventions). Adding a resource to a service means adding its name here.
 */
public enum DownstreamService {
    TRAINING("training", GatewaySettings::trainingUrl,
            List.of("datasets", "dataset-imports", "models", "training-jobs", "basisn-jobs", "basisn-sweeps", "experiments", "runs",
                    "artifacts")),
    HWSIM("hwsim", GatewaySettings::hwsimUrl, List.of("simulations", "crossbar-presets")),
    PRUNING("pruning", GatewaySettings::pruningUrl, List.of("pruning-jobs", "active-learning"));

    private final String id;
    private final Function<GatewaySettings, URI> url;
    private final List<String> resources;

    DownstreamService(String id, Function<GatewaySettings, URI> url, List<String> resources) {
        this.id = id;
        this.url = url;
        this.resources = resources;
    }

    public String id() {
        return id;
    }

    public URI url(GatewaySettings settings) {
        return url.apply(settings);
    }

    public List<String> resources() {
        return resources;
    }
}
