package org.imclab.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/k8s without a cluster: every overlay is rendered with {@code kubectl kustomize} (the kustomize a
 * real install uses), every rendered object is read into fabric8's typed Kubernetes API model with unknown
 * or mistyped fields rejected, the CRD objects (KEDA, CloudNativePG) get a structural check of their own,
 * and the deployment policies are asserted: only the gateway is exposed, every container has probes,
 * requests and limits, nothing runs as root, network policies admit only the intended callers, and the
 * grace period covers the drain.
 *
 * <p>Needs kubectl on the PATH (or {@code -Dimclab.kubectl=/path}); without it the test is skipped with a
 * message, unless {@code -Dimclab.k8s.require=true} (.ci/run's k8s section, which installs kubectl).
 */
class K8sManifestsTest {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path OVERLAYS = ROOT.resolve("deploy/k8s/overlays");
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** The Secrets docs/deploy.md tells the user to create; nothing else may be referenced. */
    static final Set<String> DOCUMENTED_SECRETS = Set.of("imclab-secrets", "imclab-db-credentials");
    static final Set<String> WORKERS = Set.of("training", "hwsim", "pruning");

    static String kubectl;

    static void requireKubectl() {
        String configured = System.getProperty("imclab.kubectl", "");
        kubectl = configured.isBlank() ? onPath("kubectl") : configured;
        boolean required = Boolean.getBoolean("imclab.k8s.require");
        if (kubectl == null) {
            if (required) {
                fail("kubectl is not installed, and -Dimclab.k8s.require=true: .ci/run installs Debian's kubernetes-client");
            }
            Assumptions.abort("SKIPPED: kubectl not on PATH; deploy/k8s is validated by .ci/run's k8s section "
                    + "(apt-get install kubernetes-client), or run this test with -Dimclab.kubectl=/path/to/kubectl");
        }
    }

    static Stream<String> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(OVERLAYS)) {
            List<String> names = dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
            assertThat(names).contains("single-node", "production");
            return names.stream();
        }
    }

    /** One rendered overlay: typed objects for the built-in kinds, raw maps for the custom resources. */
    record Rendered(String overlay, List<HasMetadata> typed, List<Map<String, Object>> custom) {

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return typed.stream().filter(type::isInstance).map(type::cast).toList();
        }

        List<Map<String, Object>> custom(String kind) {
            return custom.stream().filter(m -> kind.equals(m.get("kind"))).toList();
        }

        Map<String, String> config() {
            List<ConfigMap> cms = all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals("imclab-config")).toList();
            assertThat(cms).as("%s: ConfigMap imclab-config", overlay).hasSize(1);
            return cms.get(0).getData();
        }
    }

    static Rendered render(String overlay) throws Exception {
        requireKubectl();
        Path out = Files.createTempFile("k8s-" + overlay, ".yaml");
        Path err = Files.createTempFile("k8s-" + overlay, ".err");
        try {
            Process p = new ProcessBuilder(kubectl, "kustomize", OVERLAYS.resolve(overlay).toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("kubectl kustomize %s finishes", overlay).isTrue();
            assertThat(p.exitValue()).as("kubectl kustomize %s: %s", overlay, Files.readString(err)).isZero();
            String yaml = Files.readString(out, StandardCharsets.UTF_8);
            List<HasMetadata> typed = new ArrayList<>();
            List<Map<String, Object>> custom = new ArrayList<>();
            for (Object doc : new Yaml().loadAll(yaml)) {
                if (doc == null) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) doc;
                String apiVersion = (String) m.get("apiVersion");
                String kind = (String) m.get("kind");
                String where = overlay + ": " + kind + " " + ((Map<?, ?>) m.get("metadata")).get("name");
                Class<? extends KubernetesResource> type = SERIALIZATION.getRegisteredKubernetesResource(apiVersion, kind);
                if (type == null) {
                    custom.add(m);
                    continue;
                }
                KubernetesResource obj = SERIALIZATION.convertValue(m, type);
                List<String> unknown = new ArrayList<>();
                unknownFields(obj, kind, unknown);
                assertThat(unknown).as("%s: fields the %s API does not have (or of the wrong type)", where, apiVersion).isEmpty();
                typed.add((HasMetadata) obj);
            }
            assertThat(typed).as("%s renders objects", overlay).isNotEmpty();
            return new Rendered(overlay, typed, custom);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * fabric8's model keeps any field it has no property for (and, by default, a value of the wrong type) in
     * additionalProperties instead of failing; the API server would reject or drop it. Any entry there is
     * therefore a field the Kubernetes API does not know.
     */
    static void unknownFields(Object node, String path, List<String> out) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> c) {
            int i = 0;
            for (Object o : c) {
                unknownFields(o, path + "[" + i++ + "]", out);
            }
            return;
        }
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, out));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method get : node.getClass().getMethods()) {
            if (get.getParameterCount() != 0 || Modifier.isStatic(get.getModifiers())
                    || !(get.getName().startsWith("get") || get.getName().startsWith("is"))
                    || get.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = get.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (get.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add(path + ": " + extra.keySet());
                }
            } else if (!(value instanceof Quantity)) {
                unknownFields(value, path + "." + get.getName().replaceFirst("^(get|is)", ""), out);
            }
        }
    }

    /** The validator itself: misspelt fields and values of the wrong type are caught, not dropped. */
    @Test
    void theValidatorRejectsFieldsTheApiDoesNotHave() {
        Map<String, Object> doc = new Yaml().load("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: typo}
                spec:
                  replica: 2
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i
                          livenesProbe: {httpGet: {path: /, port: 80}}
                          resources: {limits: {memory: 1Gi}}
                """);
        KubernetesResource obj = SERIALIZATION.convertValue(doc, SERIALIZATION.getRegisteredKubernetesResource("apps/v1", "Deployment"));
        List<String> unknown = new ArrayList<>();
        unknownFields(obj, "Deployment", unknown);
        assertThat(String.join("\n", unknown)).contains("replica").contains("livenesProbe");
        // A kind the model does not know is a custom resource, routed to the structural checks.
        assertThat(SERIALIZATION.getRegisteredKubernetesResource("keda.sh/v1alpha1", "ScaledObject")).isNull();
    }

    static List<PodTemplateSpec> podTemplates(Rendered r) {
        List<PodTemplateSpec> out = new ArrayList<>();
        r.all(Deployment.class).forEach(d -> out.add(d.getSpec().getTemplate()));
        r.all(io.fabric8.kubernetes.api.model.apps.StatefulSet.class).forEach(s -> out.add(s.getSpec().getTemplate()));
        r.all(io.fabric8.kubernetes.api.model.apps.DaemonSet.class).forEach(s -> out.add(s.getSpec().getTemplate()));
        r.all(io.fabric8.kubernetes.api.model.batch.v1.Job.class).forEach(s -> out.add(s.getSpec().getTemplate()));
        return out;
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> match = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        boolean ok = match.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        if (selector.getMatchExpressions() != null) {
            for (var ex : selector.getMatchExpressions()) {
                String v = labels.get(ex.getKey());
                ok &= switch (ex.getOperator()) {
                    case "In" -> v != null && ex.getValues().contains(v);
                    case "NotIn" -> v == null || !ex.getValues().contains(v);
                    case "Exists" -> v != null;
                    case "DoesNotExist" -> v == null;
                    default -> throw new AssertionError("unknown selector operator " + ex.getOperator());
                };
            }
        }
        return ok;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void overlayRendersIntoValidObjectsThatReferToEachOther(String overlay) throws Exception {
        Rendered r = render(overlay);
        Map<String, String> config = r.config();
        Set<String> configMaps = Set.copyOf(r.all(ConfigMap.class).stream().map(c -> c.getMetadata().getName()).toList());
        List<Deployment> deployments = r.all(Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("gateway", "training", "hwsim", "pruning");
        for (HasMetadata o : r.typed()) {
            if (!(o instanceof io.fabric8.kubernetes.api.model.Namespace)) {
                assertThat(o.getMetadata().getNamespace()).as("%s %s namespace", overlay, o.getMetadata().getName()).isEqualTo("imclab");
            }
        }
        for (Deployment d : deployments) {
            String name = d.getMetadata().getName();
            PodTemplateSpec t = d.getSpec().getTemplate();
            assertThat(selects(d.getSpec().getSelector(), t.getMetadata().getLabels())).as("%s selector matches its pods", name).isTrue();
            for (Container c : t.getSpec().getContainers()) {
                assertThat(c.getImage()).as("%s image", name).matches("[a-z0-9./-]+/[a-z-]+-service(:[A-Za-z0-9._-]+)?");
                for (var from : c.getEnvFrom()) {
                    assertThat(configMaps).as("%s envFrom ConfigMap", name).contains(from.getConfigMapRef().getName());
                }
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        assertThat(DOCUMENTED_SECRETS).as("%s %s: Secret documented in docs/deploy.md", name, e.getName())
                                .contains(e.getValueFrom().getSecretKeyRef().getName());
                        assertThat(e.getValueFrom().getSecretKeyRef().getOptional()).as("%s %s: a missing Secret must stop the pod", name, e.getName())
                                .isNotEqualTo(Boolean.TRUE);
                    }
                }
                // Quantities must parse the way the API server parses them.
                c.getResources().getLimits().values().forEach(Quantity::getNumericalAmount);
                c.getResources().getRequests().values().forEach(Quantity::getNumericalAmount);
            }
            // Every Deployment has a Service and a PodDisruptionBudget that select its pods.
            assertThat(r.all(Service.class)).as("%s Service", name)
                    .anyMatch(s -> s.getSpec().getSelector() != null && t.getMetadata().getLabels().entrySet().containsAll(s.getSpec().getSelector().entrySet()));
            assertThat(r.all(PodDisruptionBudget.class)).as("%s PDB", name)
                    .anyMatch(p -> selects(p.getSpec().getSelector(), t.getMetadata().getLabels()));
        }
        // No secret value is committed: no Secret object is rendered at all (docs/deploy.md creates them).
        assertThat(r.all(io.fabric8.kubernetes.api.model.Secret.class)).as("Secrets in %s", overlay).isEmpty();
        assertThat(config.get("IMCLAB_DB_URL")).startsWith("jdbc:postgresql://");
        checkCustomResources(r, config);
    }

    /**
     * KEDA and CloudNativePG objects are custom resources whose schemas fabric8's core model does not carry:
     * a structural check of the fields these manifests use, with unknown top-level spec fields rejected.
     */
    @SuppressWarnings("unchecked")
    static void checkCustomResources(Rendered r, Map<String, String> config) {
        Set<String> known = Set.of("keda.sh/v1alpha1/ScaledObject", "keda.sh/v1alpha1/TriggerAuthentication",
                "postgresql.cnpg.io/v1/Cluster");
        for (Map<String, Object> m : r.custom()) {
            assertThat(known).as("%s: custom resource with a structural check here", r.overlay()).contains(m.get("apiVersion") + "/" + m.get("kind"));
        }
        Set<String> deployments = Set.copyOf(r.all(Deployment.class).stream().map(d -> d.getMetadata().getName()).toList());
        Set<String> triggerAuths = Set.copyOf(r.custom("TriggerAuthentication").stream()
                .map(m -> (String) ((Map<String, Object>) m.get("metadata")).get("name")).toList());
        for (Map<String, Object> ta : r.custom("TriggerAuthentication")) {
            Map<String, Object> spec = (Map<String, Object>) ta.get("spec");
            assertThat(spec.keySet()).isSubsetOf("secretTargetRef", "env", "configMapTargetRef", "podIdentity", "hashiCorpVault",
                    "azureKeyVault", "awsSecretManager", "gcpSecretManager", "boundServiceAccountToken");
            for (Map<String, Object> ref : (List<Map<String, Object>>) spec.get("secretTargetRef")) {
                assertThat(ref.keySet()).containsExactlyInAnyOrder("parameter", "name", "key");
                assertThat(DOCUMENTED_SECRETS).contains((String) ref.get("name"));
            }
        }
        Set<String> scaled = new java.util.HashSet<>();
        for (Map<String, Object> so : r.custom("ScaledObject")) {
            Map<String, Object> spec = (Map<String, Object>) so.get("spec");
            assertThat(spec.keySet()).isSubsetOf("scaleTargetRef", "minReplicaCount", "maxReplicaCount", "idleReplicaCount",
                    "pollingInterval", "cooldownPeriod", "initialCooldownPeriod", "advanced", "triggers", "fallback");
            String target = (String) ((Map<String, Object>) spec.get("scaleTargetRef")).get("name");
            assertThat(deployments).as("ScaledObject target").contains(target);
            assertThat(WORKERS).as("only worker services scale on the queue").contains(target);
            scaled.add(target);
            int min = (Integer) spec.get("minReplicaCount");
            int max = (Integer) spec.get("maxReplicaCount");
            assertThat(min).isBetween(0, max);
            List<Map<String, Object>> triggers = (List<Map<String, Object>>) spec.get("triggers");
            assertThat(triggers).hasSize(1);
            Map<String, Object> trigger = triggers.get(0);
            assertThat(trigger.get("type")).isEqualTo("postgresql");
            Map<String, String> md = (Map<String, String>) trigger.get("metadata");
            assertThat(md.keySet()).containsAll(List.of("host", "port", "dbName", "userName", "query", "targetQueryValue"));
            md.values().forEach(v -> assertThat(v).as("KEDA metadata values are strings").isInstanceOf(String.class));
            assertThat(Double.parseDouble(md.get("targetQueryValue"))).isPositive();
            // The query counts this service's own QUEUED and RUNNING jobs in the shared queue table.
            assertThat(md.get("query")).contains("FROM jobs.job", "service = '" + target + "'", "'QUEUED'", "'RUNNING'");
            // ... in the same database the services use.
            assertThat(config.get("IMCLAB_DB_URL")).contains("//" + md.get("host").split("\\.")[0] + ":" + md.get("port") + "/" + md.get("dbName"));
            assertThat(triggerAuths).contains((String) ((Map<String, Object>) trigger.get("authenticationRef")).get("name"));
        }
        if (!scaled.isEmpty()) {
            assertThat(scaled).as("a ScaledObject per worker service").isEqualTo(WORKERS);
            for (String w : WORKERS) {
                Deployment d = r.all(Deployment.class).stream().filter(x -> x.getMetadata().getName().equals(w)).findFirst().orElseThrow();
                assertThat(d.getSpec().getReplicas()).as("%s replicas are KEDA's, not the Deployment's", w).isNull();
            }
        }
        for (Map<String, Object> cluster : r.custom("Cluster")) {
            Map<String, Object> spec = (Map<String, Object>) cluster.get("spec");
            assertThat(spec.keySet()).isSubsetOf("instances", "imageName", "primaryUpdateStrategy", "affinity", "bootstrap",
                    "postgresql", "resources", "storage", "walStorage", "backup", "monitoring", "enableSuperuserAccess",
                    "superuserSecret", "minSyncReplicas", "maxSyncReplicas", "description", "inheritedMetadata");
            assertThat(spec.get("instances")).isEqualTo(3);
            Map<String, Object> initdb = (Map<String, Object>) ((Map<String, Object>) spec.get("bootstrap")).get("initdb");
            assertThat(((Map<String, Object>) initdb.get("secret")).get("name")).isEqualTo("imclab-db-credentials");
            new Quantity((String) ((Map<String, Object>) spec.get("storage")).get("size")).getNumericalAmount();
            String name = (String) ((Map<String, Object>) cluster.get("metadata")).get("name");
            assertThat(config.get("IMCLAB_DB_URL")).as("services use the cluster's read-write Service")
                    .startsWith("jdbc:postgresql://" + name + "-rw:5432/" + initdb.get("database"));
            assertThat(r.all(NetworkPolicy.class)).as("a NetworkPolicy guards the database pods")
                    .anyMatch(p -> selects(p.getSpec().getPodSelector(), Map.of("cnpg.io/cluster", name)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void onlyTheGatewayIsExposed(String overlay) throws Exception {
        Rendered r = render(overlay);
        for (Service s : r.all(Service.class)) {
            String type = Objects.requireNonNullElse(s.getSpec().getType(), "ClusterIP");
            if (!s.getMetadata().getName().equals("gateway")) {
                assertThat(type).as("%s: Service %s type", overlay, s.getMetadata().getName()).isIn("ClusterIP");
                assertThat(s.getSpec().getExternalIPs()).as("%s externalIPs", s.getMetadata().getName()).isNullOrEmpty();
            }
        }
        for (Ingress ing : r.all(Ingress.class)) {
            List<IngressBackend> backends = new ArrayList<>();
            if (ing.getSpec().getDefaultBackend() != null) {
                backends.add(ing.getSpec().getDefaultBackend());
            }
            ing.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(p -> backends.add(p.getBackend())));
            assertThat(backends).isNotEmpty();
            for (IngressBackend b : backends) {
                assertThat(b.getService().getName()).as("%s: Ingress %s backend", overlay, ing.getMetadata().getName()).isEqualTo("gateway");
            }
        }
        for (PodTemplateSpec t : podTemplates(r)) {
            assertThat(t.getSpec().getHostNetwork()).isNotEqualTo(Boolean.TRUE);
            t.getSpec().getContainers().forEach(c -> c.getPorts().forEach(p -> assertThat(p.getHostPort()).as("%s hostPort", c.getName()).isNull()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyContainerHasProbesAndLimitsAndNothingRunsAsRoot(String overlay) throws Exception {
        Rendered r = render(overlay);
        assertThat(podTemplates(r)).isNotEmpty();
        for (PodTemplateSpec t : podTemplates(r)) {
            PodSecurityContext pod = t.getSpec().getSecurityContext();
            List<Container> all = new ArrayList<>(t.getSpec().getContainers());
            all.addAll(t.getSpec().getInitContainers());
            for (Container c : all) {
                String where = overlay + ": container " + c.getName();
                SecurityContext sc = c.getSecurityContext();
                boolean nonRoot = Boolean.TRUE.equals(sc != null && sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot()
                        : pod == null ? null : pod.getRunAsNonRoot());
                assertThat(nonRoot).as("%s runAsNonRoot", where).isTrue();
                Long uid = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser() : pod == null ? null : pod.getRunAsUser();
                assertThat(uid).as("%s runAsUser: numeric, so the kubelet can verify it is not root", where).isNotNull().isPositive();
                assertThat(sc).as("%s securityContext", where).isNotNull();
                assertThat(sc.getPrivileged()).as("%s privileged", where).isNotEqualTo(Boolean.TRUE);
                assertThat(sc.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", where).isFalse();
                assertThat(sc.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", where).isTrue();
                assertThat(sc.getCapabilities().getDrop()).as("%s capabilities", where).contains("ALL");
                assertThat(sc.getCapabilities().getAdd()).as("%s added capabilities", where).isNullOrEmpty();
                // A read-only root needs somewhere to write: the JVM's /tmp and IMCLAB_HOME on emptyDir.
                Map<String, Volume> volumes = new LinkedHashMap<>();
                t.getSpec().getVolumes().forEach(v -> volumes.put(v.getName(), v));
                List<String> writable = c.getVolumeMounts().stream()
                        .filter(m -> volumes.get(m.getName()).getEmptyDir() != null).map(m -> m.getMountPath()).toList();
                assertThat(writable).as("%s writable mounts", where).contains("/tmp");
                assertThat(writable).as("%s IMCLAB_HOME is writable", where)
                        .anyMatch(p -> r.config().get("IMCLAB_HOME").startsWith(p + "/") || r.config().get("IMCLAB_HOME").equals(p));

                assertThat(c.getLivenessProbe()).as("%s livenessProbe", where).isNotNull();
                assertThat(c.getReadinessProbe()).as("%s readinessProbe", where).isNotNull();
                assertThat(c.getLivenessProbe().getHttpGet().getPath()).as("%s liveness group", where).isEqualTo("/actuator/health/liveness");
                assertThat(c.getReadinessProbe().getHttpGet().getPath()).as("%s readiness group", where).isEqualTo("/actuator/health/readiness");
                assertThat(c.getResources().getLimits()).as("%s limits", where).containsKeys("cpu", "memory");
                assertThat(c.getResources().getRequests()).as("%s requests", where).containsKeys("cpu", "memory");
                for (String res : List.of("cpu", "memory")) {
                    assertThat(c.getResources().getRequests().get(res).getNumericalAmount())
                            .as("%s %s request <= limit", where, res)
                            .isLessThanOrEqualTo(c.getResources().getLimits().get(res).getNumericalAmount());
                }
                // The heap must fit the memory limit with room for DJL's native memory and metaspace.
                String javaOpts = c.getEnv().stream().filter(e -> e.getName().equals("JAVA_OPTS")).map(EnvVar::getValue).findFirst().orElseThrow();
                var xmx = java.util.regex.Pattern.compile("-Xmx(\\d+)([mg])").matcher(javaOpts);
                assertThat(xmx.find()).as("%s sets -Xmx", where).isTrue();
                long heap = Long.parseLong(xmx.group(1)) * (xmx.group(2).equals("g") ? 1L << 30 : 1L << 20);
                assertThat(c.getResources().getLimits().get("memory").getNumericalAmount().longValue())
                        .as("%s memory limit vs -Xmx", where).isGreaterThanOrEqualTo(heap + heap / 4);
            }
        }
    }

    /**
     * SIGTERM to exit must fit terminationGracePeriodSeconds: the preStop sleep, the job drain (workers only:
     * JobWorker.stop waits for a step boundary) and Spring's web drain, each bounded by its setting.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void gracePeriodCoversTheDrain(String overlay) throws Exception {
        Rendered r = render(overlay);
        Map<String, String> config = r.config();
        assertThat(config.get("SERVER_SHUTDOWN")).isEqualTo("graceful");
        long phase = seconds(config.get("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE"));
        long drain = seconds(config.get("IMCLAB_WORKER_DRAINTIMEOUT"));
        for (Deployment d : r.all(Deployment.class)) {
            var spec = d.getSpec().getTemplate().getSpec();
            Container c = spec.getContainers().get(0);
            long preStop = 0;
            if (c.getLifecycle() != null && c.getLifecycle().getPreStop() != null) {
                String cmd = String.join(" ", c.getLifecycle().getPreStop().getExec().getCommand());
                var m = java.util.regex.Pattern.compile("sleep (\\d+)").matcher(cmd);
                assertThat(m.find()).as("preStop is a sleep").isTrue();
                preStop = Long.parseLong(m.group(1));
            }
            long needed = preStop + phase + (WORKERS.contains(d.getMetadata().getName()) ? drain : 0);
            assertThat(spec.getTerminationGracePeriodSeconds()).as("%s: grace period vs preStop %d + drain + web %d", d.getMetadata().getName(), preStop, phase)
                    .isGreaterThan(needed);
        }
    }

    static long seconds(String springDuration) {
        assertThat(springDuration).matches("\\d+s");
        return Duration.ofSeconds(Long.parseLong(springDuration.substring(0, springDuration.length() - 1))).toSeconds();
    }

    /** Only the gateway may reach the services (and hwsim/pruning reach training's registry); default deny. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void networkPoliciesAdmitOnlyTheIntendedCallers(String overlay) throws Exception {
        Rendered r = render(overlay);
        List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
        assertThat(policies).as("default deny: every pod, ingress, no rule").anyMatch(p -> isNullOrEmpty(p.getSpec().getPodSelector().getMatchLabels())
                && isNullOrEmpty(p.getSpec().getPodSelector().getMatchExpressions()) && isNullOrEmpty(p.getSpec().getIngress())
                && p.getSpec().getPolicyTypes().contains("Ingress"));
        Map<String, Set<String>> allowedCallers = Map.of(
                "training", Set.of("gateway", "hwsim", "pruning"),
                "hwsim", Set.of("gateway"),
                "pruning", Set.of("gateway"));
        for (Deployment d : r.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            List<NetworkPolicyPeer> peers = new ArrayList<>();
            boolean anySource = false;
            for (NetworkPolicy p : policies) {
                if (!selects(p.getSpec().getPodSelector(), labels)) {
                    continue;
                }
                for (var rule : p.getSpec().getIngress()) {
                    if (rule.getFrom().isEmpty()) {
                        anySource = true;
                    }
                    peers.addAll(rule.getFrom());
                }
            }
            if (name.equals("gateway")) {
                assertThat(anySource).as("the gateway is reachable").isTrue();
                continue;
            }
            assertThat(anySource).as("%s: a rule without `from` would admit anything", name).isFalse();
            for (NetworkPolicyPeer peer : peers) {
                assertThat(peer.getNamespaceSelector()).as("%s: no other namespace", name).isNull();
                assertThat(peer.getIpBlock()).as("%s: no IP ranges", name).isNull();
                String caller = peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name");
                assertThat(allowedCallers.get(name)).as("%s admits %s", name, caller).contains(caller);
            }
        }
    }

    private static boolean isNullOrEmpty(Object o) {
        return o == null || (o instanceof Map<?, ?> m && m.isEmpty()) || (o instanceof Collection<?> c && c.isEmpty());
    }

    private static String onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, exe);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }
}
